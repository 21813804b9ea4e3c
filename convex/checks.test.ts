import fc from "fast-check";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { applyCommand } from "../apps/live/src/engine/apply";
import { distanceFeet } from "../apps/live/src/engine/grid";
import { reachableCells } from "../apps/live/src/engine/reach";
import { winner } from "../apps/live/src/engine/rules/outcome";
import { CharacterSheet, GameMap, type InteractionSetup, type Position } from "../apps/live/src/engine/setup";
import type { InteractionState } from "../apps/live/src/engine/state";
import { act, P1, pc, sheet as engineSheet, started } from "../apps/live/src/engine/testkit";
import { createInteraction } from "../apps/live/src/engine/create";
import {
  checkMap,
  checkSeats,
  checkSheet,
  checkWinnable,
  setupStateBytes,
  sheetEntityBytes,
  text as checkText,
} from "./checks";
import { maximalItem, maximalSheet } from "./test.setup";
import type {
  ActionDef,
  CharacterKind,
  CharacterSheetInput,
  GameMap as Map,
  Item,
  MapObject,
} from "./validators";

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
    // names every object has: fine as names, refused as ids (both sides); only whitespace:
    // refused as names, fine as tags (both sides)
    fc.constantFrom("", "y".repeat(max + 1), "constructor", "toString", " ", " \t "),
  );
/** Sometimes one of a few ids, so a sheet's items and actions share ids and attacks name them. */
const shared = fc.constantFrom("axe", "bow");
const sheetId = fc.oneof({ arbitrary: text(64), weight: 3 }, { arbitrary: shared, weight: 1 });
/** Usually a short list, sometimes one entry longer than the limit. */
const list = <T>(of: fc.Arbitrary<T>, limit: number) =>
  rare(fc.array(of, { maxLength: 2 }), fc.array(of, { minLength: limit + 1, maxLength: limit + 1 }));
const dice = rare(
  fc.constantFrom("1d8+3", "2d6", "1d4-1", "5", "99d100+999", "0"),
  fc.constantFrom("d8", "1d7", "100d6", "lots", "1d20+1000", "", "1000"),
);

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ id: sheetId, name: text(80), type: fc.constant("weapon" as const), equipped: fc.boolean() }),
  fc.record({
    id: sheetId,
    name: text(80),
    type: fc.constant("armor" as const),
    equipped: fc.boolean(),
    acBonus: num(0, 10),
  }),
  fc.record({
    id: sheetId,
    name: text(80),
    type: fc.constant("consumable" as const),
    charges: num(0, 99),
    effect: fc.oneof(
      fc.record({ kind: fc.constant("heal" as const), amount: dice }),
      fc.record({ kind: fc.constant("damage" as const), amount: dice, damageType: text(80), range: feet }),
    ),
  }),
  fc.record({
    id: sheetId,
    name: text(80),
    type: fc.constant("gear" as const),
    value: num(0, 1_000_000),
    tags: list(text(40), 10),
  }),
);

const action: fc.Arbitrary<ActionDef> = fc.oneof(
  fc
    .record({
      id: sheetId,
      name: text(80),
      kind: fc.constant("attack" as const),
      toHit: num(-5, 20),
      damage: dice,
      damageType: text(80),
      range: feet,
      uses: num(1, 20),
      // the weapon it needs: carried or not, a weapon or not
      weapon: fc.option(fc.oneof(shared, fc.constant("maul")), { nil: undefined }),
    })
    .map(({ weapon, ...attack }) => (weapon === undefined ? attack : { ...attack, weaponId: weapon })),
  fc.record({
    id: sheetId,
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
  fc.record({ id: sheetId, name: text(80), kind: fc.constant("dodge" as const) }),
  fc.record({
    id: sheetId,
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

  test("an id that every object already has as a name (constructor, toString…) is refused, by both", () => {
    const sheet = maximalSheet("Brenna", "pc");
    const bad = { ...sheet, inventory: [{ ...sheet.inventory[0]!, id: "constructor" }] };
    expect(() => checkSheet(bad)).toThrow(/sheet\.inventory\[0\]\.id: ids cannot be a name every object has/);
    expect(CharacterSheet.safeParse(bad).success).toBe(false);
    expect(
      CharacterSheet.safeParse({ ...bad, name: "constructor", inventory: sheet.inventory }).success,
    ).toBe(true);
  });

  test("property: checkMap accepts a map exactly when the engine's GameMap does (plus what InteractionSetup adds)", () => {
    fc.assert(
      fc.property(gameMap, (m) => {
        const engineOk = GameMap.safeParse(m).success;
        // InteractionSetup's refinement: objects on the map with unique ids and visible names,
        // and no door or trap on a blocked cell
        const inside = m.objects.every((o) => o.position.x < m.width && o.position.y < m.height);
        const unique = new Set(m.objects.map((o) => o.id)).size === m.objects.length;
        const named = m.objects.every((o) => /\S/.test(o.name));
        const walled = m.objects.some(
          (o) =>
            (o.kind === "door" || o.kind === "trap") &&
            m.blocked.some((b) => b.x === o.position.x && b.y === o.position.y),
        );
        expect(accepts(() => checkMap(m))).toBe(engineOk && inside && unique && named && !walled);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("names, sheets' ids and weapons, objects on blocked cells", () => {
  const dataOf = (check: () => void): unknown => {
    try {
      check();
    } catch (e) {
      expect(e).toBeInstanceOf(ConvexError);
      return (e as ConvexError<{ kind: string; message: string }>).data;
    }
    throw new Error("expected a refusal");
  };
  const brenna = maximalSheet("Brenna", "pc");

  test("a name of only whitespace is refused, by both; a tag of spaces is left alone, by both", () => {
    for (const name of [" ", "   ", " \t "]) {
      expect(dataOf(() => checkText("name", name, 80))).toEqual({
        kind: "invalid",
        message: "name: must have a character other than spaces",
      });
      expect(CharacterSheet.safeParse({ ...brenna, name }).success).toBe(false);
      expect(dataOf(() => checkSheet({ ...brenna, name }))).toEqual({
        kind: "invalid",
        message: "sheet.name: must have a character other than spaces",
      });
    }
    expect(() => checkText("name", " Brenna ", 80)).not.toThrow();
    const gear: Item = { id: "key", name: "Key", type: "gear", tags: [" "] };
    const withTag = { ...brenna, inventory: [gear], actions: [] };
    expect(() => checkSheet(withTag)).not.toThrow();
    expect(CharacterSheet.safeParse(withTag).success).toBe(true);
  });

  const axe: Item = { id: "axe", name: "Axe", type: "weapon", equipped: true };
  const shield: Item = { id: "shield", name: "Shield", type: "armor", equipped: true, acBonus: 2 };
  const chop = (weaponId: string): ActionDef => ({
    id: "chop",
    name: "Chop",
    kind: "attack",
    toHit: 4,
    damage: "1d8",
    damageType: "slashing",
    range: 5,
    weaponId,
  });
  const refusal = (inventory: Item[], actions: ActionDef[]) => {
    const s = { ...brenna, inventory, actions };
    expect(CharacterSheet.safeParse(s).success).toBe(false);
    return (dataOf(() => checkSheet(s)) as { message: string }).message;
  };

  test("two items or two actions with one id are refused, naming the later", () => {
    expect(refusal([axe, { ...axe, name: "Second axe" }], [])).toBe(
      "sheet.inventory[1].id: duplicate item id axe: each item needs its own id",
    );
    expect(refusal([axe], [chop("axe"), { ...chop("axe"), name: "Hack" }])).toBe(
      "sheet.actions[1].id: duplicate action id chop: each action needs its own id",
    );
  });

  test("an attack naming a weapon not carried, or an item that is no weapon, is refused", () => {
    expect(refusal([axe], [chop("maul")])).toBe(
      "sheet.actions[0].weaponId: Chop needs weapon maul, which is not in the inventory",
    );
    expect(refusal([axe, shield], [chop("shield")])).toBe(
      "sheet.actions[0].weaponId: Chop needs Shield (shield) as its weapon, but that item is armor, not a weapon",
    );
    expect(() => checkSheet({ ...brenna, inventory: [axe, shield], actions: [chop("axe")] })).not.toThrow();
  });

  test("a door or a trap on a blocked cell is refused; a chest or lever there (on a wall) is not", () => {
    const at = { x: 2, y: 2 };
    const mapWith = (o: MapObject): Map => ({
      width: 5,
      height: 5,
      blocked: [at],
      difficult: [],
      objects: [o],
    });
    const door: MapObject = { id: "d", name: "gate", kind: "door", position: at, open: true, locked: false };
    expect(dataOf(() => checkMap(mapWith(door)))).toEqual({
      kind: "invalid",
      message:
        "map.objects[0].position: the gate (a door) is on a blocked cell at (2,2): no one could ever pass it",
    });
    const trap: MapObject = {
      id: "t",
      name: "pit",
      kind: "trap",
      position: at,
      armed: true,
      dc: 10,
      save: "dex",
      damage: "1d6",
    };
    expect(dataOf(() => checkMap(mapWith(trap)))).toEqual({
      kind: "invalid",
      message:
        "map.objects[0].position: the pit (a trap) is on a blocked cell at (2,2): no one could ever set it off",
    });
    expect(() =>
      checkMap(mapWith({ id: "l", name: "knob", kind: "lever", position: at, on: false, toggles: [] })),
    ).not.toThrow();
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

  const on = (o: MapObject) => () =>
    checkSeats([{ entityId: "a", position: { x: 3, y: 2 } }], { ...map, objects: [o] });
  const base = { id: "o", name: "gate", position: { x: 3, y: 2 } };
  const door = (open: boolean): MapObject => ({ ...base, kind: "door", open, locked: false });

  test("no one is seated on a closed door, a chest or a lever (the engine's wall): the message names it and the cell", () => {
    expect(messageOf(on(door(false)))).toEqual({
      kind: "invalid",
      message: "participants[0].position: (3,2) holds the gate (a closed door): no one can stand there",
    });
    expect(
      messageOf(on({ ...base, name: "strongbox", kind: "chest", open: true, locked: false, loot: [] })),
    ).toEqual({
      kind: "invalid",
      message: "participants[0].position: (3,2) holds the strongbox (a chest): no one can stand there",
    });
    expect(messageOf(on({ ...base, name: "knob", kind: "lever", on: false, toggles: [] }))).toEqual({
      kind: "invalid",
      message: "participants[0].position: (3,2) holds the knob (a lever): no one can stand there",
    });
  });

  test("an open doorway and a trap are passable, so a seat there is accepted", () => {
    expect(on(door(true))).not.toThrow();
    expect(on({ ...base, kind: "trap", armed: true, dc: 10, save: "dex", damage: "1d6" })).not.toThrow();
  });
});

/**
 * A layout drawn row by row. `.` floor, `#` blocked; creatures: `P` party, `N` neutral (one of
 * the DM's), `E` enemy; chests: `C` shut, `K` locked with no key tag, `k` locked with a key tag,
 * `O` already open; doors: `D` shut, `d` open, `L` locked with a key tag, `S` and `Z` sealed
 * (locked, no key tag); levers: digits, each wired to every object drawn with the letters given.
 */
function layout(rows: string[], wiring: Record<string, string> = {}) {
  const objects: MapObject[] = [];
  const blocked: { x: number; y: number }[] = [];
  const seats: { side: "party" | "enemy" | "neutral"; position: { x: number; y: number } }[] = [];
  const cells = rows.flatMap((row, y) => [...row].map((ch, x) => ({ ch, x, y })));
  const idOf = ({ ch, x, y }: { ch: string; x: number; y: number }) => `${ch}-${x}-${y}`;
  for (const c of cells) {
    const base = { id: idOf(c), name: `${c.ch} ${c.x},${c.y}`, position: { x: c.x, y: c.y } };
    const chest = (locked: boolean, open: boolean, keyTag?: string) =>
      objects.push({ ...base, kind: "chest", open, locked, loot: [], ...(keyTag ? { keyTag } : {}) });
    const door = (open: boolean, locked: boolean, keyTag?: string) =>
      objects.push({ ...base, kind: "door", open, locked, ...(keyTag ? { keyTag } : {}) });
    const side = { P: "party", N: "neutral", E: "enemy" } as const;
    if (c.ch === "#") blocked.push(base.position);
    else if (c.ch in side) seats.push({ side: side[c.ch as keyof typeof side], position: base.position });
    else if (c.ch === "C") chest(false, false);
    else if (c.ch === "K") chest(true, false);
    else if (c.ch === "k") chest(true, false, "brass");
    else if (c.ch === "O") chest(false, true);
    else if (c.ch === "D") door(false, false);
    else if (c.ch === "d") door(true, false);
    else if (c.ch === "L") door(false, true, "iron");
    else if (c.ch === "S" || c.ch === "Z") door(false, true);
    else if (/\d/.test(c.ch)) {
      const wired = cells.filter((o) => (wiring[c.ch] ?? "").includes(o.ch)).map(idOf);
      objects.push({ ...base, kind: "lever", on: false, toggles: wired });
    }
  }
  const map: Map = { width: rows[0]!.length, height: rows.length, blocked, difficult: [], objects };
  const kinds = seats.map((s): CharacterKind => (s.side === "party" ? "pc" : "npc"));
  return { map, seats, kinds };
}

/** checkWinnable's message for a puzzle drawn as `rows`, or null when it is accepted. */
function puzzleVerdict(rows: string[], wiring?: Record<string, string>): string | null {
  const { map, seats, kinds } = layout(rows, wiring);
  try {
    checkWinnable("puzzle", map, seats, kinds);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ConvexError);
    return (e as ConvexError<{ message: string }>).data.message;
  }
}

describe("checkWinnable: someone seated must be able to reach and open every chest of a puzzle", () => {
  const REACH = /^map: No participant can ever reach the /;
  const UNLOCK = /^map: No participant can ever unlock the /;
  test.each<[string, string[], Record<string, string>, RegExp | null]>([
    ["an open room", ["P....", ".....", "....C"], {}, null],
    ["a chest walled in by blocked cells", ["P.....", "...###", "...#C#", "...###"], {}, REACH],
    [
      "a diagonal step between two wall corners (the engine allows it)",
      ["P#...", "#....", "....C"],
      {},
      null,
    ],
    ["the same corner shut", ["P#...", "##...", "....C"], {}, REACH],
    [
      "a sealed door (locked, no key tag, no lever) in the only gap",
      ["P..#...", "...S..C", "...#..."],
      {},
      REACH,
    ],
    ["a shut door in the gap (opened by hand)", ["P..#...", "...D..C", "...#..."], {}, null],
    ["an open door in the gap", ["P..#...", "...d..C", "...#..."], {}, null],
    [
      "a keyed door in the gap (a key or thieves' tools opens it)",
      ["P..#...", "...L..C", "...#..."],
      {},
      null,
    ],
    ["a sealed door with a lever on the party's side", ["P1.#...", "...S..C", "...#..."], { 1: "S" }, null],
    ["a sealed door whose lever is behind it", ["P..#..1", "...S..C", "...#..."], { 1: "S" }, REACH],
    [
      "a sealed door whose lever is behind it, where one of the DM's creatures can pull it",
      ["P..#N.1", "...S..C", "...#..."],
      { 1: "S" },
      null,
    ],
    // Any creature may open a chest, and the puzzle is won whoever opened it (see below).
    ["a chest only one of the DM's creatures can reach", ["P..#...", "...S.NC", "...#..."], {}, null],
    ["a chest cut off from the party and the DM's creatures", ["P..#N#.", "...S###", "...#..C"], {}, REACH],
    [
      "a gate lever and, beyond the gate, the vault's lever",
      ["P1.#2.#..", "...S..Z.C", "...#..#.."],
      { 1: "S", 2: "Z" },
      null,
    ],
    [
      "the same with the second lever wired to the gate again",
      ["P1.#2.#..", "...S..Z.C", "...#..#.."],
      { 1: "S", 2: "S" },
      REACH,
    ],
    ["a keyless locked chest whose lever the party can reach", ["P1...", ".....", "....K"], { 1: "K" }, null],
    [
      "a keyless locked chest whose only lever is sealed away",
      ["P...#1", "....S#", "K...##"],
      { 1: "K" },
      UNLOCK,
    ],
    ["a locked chest with a key tag", ["P....", "....k"], {}, null],
    ["an open chest walled in (nothing left to open)", ["P.###", "..#O#", "..###"], {}, null],
    ["a second chest walled in (every chest must open)", ["P..C.", "..###", "..#C#", "..###"], {}, REACH],
    ["an enemy in the only gap (it can be fought or moves)", ["P..#...", "...E..C", "...#..."], {}, null],
    ["nobody seated yet (nothing to judge)", [".####", "..#C#", "..###"], {}, null],
    ["only the DM's creatures seated, none can reach it", ["N.###", "..#C#", "..###"], {}, REACH],
  ])("%s", (_, rows, wiring, expected) => {
    const verdict = puzzleVerdict(rows, wiring);
    if (expected === null) expect(verdict).toBeNull();
    else expect(verdict).toMatch(expected);
  });

  test("objects sharing a cell block it as the engine does: a chest in an open doorway shuts the gap", () => {
    const { map, seats, kinds } = layout(["P..#...", "...d..C", "...#..."]);
    expect(() => checkWinnable("puzzle", map, seats, kinds)).not.toThrow();
    const gap = { x: 3, y: 1 };
    const crate: MapObject = {
      id: "crate",
      name: "crate",
      kind: "chest",
      position: gap,
      open: false,
      locked: false,
      loot: [],
    };
    for (const objects of [
      [...map.objects, crate],
      [crate, ...map.objects],
    ])
      expect(() => checkWinnable("puzzle", { ...map, objects }, seats, kinds)).toThrow(
        "map: No participant can ever reach the C 6,1 at (6, 1)",
      );
  });

  test("the message names the chest and its cell, at the map", () => {
    expect(puzzleVerdict(["P..#...", "...S..C", "...#..."])).toBe(
      "map: No participant can ever reach the C 6,1 at (6, 1): blocked cells, chests, levers or doors no one can open (locked with no key tag, and no lever anyone can reach wired to them) cut it off from every participant, and a puzzle is won only when every chest is open",
    );
    expect(puzzleVerdict(["P...#1", "....S#", "K...##"], { 1: "K" })).toBe(
      "map: No participant can ever unlock the K 0,2 at (0, 2): it is locked with no key tag and no one can reach a lever wired to it, and a puzzle is won only when every chest is open",
    );
  });

  test("combat and social scenes are not judged by reach: attacks, spells and checks need no line of sight", () => {
    const { map, seats, kinds } = layout(["P..#...", "...S..E", "...#..N"]);
    expect(() => checkWinnable("combat", map, seats, kinds)).not.toThrow();
    expect(() => checkWinnable("social", map, seats, kinds)).not.toThrow();
  });

  test("a hidden door, chest or lever is accepted and judged as if in sight: the DM reveals it (engine command reveal)", () => {
    // The gate's lever, the gate and the vault chest all hidden from the party.
    const { map, seats, kinds } = layout(["P1.#...", "...S..C", "...#..."], { 1: "S" });
    const hidden: Map = { ...map, objects: map.objects.map((o) => ({ ...o, hidden: true })) };
    expect(hidden.objects.map((o) => o.kind).sort()).toEqual(["chest", "door", "lever"]);
    expect(() => checkWinnable("puzzle", hidden, seats, kinds)).not.toThrow();
    expect(() =>
      checkWinnable(
        "combat",
        hidden,
        [...seats, { side: "enemy", position: { x: 5, y: 0 } }],
        [...kinds, "monster"],
      ),
    ).not.toThrow();
    // Hiding them changes nothing else: the same puzzle without its lever is still refused.
    const unwired = { ...hidden, objects: hidden.objects.filter((o) => o.kind !== "lever") };
    expect(() => checkWinnable("puzzle", unwired, seats, kinds)).toThrow(
      "map: No participant can ever reach the C 6,1 at (6, 1)",
    );
  });
});

describe("checkWinnable: a combat needs an enemy side", () => {
  test.each<[string, string[], boolean]>([
    ["the party alone", ["P...."], false],
    ["the party and a neutral creature (no one's foe)", ["P...N"], false],
    ["nobody seated", ["....."], false],
    ["an enemy", ["P...E"], true],
    ["an enemy and no party", ["....E"], true],
  ])("%s", (_, rows, ok) => {
    const { map, seats, kinds } = layout(rows);
    const check = () => checkWinnable("combat", map, seats, kinds);
    if (ok) expect(check).not.toThrow();
    else
      expect(check).toThrow(
        "participants: A combat needs at least one creature on the Enemy side: the party wins when every enemy is down, so with none it can never be won",
      );
  });

  test("a hidden enemy (an ambusher) counts: the engine counts it among the foes to defeat", () => {
    const { map, seats, kinds } = layout(["P...E"]);
    const hidden = seats.map((s) => (s.side === "enemy" ? { ...s, hidden: true } : s));
    expect(() => checkWinnable("combat", map, hidden, kinds)).not.toThrow();
  });
});

/**
 * Whether the real engine can win a puzzle drawn with `layout` for its one PC, who carries a
 * key for every key tag drawn: a search over the states the engine reaches, where a turn is
 * a walk anywhere `reachableCells` allows (unlimited turns) and one `interactObject` from a
 * cell within 5 ft of the object.
 */
function engineCanWin(map: Map, at: { x: number; y: number }): boolean {
  const keys = { id: "keys", name: "Keys", type: "gear" as const, tags: ["iron", "brass"] };
  const setup: InteractionSetup = {
    id: "vault",
    name: "Vault",
    kind: "puzzle",
    dmUserId: "dm",
    isTest: false,
    participants: [pc("pc", "p1", at.x, at.y, { inventory: [keys] })],
    map,
  };
  const regions = new WeakMap<InteractionState, Position[]>();
  const region = (s: InteractionState) => {
    let cells = regions.get(s);
    if (!cells) {
      cells = [s.entities.pc!.position, ...reachableCells(s, "pc", 10_000).map((r) => r.position)];
      regions.set(s, cells);
    }
    return cells;
  };
  const key = (s: InteractionState) =>
    JSON.stringify([
      Math.min(...region(s).map((p) => p.y * 100 + p.x)),
      Object.values(s.map.objects).map((o) =>
        o.kind === "lever" ? o.on : "open" in o ? [o.open, o.locked] : 0,
      ),
    ]);
  const first = started(setup, ["pc"]);
  const seen = new Set([key(first)]);
  for (const queue = [first]; queue.length > 0;) {
    const s = queue.shift()!;
    if (winner(s) === "party") return true;
    for (const o of Object.values(s.map.objects))
      for (const cell of region(s).filter((p) => distanceFeet(p, o.position) <= 5)) {
        const there = { ...s, entities: { ...s.entities, pc: { ...s.entities.pc!, position: cell } } };
        const turnId = there.turn!.id;
        const r = applyCommand(
          there,
          { type: "interactObject", turnId, entityId: "pc", objectId: o.id },
          { actor: P1, now: 1 },
        );
        if (!r.ok) continue;
        const next = act(r.state, { type: "endTurn", turnId, entityId: "pc" }, P1);
        const k = key(next);
        if (seen.has(k)) continue;
        seen.add(k);
        queue.push(next);
      }
  }
  return false;
}

describe("checkWinnable against the engine", () => {
  test("a neutral NPC of the DM's that alone reaches the chest opens it, and the puzzle is won", () => {
    const rows = ["P..#...", "...S.NC", "...#..."];
    expect(puzzleVerdict(rows)).toBeNull();
    const { map, seats } = layout(rows);
    const npc = seats.find((s) => s.side === "neutral")!;
    const chest = map.objects.find((o) => o.kind === "chest")!;
    const hero = pc("hero", "p1", seats[0]!.position.x, seats[0]!.position.y);
    const setup: InteractionSetup = {
      id: "vault",
      name: "Vault",
      kind: "puzzle",
      dmUserId: "dm",
      isTest: false,
      participants: [hero, { entityId: "keeper", sheet: engineSheet("Keeper", { kind: "npc" }), ...npc }],
      map,
    };
    let s = started(setup, ["keeper", "hero"]);
    const turnId = s.turn!.id;
    s = act(s, { type: "interactObject", turnId, entityId: "keeper", objectId: chest.id });
    expect(winner(s)).toBe("party");
  });

  const puzzle = fc
    .record({ width: fc.integer({ min: 3, max: 6 }), height: fc.integer({ min: 3, max: 6 }) })
    .chain(({ width, height }) => {
      const cell = fc.nat(width * height - 1);
      const letters = fc.subarray([..."DdLSZCKk"]).map((l) => l.join(""));
      return fc.record({
        width: fc.constant(width),
        walls: fc.array(fc.integer({ min: 0, max: 99 }), {
          minLength: width * height,
          maxLength: width * height,
        }),
        things: fc.array(fc.record({ cell, ch: fc.constantFrom(..."DdLSZ12CKkO") }), { maxLength: 5 }),
        chest: fc.record({ cell, ch: fc.constantFrom(..."CKk") }),
        pc: cell,
        wiring: fc.record({ 1: letters, 2: letters }),
      });
    })
    .filter((p) => p.pc !== p.chest.cell)
    .map((p) => {
      const grid = p.walls.map((w): string => (w < 35 ? "#" : "."));
      for (const t of p.things) grid[t.cell] = t.ch;
      grid[p.chest.cell] = p.chest.ch;
      grid[p.pc] = "P";
      const rows = Array.from({ length: grid.length / p.width }, (_, y) =>
        grid.slice(y * p.width, (y + 1) * p.width).join(""),
      );
      return { rows, wiring: p.wiring };
    });

  test("property: a refused puzzle is one the engine can never win, and without levers every one it cannot win is refused", () => {
    const seen = { refused: 0, won: 0 };
    fc.assert(
      fc.property(puzzle, ({ rows, wiring }) => {
        const { map, seats } = layout(rows, wiring);
        const refused = puzzleVerdict(rows, wiring) !== null;
        const winnable = engineCanWin(map, seats[0]!.position);
        if (refused) expect(winnable).toBe(false);
        if (!map.objects.some((o) => o.kind === "lever")) expect(refused).toBe(!winnable);
        seen.refused += Number(refused);
        seen.won += Number(winnable);
      }),
      { numRuns: 200 },
    );
    // Both outcomes came up often enough for the property to mean something.
    expect(seen.refused).toBeGreaterThan(20);
    expect(seen.won).toBeGreaterThan(20);
  });
});

describe("setupStateBytes: the size budget measures what the room's state will hold", () => {
  const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v)).length;

  test("every seat's entity and the map, byte for byte as the engine's new state holds them", () => {
    const setup: InteractionSetup = {
      id: "hall",
      name: "Hall",
      kind: "social",
      dmUserId: "dm",
      isTest: false,
      participants: [
        pc("hero", "p1", 1, 1, {
          actions: [
            {
              id: "bless",
              name: "Bless",
              kind: "spell",
              level: 1,
              range: 30,
              targets: { type: "ally", max: 3 },
              uses: 2,
            },
          ],
        }),
        {
          entityId: "envoy",
          sheet: engineSheet("Envoy", { kind: "npc" }),
          side: "neutral",
          position: { x: 3, y: 3 },
        },
        {
          entityId: "titan",
          sheet: { ...maximalSheet("Titan", "monster") },
          side: "enemy",
          position: { x: 5, y: 5 },
          hidden: true,
        },
      ],
      map: {
        width: 10,
        height: 10,
        blocked: [{ x: 0, y: 9 }],
        difficult: [{ x: 9, y: 0 }],
        objects: [
          {
            id: "door",
            name: "Door",
            kind: "door",
            position: { x: 4, y: 0 },
            open: false,
            locked: true,
            keyTag: "oak",
          },
          {
            id: "lever",
            name: "Lever",
            kind: "lever",
            position: { x: 4, y: 1 },
            on: false,
            toggles: ["door"],
          },
          {
            id: "pit",
            name: "Pit",
            kind: "trap",
            position: { x: 4, y: 2 },
            armed: true,
            dc: 12,
            save: "dex",
            damage: "2d6",
            hidden: true,
          },
          {
            id: "box",
            name: "Box",
            kind: "chest",
            position: { x: 4, y: 3 },
            open: true,
            locked: false,
            loot: [],
          },
        ],
      },
    };
    const state = createInteraction(setup, { seed: 1, now: 0 });
    const size = setupStateBytes(setup.kind, setup.map, setup.participants);
    // The entities object less its braces, plus the one comma counted after every entity.
    expect(size.characters).toBe(bytes(state.entities) - 1);
    expect(size.map).toBe(bytes(state.map));
    expect(size.total).toBe(size.characters + size.map);
    expect(size.largest).toEqual({
      name: setup.participants[2]!.sheet.name,
      bytes: expect.any(Number) as number,
    });
    expect(size.largest!.bytes).toBe(bytes({ titan: state.entities.titan }) - 1);
  });

  test("swapping a sheet for another of its kind changes every seat's entity by the difference of sheetEntityBytes", () => {
    const map = { width: 10, height: 10, blocked: [], difficult: [], objects: [] };
    const withUses = (uses: number) => ({
      id: "bless",
      name: "Bless",
      kind: "spell" as const,
      level: 1,
      range: 30,
      targets: { type: "ally" as const, max: 3 },
      uses,
    });
    for (const kind of ["pc", "npc", "monster"] as const) {
      const sheets = [
        engineSheet("Envoy", { kind }),
        engineSheet("Envo", { kind, maxHp: 100 }),
        engineSheet("Envoy", { kind, actions: [withUses(2)] }),
        engineSheet("Envoy", { kind, actions: [withUses(12)], ownerUserId: "user_1" }),
        maximalSheet("Titan", kind),
      ];
      for (const interaction of ["combat", "social", "puzzle"] as const)
        for (const side of ["party", "enemy", "neutral"] as const)
          for (const hidden of [undefined, true]) {
            const seat = { entityId: `seat-${side}`, side, position: { x: 7, y: 9 }, hidden };
            const total = (sheet: CharacterSheet) =>
              setupStateBytes(interaction, map, [{ ...seat, sheet }]).total;
            for (const a of sheets)
              for (const b of sheets)
                expect(total(b) - total(a)).toBe(sheetEntityBytes(b) - sheetEntityBytes(a));
          }
    }
  });

  test("chest loot is counted for where play takes it: the looter's inventory, the game's loot list and the results", () => {
    const loot = Array.from({ length: 5 }, (_, i) => maximalItem(i));
    const chest: MapObject = {
      id: "hoard",
      name: "Hoard",
      kind: "chest",
      position: { x: 2, y: 1 },
      open: false,
      locked: false,
      loot,
    };
    const setup: InteractionSetup = {
      id: "vault",
      name: "Vault",
      kind: "puzzle",
      dmUserId: "dm",
      isTest: false,
      participants: [pc("hero", "p1", 1, 1)],
      map: { width: 5, height: 5, blocked: [], difficult: [], objects: [chest] },
    };
    const grows = (s: InteractionState) =>
      bytes(s.entities) + bytes(s.map) + bytes(s.loot) + bytes(s.results?.loot ?? []);
    let s = started(setup);
    const before = grows(s);
    s = act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "hoard" }, P1);
    if (s.status !== "completed") s = act(s, { type: "end" });
    expect(s.results?.loot).toHaveLength(5);
    const allowance =
      setupStateBytes(setup.kind, setup.map, []).map -
      bytes(createInteraction(setup, { seed: 1, now: 0 }).map);
    const grown = grows(s) - before;
    expect(grown).toBeLessThanOrEqual(allowance);
    // Close to it: the allowance takes every looter's id to be as long as an id can be.
    expect(grown).toBeGreaterThan(allowance * 0.85);
  });
});
