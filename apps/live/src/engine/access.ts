import type { Actor } from "./commands";
import { reject } from "./errors";
import type { Entity, InteractionState } from "./state";

/** The DM of this interaction, or an admin running a test interaction. */
export const runsFlow = (s: Pick<InteractionState, "dmUserId" | "isTest">, actor: Actor): boolean =>
  (actor.role === "dm" && actor.userId === s.dmUserId) || (actor.role === "admin" && s.isTest);

/** Players act for PCs they own; the DM for NPCs and monsters; admins for anyone in tests. */
export function controls(s: Pick<InteractionState, "dmUserId" | "isTest">, actor: Actor, e: Entity): boolean {
  if (actor.role === "admin") return s.isTest;
  if (e.kind === "pc") return e.ownerUserId === actor.userId;
  return actor.role === "dm" && actor.userId === s.dmUserId;
}

export function requireFlow(
  s: Pick<InteractionState, "dmUserId" | "isTest">,
  actor: Actor,
  what: string,
): void {
  if (!runsFlow(s, actor)) reject("FORBIDDEN", `Only the DM can ${what}.`);
}

export function requireEntity(s: Pick<InteractionState, "entities">, id: string): Entity {
  const e = s.entities[id];
  if (!e) return reject("INVALID_TARGET", `There is no one called ${id} here.`);
  return e;
}

export function requireControl(
  s: Pick<InteractionState, "dmUserId" | "isTest">,
  actor: Actor,
  e: Entity,
): void {
  if (controls(s, actor, e)) return;
  reject(
    "NOT_OWNER",
    e.kind === "pc" ? `Only ${e.name}'s player can act for ${e.name}.` : `Only the DM can act for ${e.name}.`,
  );
}

/** Everyone who belongs at this table: the DM, the PCs' players, and anyone who connected. */
export function members(s: Pick<InteractionState, "dmUserId" | "entities" | "presence">): string[] {
  const set = new Set<string>([s.dmUserId]);
  for (const e of Object.values(s.entities)) if (e.ownerUserId) set.add(e.ownerUserId);
  for (const u of Object.keys(s.presence)) set.add(u);
  return [...set];
}

export const isMember = (s: Pick<InteractionState, "dmUserId" | "entities">, userId: string): boolean =>
  userId === s.dmUserId || Object.values(s.entities).some((e) => e.ownerUserId === userId);
