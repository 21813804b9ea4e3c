import type { Actor, Command } from "../commands";
import type { Rng } from "../rng";
import type { Entity, InteractionState } from "../state";

/** A bot plays one seat (a player or the DM): asked for its next command, or null to wait. */
export interface Bot {
  readonly name: string;
  next(state: InteractionState, actor: Actor, rng: Rng): Command | null;
}

/** The seat that plays `e`: its owner for a PC, the DM otherwise. */
export const controllerOf = (s: InteractionState, e: Entity): Actor =>
  e.kind === "pc" && e.ownerUserId
    ? { userId: e.ownerUserId, role: "player" }
    : { userId: s.dmUserId, role: "dm" };

/** The entity whose turn it is, if `actor`'s seat plays it. */
export function myTurnEntity(s: InteractionState, actor: Actor): Entity | undefined {
  if (s.status !== "active" && s.status !== "awaiting_dm") return undefined;
  const e = s.turn ? s.entities[s.turn.entityId] : undefined;
  if (!e) return undefined;
  if (actor.role === "admin") return s.isTest ? e : undefined;
  const c = controllerOf(s, e);
  return c.userId === actor.userId &&
    (c.role === actor.role || (c.role === "player" && actor.role === "player"))
    ? e
    : undefined;
}
