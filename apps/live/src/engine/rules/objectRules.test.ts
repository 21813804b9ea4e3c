import { describe, expect, it } from "vitest";
import { createInteraction } from "../create";
import type { Item, MapObject, Participant } from "../setup";
import { monster, pc, room } from "../testkit";
import { objectInteraction, withChanges, type ObjectWorld } from "./objectRules";

const ironKey: Item = { id: "key", name: "Iron key", type: "gear", tags: ["iron"] };
const picks: Item = { id: "tools", name: "Thieves' Tools", type: "gear", tags: ["lockpick"] };
const potion: Item = {
  id: "potion",
  name: "Potion",
  type: "consumable",
  charges: 1,
  effect: { kind: "heal", amount: "1d4" },
};

/** The hero at (1,1) with `inventory`, the given objects, and whoever else stands there. */
function world(objects: MapObject[], inventory: Item[] = [], others: Participant[] = []) {
  const s = createInteraction(
    room({ participants: [pc("hero", "p1", 1, 1, { inventory }), ...others] }, objects),
    { seed: 1, now: 0 },
  );
  const w: ObjectWorld = { objects: s.map.objects, entities: s.entities };
  return { w, hero: s.entities.hero! };
}

const door = (over: Partial<Extract<MapObject, { kind: "door" }>> = {}): MapObject => ({
  id: "door",
  name: "oak door",
  kind: "door",
  position: { x: 2, y: 1 },
  open: false,
  locked: false,
  ...over,
});
const chest = (over: Partial<Extract<MapObject, { kind: "chest" }>> = {}): MapObject => ({
  id: "chest",
  name: "chest",
  kind: "chest",
  position: { x: 1, y: 2 },
  open: false,
  locked: false,
  loot: [],
  ...over,
});
const trap = (over: Partial<Extract<MapObject, { kind: "trap" }>> = {}): MapObject => ({
  id: "trap",
  name: "pit",
  kind: "trap",
  position: { x: 0, y: 0 },
  armed: true,
  dc: 12,
  save: "dex",
  damage: "1d6",
  ...over,
});

describe("objectInteraction refuses as the engine does", () => {
  it("an object that is not there, hidden from the party, or out of reach", () => {
    const { w, hero } = world([door({ hidden: true }), chest({ id: "far", position: { x: 5, y: 5 } })]);
    expect(objectInteraction(w, hero, "nope")).toEqual({
      ok: false,
      code: "INVALID_TARGET",
      reason: "missing",
      message: "There is nothing called nope here.",
    });
    expect(objectInteraction(w, hero, "door")).toMatchObject({ ok: false, code: "INVALID_TARGET" });
    // a monster knows of the hidden door
    expect(objectInteraction(w, { ...hero, side: "enemy" }, "door")).toMatchObject({
      ok: true,
      kind: "open",
    });
    expect(objectInteraction(w, hero, "far")).toEqual({
      ok: false,
      code: "OUT_OF_RANGE",
      reason: "out-of-reach",
      message: "The chest is 20 ft away; move next to it first.",
    });
  });

  it("a lock without its key, a lock with no key at all, an emptied chest, a spent trap", () => {
    const objects = [
      door({ locked: true, keyTag: "iron" }),
      chest({ locked: true }),
      chest({ id: "empty", position: { x: 0, y: 1 }, open: true }),
      trap({ armed: false }),
    ];
    const { w, hero } = world(objects);
    expect(objectInteraction(w, hero, "door")).toEqual({
      ok: false,
      code: "BAD_STATE",
      reason: "no-key",
      message: "The oak door is locked and hero has no key for it.",
    });
    // thieves' tools do not work a lock that has no key (a lever's)
    expect(objectInteraction(w, { ...hero, inventory: [picks] }, "chest")).toEqual({
      ok: false,
      code: "BAD_STATE",
      reason: "no-handle",
      message: "The chest does not open by hand.",
    });
    expect(objectInteraction(w, hero, "empty")).toMatchObject({
      code: "BAD_STATE",
      message: "The chest is already open and empty.",
    });
    expect(objectInteraction(w, hero, "trap")).toMatchObject({
      code: "BAD_STATE",
      message: "The pit is already disarmed.",
    });
  });

  it("a door with someone in its doorway, not naming a creature hidden from the party", () => {
    const open = door({ open: true });
    const seen = world([open], [], [monster("gob", 2, 1)]);
    expect(objectInteraction(seen.w, seen.hero, "door")).toEqual({
      ok: false,
      code: "PATH_BLOCKED",
      reason: "doorway",
      message: "Someone is standing in the doorway of the oak door.",
    });
    const unseen = world([open], [], [monster("gob", 2, 1, {}, true)]);
    expect(objectInteraction(unseen.w, unseen.hero, "door")).toMatchObject({
      code: "PATH_BLOCKED",
      message: "The oak door will not close: something is in the way.",
    });
    expect(objectInteraction(unseen.w, { ...unseen.hero, side: "enemy" }, "door")).toMatchObject({
      message: "Someone is standing in the doorway of the oak door.",
    });
    // the creature itself standing there counts too
    const { w, hero } = world([open]);
    const inIt = { ...hero, position: { x: 2, y: 1 } };
    expect(objectInteraction({ ...w, entities: { hero: inIt } }, inIt, "door")).toMatchObject({
      reason: "doorway",
    });
    expect(objectInteraction(w, hero, "door")).toEqual({
      ok: true,
      kind: "close",
      unlocks: false,
      changes: [{ id: "door", set: { open: false } }],
      gained: [],
    });
  });
});

describe("objectInteraction decides what happens", () => {
  it("a key opens its lock; thieves' tools leave it to the dice", () => {
    const { w, hero } = world([door({ locked: true, keyTag: "iron" })], [ironKey]);
    expect(objectInteraction(w, hero, "door")).toEqual({
      ok: true,
      kind: "open",
      unlocks: true,
      changes: [{ id: "door", set: { locked: false, open: true } }],
      gained: [],
    });
    expect(objectInteraction(w, { ...hero, inventory: [picks] }, "door")).toMatchObject({
      ok: true,
      kind: "pickLock",
      object: { id: "door" },
      then: { kind: "open", changes: [{ id: "door", set: { locked: false, open: true } }] },
    });
  });

  it("a chest's loot goes to the opener, renamed where it clashes with what it carries", () => {
    const loot: Item[] = [potion, potion, { id: "potion-2", name: "Flask", type: "gear" }, ironKey];
    const { w, hero } = world([chest({ loot })], [potion]);
    const done = objectInteraction(w, hero, "chest");
    expect(done).toMatchObject({
      ok: true,
      kind: "loot",
      changes: [{ id: "chest", set: { open: true, locked: false, loot: [] } }],
    });
    if (!done.ok || done.kind !== "loot") return;
    expect(done.gained.map((i) => i.id)).toEqual(["potion-2", "potion-3", "potion-2-2", "key"]);
    expect(done.gained[2]).toEqual({ id: "potion-2-2", name: "Flask", type: "gear" });
    // the world is only read: the chest still holds its loot
    expect(w.objects.chest).toMatchObject({ open: false, loot });
  });

  it("a lever flips, then each object it works in its order; one listed twice flips back", () => {
    const objects: MapObject[] = [
      {
        id: "lever",
        name: "lever",
        kind: "lever",
        position: { x: 0, y: 1 },
        on: false,
        toggles: ["gate", "trap", "chest", "unknown", "lever", "twice", "twice"],
      },
      door({ id: "gate", position: { x: 5, y: 5 }, locked: true }),
      trap({ position: { x: 7, y: 7 } }),
      chest({ position: { x: 8, y: 8 } }),
      door({ id: "twice", position: { x: 6, y: 6 } }),
    ];
    const { w, hero } = world(objects);
    const done = objectInteraction(w, hero, "lever");
    expect(done).toMatchObject({ ok: true, kind: "pull" });
    if (!done.ok || done.kind !== "pull") return;
    expect(done.changes).toEqual([
      { id: "lever", set: { on: true } },
      { id: "gate", set: { open: true } },
      { id: "trap", set: { armed: false } },
      { id: "chest", set: { locked: true } },
      { id: "twice", set: { open: true } },
      { id: "twice", set: { open: false } },
    ]);
    const after = withChanges(w.objects, done.changes);
    expect(after.gate).toMatchObject({ open: true, locked: true });
    expect(after.twice).toMatchObject({ open: false });
    expect(w.objects.lever).toMatchObject({ on: false });
  });

  it("a trap attempt leaves it spent and in plain sight, whatever the dice say", () => {
    const { w, hero } = world([trap({ position: { x: 2, y: 2 }, hidden: true })]);
    // the party cannot target a trap it has not found; a monster can
    const done = objectInteraction(w, { ...hero, side: "enemy" }, "trap");
    expect(done).toMatchObject({
      ok: true,
      kind: "disarm",
      changes: [{ id: "trap", set: { armed: false, hidden: false } }],
    });
  });
});
