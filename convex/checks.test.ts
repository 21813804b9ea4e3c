import fc from "fast-check";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { CharacterSheet, GameMap } from "../apps/live/src/engine/setup";
import { checkMap, checkSeats, checkSheet } from "./checks";
import type { ActionDef, CharacterSheetInput, GameMap as Map, Item, MapObject } from "./validators";

// Mostly valid values with the occasional one just past a bound, so most generated sheets
// have zero or one bad field and every limit gets tested on both sides.
const rare = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 24 }, { arbitrary: invalid, weight: 1 });
const num = (min: number, max: number) =>
  rare(
    fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)),
    fc.constantFrom(min - 1, max + 1, min + 0.5),
  );
const feet = rare(
  fc.integer({ min: 0, max: 120 }).map((n) => n * 5),
  fc.constantFrom(-5, 3, 32, 605),
);
const text = (max: number) =>
  rare(
    fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constant("x".repeat(max))),
    fc.constantFrom("", "y".repeat(max + 1)),
  );
/** Usually a short list, sometimes one entry longer than the limit. */
const list = <T>(of: fc.Arbitrary<T>, limit: number) =>
  rare(fc.array(of, { maxLength: 2 }), fc.array(of, { minLength: limit + 1, maxLength: limit + 1 }));
const dice = rare(
  fc.constantFrom("1d8+3", "2d6", "1d4-1", "5", "99d100+999", "0"),
  fc.constantFrom("d8", "1d7", "100d6", "lots", "1d20+1000", "", "1000"),
);

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ id: text(64), name: text(80), type: fc.constant("weapon" as const), equipped: fc.boolean() }),
  fc.record({
    id: text(64),
    name: text(80),
    type: fc.constant("armor" as const),
    equipped: fc.boolean(),
    acBonus: num(0, 10),
  }),
  fc.record({
    id: text(64),
    name: text(80),
    type: fc.constant("consumable" as const),
    charges: num(0, 99),
    effect: fc.oneof(
      fc.record({ kind: fc.constant("heal" as const), amount: dice }),
      fc.record({ kind: fc.constant("damage" as const), amount: dice, damageType: text(80), range: feet }),
    ),
  }),
  fc.record({
    id: text(64),
    name: text(80),
    type: fc.constant("gear" as const),
    value: num(0, 1_000_000),
    tags: list(text(40), 10),
  }),
);

const action: fc.Arbitrary<ActionDef> = fc.oneof(
  fc.record({
    id: text(64),
    name: text(80),
    kind: fc.constant("attack" as const),
    toHit: num(-5, 20),
    damage: dice,
    damageType: text(80),
    range: feet,
    uses: num(1, 20),
  }),
  fc.record({
    id: text(64),
    name: text(80),
    kind: fc.constant("spell" as const),
    level: num(0, 9),
    range: feet,
    targets: fc.record({
      type: fc.constantFrom("enemy" as const, "ally" as const, "any" as const, "self" as const),
      max: num(1, 10),
    }),
    save: fc.record({ ability: fc.constant("dex" as const), dc: num(1, 40), half: fc.boolean() }),
    heal: dice,
  }),
  fc.record({ id: text(64), name: text(80), kind: fc.constant("dodge" as const) }),
  fc.record({
    id: text(64),
    name: text(80),
    kind: fc.constant("check" as const),
    ability: fc.constant("cha" as const),
    bonus: num(-5, 20),
    dc: num(1, 40),
  }),
);

const sheet: fc.Arbitrary<CharacterSheetInput> = fc.record({
  name: text(80),
  kind: fc.constantFrom("pc" as const, "npc" as const, "monster" as const),
  level: num(0, 30),
  xp: num(0, 1_000_000),
  maxHp: num(1, 10_000),
  ac: num(0, 40),
  speed: feet,
  abilities: fc.record({
    str: num(-5, 15),
    dex: num(-5, 15),
    con: num(-5, 15),
    int: num(-5, 15),
    wis: num(-5, 15),
    cha: num(-5, 15),
  }),
  inventory: fc.array(item, { maxLength: 2 }),
  actions: fc.array(action, { maxLength: 2 }),
});

const position = rare(
  fc.record({ x: fc.integer({ min: 0, max: 9 }), y: fc.integer({ min: 0, max: 9 }) }),
  fc.constantFrom({ x: -1, y: 0 }, { x: 0, y: 100 }, { x: 1.5, y: 2 }, { x: 50, y: 50 }),
);
const side = rare(fc.integer({ min: 10, max: 100 }), fc.constantFrom(0, 101, 10.5, 5));
const mapObject: fc.Arbitrary<MapObject> = fc.oneof(
  fc.record({
    id: text(64),
    name: text(80),
    position,
    kind: fc.constant("door" as const),
    open: fc.boolean(),
    locked: fc.boolean(),
    keyTag: text(40),
  }),
  fc.record({
    id: text(64),
    name: text(80),
    position,
    kind: fc.constant("lever" as const),
    on: fc.boolean(),
    toggles: list(text(64), 10),
  }),
  fc.record({
    id: text(64),
    name: text(80),
    position,
    kind: fc.constant("trap" as const),
    armed: fc.boolean(),
    dc: num(1, 40),
    save: fc.constant("wis" as const),
    damage: dice,
  }),
);
const gameMap: fc.Arbitrary<Map> = fc.record({
  width: side,
  height: side,
  blocked: fc.array(position, { maxLength: 3 }),
  difficult: fc.array(position, { maxLength: 3 }),
  objects: fc.array(mapObject, { maxLength: 3 }),
});

function accepts(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(ConvexError);
    return false;
  }
}

describe("checks mirror the engine's zod bounds", () => {
  test("property: checkSheet accepts a sheet exactly when the engine's CharacterSheet does", () => {
    fc.assert(
      fc.property(sheet, (s) => {
        expect(accepts(() => checkSheet(s))).toBe(CharacterSheet.safeParse(s).success);
      }),
      { numRuns: 2_000 },
    );
  });

  test("property: checkMap accepts a map exactly when the engine's GameMap does (plus unique object ids)", () => {
    fc.assert(
      fc.property(gameMap, (m) => {
        const engineOk = GameMap.safeParse(m).success;
        const inside = m.objects.every((o) => o.position.x < m.width && o.position.y < m.height);
        const unique = new Set(m.objects.map((o) => o.id)).size === m.objects.length;
        expect(accepts(() => checkMap(m))).toBe(engineOk && inside && unique);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("checkSeats", () => {
  const map: Map = { width: 10, height: 8, blocked: [], difficult: [], objects: [] };
  const seats = [
    { entityId: "a", position: { x: 0, y: 0 } },
    { entityId: "b", position: { x: 1, y: 0 } },
    { entityId: "a", position: { x: 2, y: 0 } },
  ];
  const messageOf = (check: () => void): unknown => {
    try {
      check();
    } catch (e) {
      expect(e).toBeInstanceOf(ConvexError);
      return (e as ConvexError<{ kind: string; message: string }>).data;
    }
    throw new Error("expected checkSeats to fail");
  };

  test("a repeated entity id names both rows' characters and the earlier row", () => {
    expect(messageOf(() => checkSeats(seats, map, ["Goblin", "Brenna", "Ogre"]))).toEqual({
      kind: "invalid",
      message: "participants[2].entityId: Ogre uses the same entity id as participants[0] (Goblin)",
    });
  });

  test("without names (the seed's readable ids) the id and the earlier row are named", () => {
    expect(messageOf(() => checkSeats(seats, map))).toEqual({
      kind: "invalid",
      message: "participants[2].entityId: entity id a is already used by participants[0]",
    });
  });
});
