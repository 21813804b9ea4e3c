/** Helpers for the engine's tests: small setups, actors, and apply-or-fail shortcuts. */
import { applyPatches } from "immer";
import { expect } from "vitest";
import { applyCommand } from "./apply";
import type { Actor, Command } from "./commands";
import { createInteraction } from "./create";
import type { EngineErrorCode } from "./errors";
import type { ApplyResult } from "./result";
import type { ActionDef, CharacterSheet, InteractionSetup, MapObject, Participant } from "./setup";
import { recentLog, type InteractionState } from "./state";
import { eventsFor, filterPatches, viewFor } from "./view";

export const DM: Actor = { userId: "dm", role: "dm" };
export const P1: Actor = { userId: "p1", role: "player" };
export const P2: Actor = { userId: "p2", role: "player" };
export const ADMIN: Actor = { userId: "admin", role: "admin" };

export function sheet(name: string, over: Partial<CharacterSheet> = {}): CharacterSheet {
  const s: CharacterSheet = {
    name,
    kind: "pc",
    level: 1,
    xp: 0,
    maxHp: 20,
    ac: 12,
    speed: 30,
    abilities: { str: 2, dex: 2, con: 1, int: 0, wis: 1, cha: 0 },
    inventory: [{ id: "sword", name: "Sword", type: "weapon", equipped: true }],
    actions: [
      {
        id: "sword",
        name: "Sword",
        kind: "attack",
        toHit: 20,
        damage: "1d6+2",
        damageType: "slashing",
        range: 5,
        weaponId: "sword",
      },
      { id: "bow", name: "Bow", kind: "attack", toHit: 20, damage: "1d6", damageType: "piercing", range: 30 },
      { id: "dash", name: "Dash", kind: "dash" },
      { id: "dodge", name: "Dodge", kind: "dodge" },
      { id: "disengage", name: "Disengage", kind: "disengage" },
      { id: "help", name: "Help", kind: "help" },
    ],
    ...over,
  };
  // Another pack without the sword: the default sword attack needs none (a sheet may not name a missing weapon).
  const weapons = new Set(s.inventory.flatMap((i) => (i.type === "weapon" ? [i.id] : [])));
  if (over.inventory && !over.actions)
    s.actions = s.actions.map((a) =>
      a.kind === "attack" && a.weaponId !== undefined && !weapons.has(a.weaponId)
        ? { ...a, weaponId: undefined }
        : a,
    );
  return s;
}

export const pc = (
  id: string,
  owner: string,
  x: number,
  y: number,
  over: Partial<CharacterSheet> = {},
): Participant => ({
  entityId: id,
  sheet: sheet(id, { ownerUserId: owner, ...over }),
  side: "party",
  position: { x, y },
});
export const monster = (
  id: string,
  x: number,
  y: number,
  over: Partial<CharacterSheet> = {},
  hidden = false,
): Participant => ({
  entityId: id,
  sheet: sheet(id, { kind: "monster", xp: 50, maxHp: 10, ...over }),
  side: "enemy",
  position: { x, y },
  ...(hidden ? { hidden } : {}),
});

/** A 10×10 room: hero (p1) and ally (p2) on the left, a goblin on the right. */
export function room(over: Partial<InteractionSetup> = {}, objects: MapObject[] = []): InteractionSetup {
  return {
    id: "room",
    name: "Test room",
    kind: "combat",
    dmUserId: "dm",
    isTest: false,
    participants: [pc("hero", "p1", 1, 1), pc("ally", "p2", 1, 3), monster("gob", 6, 1)],
    map: { width: 10, height: 10, blocked: [], difficult: [], objects },
    ...over,
  };
}

export function ok(r: ApplyResult): Extract<ApplyResult, { ok: true }> {
  if (!r.ok) expect.fail(`expected the command to be accepted, got ${r.error.code}: ${r.error.message}`);
  return r;
}

export function act(s: InteractionState, c: Command, actor: Actor = DM, now = 1_000): InteractionState {
  return ok(applyCommand(s, c, { actor, now })).state;
}

export function refused(
  s: InteractionState,
  c: Command,
  actor: Actor,
  code: EngineErrorCode,
  now = 1_000,
): string {
  const r = applyCommand(s, c, { actor, now });
  if (r.ok) return expect.fail(`expected ${code}, but ${c.type} was accepted`);
  expect(r.error.code).toBe(
    r.error.code === code ? code : `${code} (got ${r.error.code}: ${r.error.message})`,
  );
  expect(r.error.message.length).toBeGreaterThan(10);
  return r.error.message;
}

/** Created, initiative fixed in the given order (first acts first), started. */
export function started(
  setup: InteractionSetup = room(),
  order = setup.participants.map((p) => p.entityId),
  seed = 1,
): InteractionState {
  let s = createInteraction(setup, { seed, now: 0 });
  order.forEach(
    (id, i) => (s = act(s, { type: "updateInitiative", entityId: id, initiative: 30 - i }, DM, 0)),
  );
  return act(s, { type: "start" }, DM, 0);
}

/** What the live server's turn timer acts as. */
export const SYSTEM: Actor = { userId: "system", role: "admin" };

/**
 * hero, gob, ally (p1 owns hero) started: p1 drops, hero's first turn times out, p1 is back,
 * and when gob ends its turn hero takes the make-up turn.
 */
export function heroMakeUpTurn(): InteractionState {
  let s = started(room(), ["hero", "gob", "ally"]);
  s = act(s, { type: "presence", userId: "p1", online: true }, P1, 10);
  s = act(s, { type: "presence", userId: "p1", online: false }, P1, 20);
  s = act(s, { type: "timeout", turnId: turnId(s) }, SYSTEM, 90_000);
  s = act(s, { type: "presence", userId: "p1", online: true }, P1, 90_100);
  return act(s, { type: "endTurn", turnId: turnId(s), entityId: "gob" }, DM, 90_200);
}

export const turnId = (s: InteractionState): number => s.turn?.id ?? -1;
export const hp = (s: InteractionState, id: string): number => s.entities[id]?.hp ?? NaN;
export const logText = (s: InteractionState): string =>
  recentLog(s.log)
    .map((l) => l.text)
    .join("\n");

const persuade: ActionDef = {
  id: "persuade",
  name: "Persuasion",
  kind: "check",
  ability: "cha",
  bonus: 2,
  dc: 10,
};
/** A neutral NPC (a parley's: it takes an attitude), hidden from the players if asked. */
export const npc = (id: string, name: string, x: number, y: number, hidden = false): Participant => ({
  entityId: id,
  sheet: sheet(name, { kind: "npc", actions: [{ id: "dodge", name: "Dodge", kind: "dodge" }] }),
  side: "neutral",
  position: { x, y },
  ...(hidden ? { hidden } : {}),
});

/**
 * A parley: the hero (p1, with a Persuasion check), the ally (p2), Mara in plain sight, Brenna
 * listening unseen, and a chest hidden next to the hero.
 */
export const parley = (): InteractionSetup =>
  room(
    {
      kind: "social",
      participants: [
        pc("hero", "p1", 1, 1, { actions: [persuade] }),
        pc("ally", "p2", 1, 3),
        npc("mara", "Mara", 4, 1),
        npc("brenna", "Brenna", 3, 3, true),
      ],
    },
    [
      {
        id: "chest",
        name: "chest",
        kind: "chest",
        position: { x: 2, y: 1 },
        open: false,
        locked: false,
        loot: [{ id: "ring", name: "Ring", type: "gear" }],
        hidden: true,
      },
    ],
  );

/**
 * The DM's command applied, and what a player's client holds after it: its old view with its
 * filtered patches applied (checked equal to the new state's player view), and the log lines it reads.
 */
export function playerSees(before: InteractionState, c: Command, actor: Actor = DM) {
  const r = ok(applyCommand(before, c, { actor, now: 5_000 }));
  const patches = filterPatches(r.patches, before, r.state, "player");
  const view = applyPatches(viewFor(before, "player"), patches);
  expect(view).toEqual(viewFor(r.state, "player"));
  const lines = eventsFor(r.events, "player").flatMap((e) => (e.type === "log" ? [e.entry.text] : []));
  return { r, view, lines, patches };
}
