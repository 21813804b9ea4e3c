import { describe, expect, it } from "vitest";
import type { Item, MapObject } from "../setup";
import { recentLog } from "../state";
import { act, DM, monster, P1, pc, playerSees, refused, room, started } from "../testkit";

const key: Item = { id: "key", name: "Iron key", type: "gear", tags: ["iron"] };
const gem: Item = { id: "gem", name: "Ruby", type: "gear", value: 300 };
const objects: MapObject[] = [
  {
    id: "door",
    name: "oak door",
    kind: "door",
    position: { x: 2, y: 1 },
    open: false,
    locked: true,
    keyTag: "iron",
  },
  {
    id: "chest",
    name: "chest",
    kind: "chest",
    position: { x: 1, y: 0 },
    open: false,
    locked: false,
    loot: [gem],
  },
  { id: "lever", name: "lever", kind: "lever", position: { x: 0, y: 1 }, on: false, toggles: ["gate"] },
  { id: "gate", name: "gate", kind: "door", position: { x: 5, y: 5 }, open: false, locked: true },
];

describe("map objects", () => {
  it("an object id that names something every object has is refused as malformed, not looked up", () => {
    const s = started(room({}, objects));
    for (const objectId of ["constructor", "toString", "hasOwnProperty"])
      expect(
        refused(
          s,
          { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId },
          P1,
          "INVALID_COMMAND",
        ),
      ).toContain("a name every object has");
  });

  it("a locked door needs the key; opened, it no longer blocks", () => {
    const noKey = started(room({}, objects));
    expect(
      refused(
        noKey,
        { type: "interactObject", turnId: noKey.turn!.id, entityId: "hero", objectId: "door" },
        P1,
        "BAD_STATE",
      ),
    ).toContain("locked");
    const setup = room({}, objects);
    setup.participants[0] = pc("hero", "p1", 1, 1, { inventory: [key] });
    let s = started(setup);
    refused(
      s,
      { type: "moveEntity", turnId: s.turn!.id, entityId: "hero", path: [{ x: 2, y: 1 }] },
      P1,
      "PATH_BLOCKED",
    );
    s = act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "door" }, P1);
    expect(s.map.objects.door).toMatchObject({ open: true, locked: false });
    expect(s.turn?.objectUsed).toBe(true);
    expect(
      act(s, { type: "moveEntity", turnId: s.turn!.id, entityId: "hero", path: [{ x: 2, y: 1 }] }, P1)
        .entities.hero?.position,
    ).toEqual({ x: 2, y: 1 });
  });

  it("a door does not close on someone in the doorway, and a creature hidden from the party is not given away", () => {
    const open: MapObject = {
      id: "door",
      name: "oak door",
      kind: "door",
      position: { x: 2, y: 1 },
      open: true,
      locked: false,
    };
    const close = (s: ReturnType<typeof started>) =>
      ({ type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "door" }) as const;
    const seen = started(room({ participants: [pc("hero", "p1", 1, 1), monster("gob", 2, 1)] }, [open]));
    expect(refused(seen, close(seen), P1, "PATH_BLOCKED")).toBe(
      "Someone is standing in the doorway of the oak door.",
    );
    const unseen = started(
      room({ participants: [pc("hero", "p1", 1, 1), monster("gob", 2, 1, {}, true)] }, [open]),
    );
    expect(refused(unseen, close(unseen), P1, "PATH_BLOCKED")).toBe(
      "The oak door will not close: something is in the way.",
    );
  });

  it("a hidden creature that works an object shows itself, as when it acts otherwise", () => {
    const door: MapObject = {
      id: "door",
      name: "oak door",
      kind: "door",
      position: { x: 4, y: 1 },
      open: false,
      locked: false,
    };
    const s = started(
      room({ participants: [pc("hero", "p1", 1, 1), monster("gob", 3, 1, {}, true)] }, [door]),
      ["gob", "hero"],
    );
    const { r, view, lines } = playerSees(
      s,
      { type: "interactObject", turnId: s.turn!.id, entityId: "gob", objectId: "door" },
      DM,
    );
    expect(r.state.entities.gob?.hidden).toBe(false);
    expect(view.entities.gob).toBeDefined();
    expect(lines).toEqual(["gob appears! gob opens the oak door."]);

    // a lever hidden from the party stays unnamed to them, whoever pulls it
    const lever: MapObject = {
      id: "lever",
      name: "secret lever",
      kind: "lever",
      position: { x: 4, y: 1 },
      on: false,
      toggles: [],
      hidden: true,
    };
    const t = started(room({ participants: [pc("hero", "p1", 1, 1), monster("gob", 3, 1)] }, [lever]), [
      "gob",
      "hero",
    ]);
    const pulled = playerSees(
      t,
      { type: "interactObject", turnId: t.turn!.id, entityId: "gob", objectId: "lever" },
      DM,
    );
    expect(pulled.r.state.map.objects.lever).toMatchObject({ on: true });
    expect(pulled.lines.join(" ")).not.toContain("lever");
  });

  it("thieves' tools try a keyed lock: d20 + DEX against 15, the attempt takes the interaction", () => {
    const picks: Item = { id: "tools", name: "Thieves' Tools", type: "gear", tags: ["lockpick"] };
    const bearer = (dex: number) => {
      const setup = room({}, objects);
      setup.participants[0] = pc("hero", "p1", 1, 1, {
        inventory: [picks],
        abilities: { str: 0, dex, con: 0, int: 0, wis: 0, cha: 0 },
      });
      return started(setup);
    };
    const open = { type: "interactObject", entityId: "hero", objectId: "door" } as const;

    // Nimble enough that any roll reaches 15: the lock gives and the door opens.
    const deft = bearer(15);
    const opened = act(deft, { ...open, turnId: deft.turn!.id }, P1);
    expect(opened.map.objects.door).toMatchObject({ open: true, locked: false });
    expect(recentLog(opened.log).at(-1)?.text).toMatch(
      /hero picks the lock of the oak door \(\d+\)\. hero opens/,
    );

    // Too clumsy for any roll: accepted, the interaction is spent, the door stays locked.
    const clumsy = bearer(-5);
    const failed = act(clumsy, { ...open, turnId: clumsy.turn!.id }, P1);
    expect(failed.map.objects.door).toMatchObject({ open: false, locked: true });
    expect(failed.turn?.objectUsed).toBe(true);
    expect(recentLog(failed.log).at(-1)?.text).toMatch(
      /fails to pick the lock of the oak door \(-?\d+ against 15\)/,
    );

    // A lock with no key (the lever's gate) cannot be picked.
    const gate = objects.map((o) =>
      o.id === "gate"
        ? { ...o, position: { x: 2, y: 1 } }
        : o.id === "door"
          ? { ...o, position: { x: 8, y: 8 } }
          : o,
    );
    const setup = room({}, gate);
    setup.participants[0] = pc("hero", "p1", 1, 1, { inventory: [picks] });
    const s = started(setup);
    expect(refused(s, { ...open, objectId: "gate", turnId: s.turn!.id }, P1, "BAD_STATE")).toContain(
      "does not open by hand",
    );
  });

  it("a chest gives its loot to whoever opens it and the results list it", () => {
    let s = started(room({}, objects));
    s = act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "chest" }, P1);
    expect(s.entities.hero?.inventory.map((i) => i.name)).toContain("Ruby");
    expect(s.map.objects.chest).toMatchObject({ open: true, loot: [] });
    expect(s.loot).toEqual([{ entityId: "hero", item: gem }]);
    // a second interaction in the same turn costs the action; an emptied chest cannot be looted again
    refused(
      s,
      { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "chest" },
      P1,
      "BAD_STATE",
    );
    s = act(s, { type: "end" });
    expect(s.results?.loot).toEqual([{ entityId: "hero", item: gem }]);
  });

  it("a monster that opens a chest keeps the loot, which the party's results do not list", () => {
    let s = started(room({ participants: [pc("hero", "p1", 5, 6), monster("gob", 1, 1)] }, objects), [
      "gob",
      "hero",
    ]);
    s = act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "gob", objectId: "chest" });
    expect(s.entities.gob?.inventory.map((i) => i.name)).toContain("Ruby");
    expect(s.loot).toEqual([]);
  });

  it("a lever toggles what it controls each time it is pulled; objects must be adjacent", () => {
    let s = started(room({}, objects));
    s = act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "lever" }, P1);
    expect(s.map.objects.gate).toMatchObject({ open: true });
    s = act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "lever" }, P1);
    expect(s.map.objects.gate).toMatchObject({ open: false });
    expect(s.map.objects.lever).toMatchObject({ on: false });
    refused(
      s,
      { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "gate" },
      P1,
      "OUT_OF_RANGE",
    );
  });

  it("a hidden trap cannot be targeted by the party; a visible one can be disarmed", () => {
    const traps: MapObject[] = [
      {
        id: "hidden",
        name: "pit",
        kind: "trap",
        position: { x: 2, y: 2 },
        armed: true,
        hidden: true,
        dc: 1,
        save: "dex",
        damage: "1",
      },
      {
        id: "seen",
        name: "wire",
        kind: "trap",
        position: { x: 2, y: 1 },
        armed: true,
        dc: 1,
        save: "dex",
        damage: "1",
      },
    ];
    const s = started(room({}, traps));
    refused(
      s,
      { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "hidden" },
      P1,
      "INVALID_TARGET",
    );
    expect(
      act(s, { type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "seen" }, P1).map
        .objects.seen,
    ).toMatchObject({ armed: false });
  });
});
