import { describe, expect, it } from "vitest";
import { createInteraction, InvalidSetupError } from "./create";
import { CharacterSheet, InteractionSetup, type MapObject } from "./setup";
import { InteractionState } from "./state";
import { pc, room, sheet, started } from "./testkit";

/** Each issue as `path: message`, or [] when the schema accepts. */
function issues(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) {
  return (result.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
}

const BLANK = "Names need a character other than spaces";

describe("names need a character other than whitespace", () => {
  it("a sheet's, its items', its actions' and their damage types' names", () => {
    const blank = sheet("   ", {
      inventory: [
        { id: "sword", name: " \t ", type: "weapon", equipped: true },
        {
          id: "flask",
          name: "Fire flask",
          type: "consumable",
          charges: 1,
          effect: { kind: "damage", amount: "1d6", damageType: "  ", range: 20 },
        },
      ],
      actions: [
        { id: "cut", name: "  ", kind: "attack", toHit: 3, damage: "1d6", damageType: " ", range: 5 },
      ],
    });
    expect(issues(CharacterSheet.safeParse(blank))).toEqual([
      `name: ${BLANK}`,
      `inventory.0.name: ${BLANK}`,
      `inventory.1.effect.damageType: ${BLANK}`,
      `actions.0.name: ${BLANK}`,
      `actions.0.damageType: ${BLANK}`,
    ]);
    expect(CharacterSheet.safeParse(sheet(" Brenna ")).success).toBe(true);
  });

  it("an interaction's, its map objects' and their loot's", () => {
    const chest: MapObject = {
      id: "chest",
      name: " ",
      kind: "chest",
      position: { x: 5, y: 5 },
      open: false,
      locked: false,
      loot: [{ id: "gem", name: "\t", type: "gear" }],
    };
    expect(issues(InteractionSetup.safeParse(room({ name: "  " }, [chest])))).toEqual([
      `name: ${BLANK}`,
      `map.objects.0.name: ${BLANK}`,
      `map.objects.0.loot.0.name: ${BLANK}`,
    ]);
  });

  it("a live state keeps loading with a blank name: snapshots saved before the rule still read", () => {
    const s = started();
    const stored = {
      ...s,
      name: "  ",
      entities: { ...s.entities, hero: { ...s.entities.hero!, name: " " } },
    };
    expect(InteractionState.safeParse(stored).success).toBe(true);
  });
});

describe("a sheet's item and action ids, and the weapon an attack needs", () => {
  const axe = { id: "axe", name: "Axe", type: "weapon", equipped: true } as const;
  const shield = { id: "shield", name: "Shield", type: "armor", equipped: true, acBonus: 2 } as const;
  const chop = (weaponId: string) =>
    ({
      id: "chop",
      name: "Chop",
      kind: "attack",
      toHit: 4,
      damage: "1d8",
      damageType: "slashing",
      range: 5,
      weaponId,
    }) as const;

  it("refuses two items with one id, naming the later", () => {
    expect(
      issues(CharacterSheet.safeParse(sheet("Brenna", { inventory: [axe, { ...axe, name: "Axe 2" }] }))),
    ).toEqual(["inventory.1.id: Duplicate item id axe: each item needs its own id"]);
  });

  it("refuses two actions with one id, naming the later", () => {
    const dash = { id: "go", name: "Dash", kind: "dash" } as const;
    expect(
      issues(CharacterSheet.safeParse(sheet("Brenna", { actions: [dash, { ...dash, name: "Run" }] }))),
    ).toEqual(["actions.1.id: Duplicate action id go: each action needs its own id"]);
  });

  it("refuses an attack whose weapon is not carried, or is not a weapon", () => {
    const missing = sheet("Brenna", { inventory: [axe], actions: [chop("maul")] });
    expect(issues(CharacterSheet.safeParse(missing))).toEqual([
      "actions.0.weaponId: Chop needs weapon maul, which is not in the inventory",
    ]);
    const armour = sheet("Brenna", { inventory: [axe, shield], actions: [chop("shield")] });
    expect(issues(CharacterSheet.safeParse(armour))).toEqual([
      "actions.0.weaponId: Chop needs Shield (shield) as its weapon, but that item is armor, not a weapon",
    ]);
    expect(
      CharacterSheet.safeParse(sheet("Brenna", { inventory: [axe, shield], actions: [chop("axe")] })).success,
    ).toBe(true);
  });

  it("createInteraction refuses such a sheet, naming the seat's field", () => {
    const bad = room({
      participants: [pc("hero", "p1", 1, 1, { inventory: [axe, axe] }), ...room().participants.slice(2)],
    });
    expect(() => createInteraction(bad, { seed: 1, now: 0 })).toThrow(
      /participants\.0\.sheet\.inventory\.1\.id: Duplicate item id axe/,
    );
  });
});

describe("where a participant may start, and where a door or trap may be", () => {
  const door = (open: boolean): MapObject => ({
    id: "gate",
    name: "gate",
    kind: "door",
    position: { x: 1, y: 1 },
    open,
    locked: false,
  });
  const chest: MapObject = {
    id: "box",
    name: "box",
    kind: "chest",
    position: { x: 1, y: 1 },
    open: false,
    locked: false,
    loot: [],
  };
  const lever: MapObject = {
    id: "knob",
    name: "knob",
    kind: "lever",
    position: { x: 1, y: 1 },
    on: false,
    toggles: [],
  };
  const trap: MapObject = {
    id: "pit",
    name: "pit",
    kind: "trap",
    position: { x: 1, y: 1 },
    armed: true,
    dc: 12,
    save: "dex",
    damage: "1d6",
  };
  // room() seats hero at (1,1)
  const verdict = (setup: InteractionSetup) => issues(InteractionSetup.safeParse(setup));

  it("not on a closed door, a chest or a lever (they are wall to the engine), naming it and the cell", () => {
    expect(verdict(room({}, [door(false)]))).toEqual([
      "participants.0.position: hero stands on the gate (a closed door) at (1,1)",
    ]);
    expect(verdict(room({}, [chest]))).toEqual([
      "participants.0.position: hero stands on the box (a chest) at (1,1)",
    ]);
    expect(verdict(room({}, [lever]))).toEqual([
      "participants.0.position: hero stands on the knob (a lever) at (1,1)",
    ]);
    expect(() => createInteraction(room({}, [chest]), { seed: 1, now: 0 })).toThrow(InvalidSetupError);
  });

  it("nor on a blocked cell", () => {
    const walled = room();
    walled.map.blocked = [{ x: 1, y: 1 }];
    expect(verdict(walled)).toEqual(["participants.0.position: hero stands on a blocked cell at (1,1)"]);
  });

  it("in an open doorway or on a trap is fine: both are passable", () => {
    expect(verdict(room({}, [door(true)]))).toEqual([]);
    expect(verdict(room({}, [trap]))).toEqual([]);
  });

  it("a door or trap on a blocked cell is refused; a chest or lever there (on a wall) is not", () => {
    const at = { x: 4, y: 4 };
    const on = (o: MapObject) => {
      const setup = room({}, [{ ...o, position: at }]);
      setup.map.blocked = [at];
      return verdict(setup);
    };
    expect(on(door(true))).toEqual([
      "map.objects.0.position: The gate (a door) is on a blocked cell at (4,4): no one could ever pass it",
    ]);
    expect(on(trap)).toEqual([
      "map.objects.0.position: The pit (a trap) is on a blocked cell at (4,4): no one could ever set it off",
    ]);
    expect(on(chest)).toEqual([]);
    expect(on(lever)).toEqual([]);
  });
});
