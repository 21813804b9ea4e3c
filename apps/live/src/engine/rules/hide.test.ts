import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import type { Actor, Command } from "../commands";
import { createInteraction } from "../create";
import type { EngineErrorCode } from "../errors";
import type { InteractionSetup } from "../setup";
import { recentLog, type InteractionState } from "../state";
import {
  act,
  ADMIN,
  DM,
  logText,
  monster,
  ok,
  P1,
  parley,
  pc,
  playerSees,
  refused,
  room,
  started,
} from "../testkit";
import { eventsFor, viewFor } from "../view";

/** The parley with its chest in view, plus a closed door, the lever that opens it, an open door and a trap, all in view. */
const parleyInView = (): InteractionSetup => {
  const setup = parley();
  const objects: InteractionSetup["map"]["objects"] = [
    ...setup.map.objects,
    { id: "door", name: "door", kind: "door", position: { x: 5, y: 5 }, open: false, locked: true },
    { id: "lever", name: "lever", kind: "lever", position: { x: 6, y: 6 }, on: false, toggles: ["door"] },
    { id: "arch", name: "arch", kind: "door", position: { x: 7, y: 2 }, open: true, locked: false },
    {
      id: "pit",
      name: "pit",
      kind: "trap",
      position: { x: 8, y: 8 },
      armed: true,
      dc: 10,
      save: "dex",
      damage: "1d6",
    },
  ];
  setup.map.objects = objects.map((o) => ({ ...o, hidden: false }));
  return setup;
};
const ORDER = ["hero", "ally", "mara", "brenna"];

/** Refused with `code`, and nothing changed: the (frozen) state is the same, down to its version. */
function unchanged(s: InteractionState, c: Command, actor: Actor, code: EngineErrorCode): string {
  const before = JSON.stringify(s);
  const message = refused(s, c, actor, code);
  expect(Object.isFrozen(s)).toBe(true);
  expect(JSON.stringify(s)).toBe(before);
  return message;
}

/** The DM-only log lines `after` has that `before` had not. */
const newDmLines = (before: InteractionState, after: InteractionState): string[] =>
  recentLog(after.log)
    .filter((l) => l.dmOnly && l.seq > before.seq.log)
    .map((l) => l.text);

describe("the DM hides things from the players", () => {
  it("a creature in view leaves the players' view, with a line only the DM reads", () => {
    const s = started(parleyInView(), ORDER);
    expect(viewFor(s, "player").entities.mara).toBeDefined();

    const { r, view, lines, patches } = playerSees(s, { type: "hide", id: "mara" });
    expect(r.state.entities.mara?.hidden).toBe(true);
    expect(patches).toContainEqual({ op: "remove", path: ["entities", "mara"] });
    expect(view.entities.mara).toBeUndefined();
    expect(view.order.map((o) => o.entityId)).toEqual(["hero", "ally"]);
    expect(JSON.stringify([view.entities, view.order, view.turn, view.queued])).not.toContain("mara");
    // the line is the DM's alone
    expect(lines).toEqual([]);
    expect(recentLog(view.log).filter((l) => l.seq > s.seq.log)).toEqual([]);
    expect(newDmLines(s, r.state)).toEqual(["The DM hides Mara from the players."]);
    const dmEvents = eventsFor(r.events, "dm").flatMap((e) => (e.type === "log" ? [e.entry.text] : []));
    expect(dmEvents).toEqual(["The DM hides Mara from the players."]);
    // the DM still sees her; it takes nobody's turn
    expect(viewFor(r.state, "dm").entities.mara).toMatchObject({ name: "Mara", hidden: true });
    expect(r.state.turn).toEqual(s.turn);
    // players can no longer address her
    refused(
      r.state,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "persuade", targets: ["mara"] },
      P1,
      "INVALID_TARGET",
    );
  });

  it("a closed door, a chest or a lever reads as wall to the players once hidden; an open door or a trap does not", () => {
    const s = started(parleyInView(), ORDER);
    for (const id of ["door", "chest", "lever"]) {
      const cell = s.map.objects[id]!.position;
      expect(viewFor(s, "player").map.blocked).not.toContainEqual(cell);
      const { r, view, lines, patches } = playerSees(s, { type: "hide", id });
      expect(r.state.map.objects[id]?.hidden).toBe(true);
      expect(patches).toContainEqual({ op: "remove", path: ["map", "objects", id] });
      expect(view.map.objects[id]).toBeUndefined();
      expect(view.map.blocked).toEqual([cell]);
      expect(lines).toEqual([]);
      expect(newDmLines(s, r.state)).toEqual([`The DM hides the ${id} from the players.`]);
    }
    for (const id of ["arch", "pit"]) {
      const { view, patches } = playerSees(s, { type: "hide", id });
      expect(view.map.objects[id]).toBeUndefined();
      expect(patches.some((p) => p.path[1] === "blocked")).toBe(false);
      expect(view.map.blocked).toEqual([]);
    }
  });

  it("hiding the creature whose turn it is masks the turn for the players", () => {
    const s = started(parleyInView(), ["mara", "hero", "ally", "brenna"]);
    expect(viewFor(s, "player").turn?.entityId).toBe("mara");
    const { r, view } = playerSees(s, { type: "hide", id: "mara" });
    expect(view.turn).toMatchObject({ id: s.turn!.id, entityId: null });
    expect(viewFor(r.state, "dm").turn?.entityId).toBe("mara");
  });

  it("works in the lobby, before anyone has a turn", () => {
    const s = createInteraction(parleyInView(), { seed: 1, now: 0 });
    const { r, view } = playerSees(s, { type: "hide", id: "mara" });
    expect(view.status).toBe("lobby");
    expect(view.entities.mara).toBeUndefined();
    expect(view.map.objects.chest).toBeDefined();
    expect(playerSees(r.state, { type: "hide", id: "chest" }).view.map.objects.chest).toBeUndefined();
  });

  it("keeps a creature's Hide condition, hides a defeated one, and one that acts shows itself again", () => {
    let s = started(
      room({ participants: [monster("gob", 6, 1), pc("hero", "p1", 1, 1), monster("dead", 8, 8)] }),
    );
    s = produce(s, (d) => {
      d.entities.gob!.conditions.push({ name: "hidden", sinceTurn: 0 });
      Object.assign(d.entities.dead!, { hp: 0, defeated: true });
    });
    const gob = playerSees(s, { type: "hide", id: "gob" }).r.state;
    expect(gob.entities.gob).toMatchObject({ hidden: true, conditions: [{ name: "hidden" }] });
    const dead = playerSees(s, { type: "hide", id: "dead" });
    expect(dead.r.state.entities.dead).toMatchObject({ hidden: true, defeated: true });
    expect(dead.view.entities.dead).toBeUndefined();
    // gob has the turn: it moves, and the players see it again (combat.ts `reveal`)
    const { r, view, lines } = playerSees(
      gob,
      { type: "moveEntity", turnId: gob.turn!.id, entityId: "gob", path: [{ x: 5, y: 1 }] },
      DM,
    );
    expect(r.state.entities.gob?.hidden).toBe(false);
    expect(view.entities.gob).toBeDefined();
    expect(lines.join(" ")).toContain("gob appears!");
  });

  it("refuses player characters, things already hidden, unknown ids, anyone but the DM, a paused or finished interaction — and changes nothing", () => {
    const s = started(parleyInView(), ORDER);
    expect(unchanged(s, { type: "hide", id: "hero" }, DM, "INVALID_TARGET")).toBe(
      "hero is a player character: their player must see them.",
    );
    expect(unchanged(s, { type: "hide", id: "brenna" }, DM, "BAD_STATE")).toBe(
      "Brenna is already hidden from the players.",
    );
    const hidden = act(s, { type: "hide", id: "chest" });
    expect(unchanged(hidden, { type: "hide", id: "chest" }, DM, "BAD_STATE")).toBe(
      "The chest is already hidden from the players.",
    );
    expect(unchanged(s, { type: "hide", id: "ghost" }, DM, "INVALID_TARGET")).toBe(
      "There is no creature or object called ghost here.",
    );
    expect(unchanged(s, { type: "hide", id: "chest", of: "entity" }, DM, "INVALID_TARGET")).toContain(
      "chest",
    );
    expect(unchanged(s, { type: "hide", id: "mara", of: "object" }, DM, "INVALID_TARGET")).toContain("mara");
    expect(unchanged(s, { type: "hide", id: "mara" }, P1, "FORBIDDEN")).toBe(
      "Only the DM can hide creatures and objects from the players.",
    );
    unchanged(s, { type: "hide", id: "mara" }, { userId: "other-dm", role: "dm" }, "FORBIDDEN");
    unchanged(s, { type: "hide", id: "mara" }, ADMIN, "FORBIDDEN");
    unchanged(act(s, { type: "pause" }), { type: "hide", id: "mara" }, DM, "BAD_STATE");
    unchanged(act(s, { type: "end" }), { type: "hide", id: "mara" }, DM, "BAD_STATE");
  });

  it("an id both a creature and an object carry: the creature unless only the object can go; `of` decides", () => {
    const shared = (entity: string, objectHidden: boolean) => {
      const setup = parleyInView();
      setup.map.objects[0] = { ...setup.map.objects[0]!, id: entity, hidden: objectHidden };
      return started(setup, ORDER);
    };
    // both in view: the creature, unless the DM names the object
    let s = shared("mara", false);
    expect(act(s, { type: "hide", id: "mara" }).entities.mara?.hidden).toBe(true);
    expect(act(s, { type: "hide", id: "mara" }).map.objects.mara?.hidden).toBe(false);
    expect(act(s, { type: "hide", id: "mara", of: "object" })).toMatchObject({
      entities: { mara: { hidden: false } },
      map: { objects: { mara: { hidden: true } } },
    });
    // the creature is hidden already, or a player character: the object goes
    s = shared("brenna", false);
    expect(act(s, { type: "hide", id: "brenna" }).map.objects.brenna?.hidden).toBe(true);
    unchanged(s, { type: "hide", id: "brenna", of: "entity" }, DM, "BAD_STATE");
    s = shared("hero", false);
    expect(act(s, { type: "hide", id: "hero" }).map.objects.hero?.hidden).toBe(true);
    unchanged(s, { type: "hide", id: "hero", of: "entity" }, DM, "INVALID_TARGET");
    // neither can go: the creature's reason
    unchanged(shared("hero", true), { type: "hide", id: "hero" }, DM, "INVALID_TARGET");
    unchanged(shared("brenna", true), { type: "hide", id: "brenna" }, DM, "BAD_STATE");
  });

  it("hide then reveal gives the players back what they saw", () => {
    const s = started(parleyInView(), ORDER);
    const hidden = playerSees(s, { type: "hide", id: "mara" }).r.state;
    const { view, lines } = playerSees(hidden, { type: "reveal", id: "mara" });
    expect(lines).toEqual(["The DM reveals Mara."]);
    const before = viewFor(s, "player");
    expect({ entities: view.entities, order: view.order, turn: view.turn }).toEqual({
      entities: before.entities,
      order: before.order,
      turn: before.turn,
    });
    const door = playerSees(playerSees(s, { type: "hide", id: "door" }).r.state, {
      type: "reveal",
      id: "door",
    }).view;
    expect(door.map).toEqual(before.map);
  });

  it("a rollback to a turn start before the hide shows it again, and the hide drops the redo", () => {
    let s = started(parleyInView(), ORDER);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    const hidden = act(act(s, { type: "hide", id: "mara" }), { type: "hide", id: "door" });
    expect(viewFor(hidden, "player").entities.mara).toBeUndefined();
    const { r, view } = playerSees(hidden, { type: "rollback", turnId: hidden.turn!.id });
    expect(r.state.entities.mara?.hidden).toBe(false);
    expect(view.entities.mara).toMatchObject({ name: "Mara" });
    expect(view.order.map((o) => o.entityId)).toContain("mara");
    expect(view.map.objects.door).toBeDefined();
    expect(view.map.blocked).toEqual([]);
    // the log keeps what happened, rollbacks included
    expect(logText(r.state)).toContain("The DM hides Mara from the players.");
    // hiding again after the rollback is a new game change: the undone turn cannot come back
    const again = act(r.state, { type: "hide", id: "mara" });
    refused(again, { type: "redo", turnId: again.turn!.id }, DM, "BAD_STATE");
  });

  it("an admin may hide in a test interaction", () => {
    const s = createInteraction({ ...parleyInView(), isTest: true }, { seed: 1, now: 0 });
    const r = ok(applyCommand(s, { type: "hide", id: "mara" }, { actor: ADMIN, now: 1 }));
    expect(r.state.entities.mara?.hidden).toBe(true);
  });
});
