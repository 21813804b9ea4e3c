/// <reference types="vite/client" />
// Shared by the convex-test suites (the two dots keep it out of the deployed modules).
import { convexTest } from "convex-test";
import { ConvexError } from "convex/values";
import { expect, vi } from "vitest";
import { api as apiRef } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import type { AppErrorData, ErrorKind } from "./errors";
import schema from "./schema";
import type { ActionDef, CharacterSheetInput, GameMap, Item } from "./validators";

export const modules = import.meta.glob(["./**/*.ts", "./**/*.js", "!./**/*.*.*"]);

export const SECRET = "test-service-secret-with-enough-entropy";

/** `transactionLimits` enforces Convex's per-function limits, lowered where a test asks. */
export function newBackend(transactionLimits?: { bytesRead?: number }) {
  vi.stubEnv("CONVEX_SERVICE_SECRET", SECRET);
  return transactionLimits === undefined
    ? convexTest(schema, modules)
    : convexTest({ schema, modules, transactionLimits });
}
export type Backend = ReturnType<typeof newBackend>;

export const DM = { subject: "user_dm", name: "Dana the DM" };
export const P1 = { subject: "user_p1", name: "Pat" };
export const P2 = { subject: "user_p2", name: "Quinn" };
export const OTHER_DM = { subject: "user_dm2", name: "Other DM" };
export const ADMIN = { subject: "user_admin", name: "Ada", role: "admin" };

/** Resolves to the ConvexError's data, failing the test if the call succeeded or threw something else. */
export async function errorOf(call: Promise<unknown>): Promise<AppErrorData> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, "expected the call to fail").toBeInstanceOf(ConvexError);
  return (err as ConvexError<AppErrorData>).data;
}

export async function expectKind(call: Promise<unknown>, kind: ErrorKind, message?: RegExp): Promise<void> {
  const data = await errorOf(call);
  expect(data.kind).toBe(kind);
  if (message) expect(data.message).toMatch(message);
}

export function fighter(name = "Brenna"): CharacterSheetInput {
  return {
    name,
    kind: "pc",
    level: 3,
    xp: 900,
    maxHp: 28,
    ac: 16,
    speed: 30,
    abilities: { str: 3, dex: 1, con: 2, int: 0, wis: 1, cha: -1 },
    inventory: [
      { id: "longsword", name: "Longsword", type: "weapon", equipped: true },
      {
        id: "potion",
        name: "Potion of Healing",
        type: "consumable",
        charges: 1,
        effect: { kind: "heal", amount: "2d4+2" },
      },
    ],
    actions: [
      {
        id: "slash",
        name: "Longsword",
        kind: "attack",
        toHit: 5,
        damage: "1d8+3",
        damageType: "slashing",
        range: 5,
        weaponId: "longsword",
      },
      { id: "dodge", name: "Dodge", kind: "dodge" },
    ],
  };
}

export function goblin(name = "Goblin"): CharacterSheetInput {
  return {
    name,
    kind: "monster",
    level: 0,
    xp: 50,
    maxHp: 7,
    ac: 15,
    speed: 30,
    abilities: { str: -1, dex: 2, con: 0, int: 0, wis: -1, cha: -1 },
    inventory: [],
    actions: [
      {
        id: "scimitar",
        name: "Scimitar",
        kind: "attack",
        toHit: 4,
        damage: "1d6+2",
        damageType: "slashing",
        range: 5,
      },
    ],
  };
}

export function smallMap(): GameMap {
  return {
    width: 10,
    height: 8,
    blocked: [{ x: 5, y: 5 }],
    difficult: [{ x: 2, y: 2 }],
    objects: [
      {
        id: "door-1",
        name: "Oak door",
        kind: "door",
        position: { x: 9, y: 4 },
        open: false,
        locked: true,
        keyTag: "oak",
      },
    ],
  };
}

/** A DM with a goblin, a player with a PC, and a draft combat seating both. */
export async function draftWithParty(t: Backend) {
  const dm = t.withIdentity(DM);
  const p1 = t.withIdentity(P1);
  const pcId = await p1.mutation(apiRef.characters.create, { sheet: fighter() });
  const goblinId = await dm.mutation(apiRef.characters.create, { sheet: goblin() });
  const interactionId = await dm.mutation(apiRef.interactions.create, {
    name: "Goblin ambush",
    kind: "combat",
    participants: [
      { characterId: pcId, side: "party", position: { x: 1, y: 1 } },
      { characterId: goblinId, side: "enemy", position: { x: 6, y: 1 }, hidden: true },
      { characterId: goblinId, side: "enemy", position: { x: 7, y: 1 } },
    ],
    map: smallMap(),
  });
  const ids: { pcId: Id<"characters">; goblinId: Id<"characters">; interactionId: Id<"interactions"> } = {
    pcId,
    goblinId,
    interactionId,
  };
  return { dm, p1, ...ids };
}

/** `prefix` padded to `length` characters with `pad`: the longest names and ids the checks allow. */
export const long = (prefix: string, length: number, pad = "x"): string =>
  (prefix + pad.repeat(length)).slice(0, length);

/** The largest item the checks accept: gear with every field at its longest. */
export function maximalItem(i: number): Item {
  return {
    id: long(`item-${i}-`, 64),
    name: long(`Item ${i} `, 80),
    value: 1_000_000,
    type: "gear",
    tags: Array.from({ length: 10 }, (_, t) => long(`tag${t}-`, 40)),
  };
}

/** The largest action the checks accept: a spell with every part. */
export function maximalAction(i: number): ActionDef {
  return {
    id: long(`action-${i}-`, 64),
    name: long(`Action ${i} `, 80),
    cost: "action",
    uses: 20,
    kind: "spell",
    level: 9,
    range: 600,
    targets: { type: "enemy", max: 10 },
    area: { radius: 600 },
    attack: { toHit: 20 },
    save: { ability: "dex", dc: 40, half: true },
    damage: "99d100+999",
    damageType: long("radiant ", 80),
    heal: "99d100+999",
    condition: { name: "frightened", rounds: 10 },
  };
}

/** A sheet at every limit the checks allow: 50 of the largest items and 30 of the largest actions. */
export function maximalSheet(name: string, kind: CharacterSheetInput["kind"]): CharacterSheetInput {
  return {
    name: long(`${name} `, 80),
    kind,
    level: 30,
    xp: 1_000_000,
    maxHp: 10_000,
    ac: 40,
    speed: 600,
    abilities: { str: 15, dex: 15, con: 15, int: 15, wis: 15, cha: 15 },
    inventory: Array.from({ length: 50 }, (_, i) => maximalItem(i)),
    actions: Array.from({ length: 30 }, (_, i) => maximalAction(i)),
  };
}
