import { applyPatches } from "immer";
import { describe, expect, it } from "vitest";
import { applyCommand } from "./apply";
import { isHumanActivity, type Command } from "./commands";
import { reachableCells } from "./reach";
import type { InteractionSetup } from "./setup";
import { recentLog, SERVER_ONLY_KEYS, type InteractionState } from "./state";
import { act, DM, heroMakeUpTurn, monster, ok, P1, pc, room, sheet, started, SYSTEM } from "./testkit";
import { eventsFor, filterPatches, viewFor } from "./view";

const ambushRoom = () =>
  room(
    {
      participants: [
        pc("hero", "p1", 1, 1),
        pc("ally", "p2", 1, 3),
        monster("gob", 3, 1),
        monster("lurker", 2, 2, {}, true),
      ],
    },
    [
      {
        id: "pit",
        name: "pit",
        kind: "trap",
        position: { x: 8, y: 8 },
        armed: true,
        hidden: true,
        dc: 10,
        save: "dex",
        damage: "1",
      },
    ],
  );

describe("views", () => {
  it("players never get hidden entities, hidden objects, their turn, DM-only lines, dice or history", () => {
    const s = started(ambushRoom(), ["lurker", "hero", "ally", "gob"]);
    const v = viewFor(s, "player");
    expect(Object.keys(v.entities)).toEqual(["hero", "ally", "gob"]);
    expect(v.order.map((o) => o.entityId)).toEqual(["hero", "ally", "gob"]);
    expect(v.turn?.entityId).toBeNull();
    expect(v.map.objects.pit).toBeUndefined();
    expect(JSON.stringify(v)).not.toContain("lurker");
    for (const k of SERVER_ONLY_KEYS) expect(v).not.toHaveProperty(k);
    expect(v).not.toHaveProperty("canRollback");
    const dm = viewFor(s, "dm");
    expect(dm.entities.lurker).toBeDefined();
    expect(dm.turn?.entityId).toBe("lurker");
    expect(dm.canRollback).toBe(false);
    for (const k of SERVER_ONLY_KEYS) expect(dm).not.toHaveProperty(k);
  });

  it("a hidden monster that attacks appears to the players through its patches", () => {
    const before = started(ambushRoom(), ["lurker", "hero", "ally", "gob"]);
    const r = ok(
      applyCommand(
        before,
        {
          type: "takeTurn",
          turnId: before.turn!.id,
          entityId: "lurker",
          actionId: "sword",
          targets: ["hero"],
        },
        { actor: DM, now: 5 },
      ),
    );
    for (const aud of ["player", "dm"] as const) {
      const patched: unknown = applyPatches(
        viewFor(before, aud),
        filterPatches(r.patches, before, r.state, aud),
      );
      expect(patched).toEqual(viewFor(r.state, aud));
    }
    expect(viewFor(r.state, "player").entities.lurker).toBeDefined();
    expect(
      eventsFor(r.events, "player").some((e) => e.type === "log" && e.entry.text.includes("lurker appears")),
    ).toBe(true);
  });

  it("a hidden entity's turn reaches players masked, and its secret log lines not at all", () => {
    const s = started(ambushRoom(), ["hero", "lurker", "ally", "gob"]);
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, { actor: P1, now: 5 }),
    );
    const forPlayers = eventsFor(r.events, "player");
    const turn = forPlayers.find((e) => e.type === "turn");
    expect(turn?.type === "turn" && turn.turn?.entityId).toBeNull();
    const dmTurn = eventsFor(r.events, "dm").find((e) => e.type === "turn");
    expect(dmTurn?.type === "turn" && dmTurn.turn?.entityId).toBe("lurker");
  });

  it("a make-up turn does not tell players which hidden creature the order resumes after", () => {
    const setup = room({
      participants: [pc("hero", "p1", 1, 1), monster("lurker", 2, 2, {}, true), monster("gob", 6, 1)],
    });
    let s = started(setup);
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 10);
    s = act(s, { type: "presence", userId: "p1", online: false }, P1, 20);
    s = act(s, { type: "timeout", turnId: s.turn!.id }, SYSTEM, 90_000); // lurker's turn
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 90_100);
    const r = ok(
      applyCommand(
        s,
        { type: "endTurn", turnId: s.turn!.id, entityId: "lurker" },
        { actor: DM, now: 90_200 },
      ),
    );
    expect(viewFor(r.state, "dm").turn).toMatchObject({ entityId: "hero", resumeAfter: "lurker" });
    const view = viewFor(r.state, "player");
    expect(view.turn).toMatchObject({ entityId: "hero", makeUpFor: 1 });
    expect(view.turn).not.toHaveProperty("resumeAfter");
    const patches = filterPatches(r.patches, s, r.state, "player");
    expect(applyPatches(viewFor(s, "player"), patches)).toEqual(view);
    expect(JSON.stringify([view, patches, eventsFor(r.events, "player")])).not.toContain("lurker");
    // hero steps out of the lurker's reach: its opportunity attack shows it, and where the order resumes
    const m = ok(
      applyCommand(
        r.state,
        { type: "moveEntity", turnId: r.state.turn!.id, entityId: "hero", path: [{ x: 0, y: 0 }] },
        { actor: P1, now: 90_300 },
      ),
    );
    const shown = viewFor(m.state, "player");
    expect(shown.turn).toMatchObject({ entityId: "hero", resumeAfter: "lurker" });
    expect(applyPatches(view, filterPatches(m.patches, r.state, m.state, "player"))).toEqual(shown);
    // after a creature they can see, players see where the order resumes
    expect(viewFor(heroMakeUpTurn(), "player").turn).toMatchObject({ entityId: "hero", resumeAfter: "gob" });
  });

  it("a hidden party NPC's queued turn stays secret until it appears", () => {
    const spy = { ...pc("spy", "p1", 7, 1), sheet: sheet("Spy", { kind: "npc" }), hidden: true };
    const s0 = started(room({ participants: [pc("hero", "p1", 1, 1), monster("gob", 6, 1), spy] }), [
      "gob",
      "hero",
      "spy",
    ]);
    const steps = [{ kind: "action" as const, actionId: "dodge", targets: [] }];
    const q = ok(applyCommand(s0, { type: "queueTurn", entityId: "spy", steps }, { actor: DM, now: 5 }));
    expect(q.state.queued.spy).toBeDefined();
    expect(filterPatches(q.patches, s0, q.state, "player")).toEqual([]);
    expect(viewFor(q.state, "player").queued).toEqual({});
    // gob steps out of the spy's reach: its opportunity attack shows it, and its queued turn with it
    const s1 = q.state;
    const r = ok(
      applyCommand(
        s1,
        { type: "moveEntity", turnId: s1.turn!.id, entityId: "gob", path: [{ x: 5, y: 1 }] },
        { actor: DM, now: 6 },
      ),
    );
    expect(r.state.entities.spy?.hidden).toBe(false);
    const view = viewFor(r.state, "player");
    expect(view.queued.spy).toBeDefined();
    expect(applyPatches(viewFor(s1, "player"), filterPatches(r.patches, s1, r.state, "player"))).toEqual(
      view,
    );
  });

  it("a turn change is one small patch for the players", () => {
    const s = started(
      room({ participants: [pc("pc1", "p1", 1, 1), pc("pc2", "p2", 1, 3), monster("gob3", 3, 1)] }),
      ["pc1", "gob3", "pc2"],
    );
    const r = ok(
      applyCommand(
        s,
        { type: "endTurn", turnId: s.turn!.id, entityId: "pc1" },
        { actor: P1, now: 1_763_753_400_000 },
      ),
    );
    const patches = filterPatches(r.patches, s, r.state, "player");
    expect(patches).toHaveLength(1);
    expect(JSON.stringify(patches).length).toBeLessThanOrEqual(100);
  });

  it("the DM is told when rollback becomes possible", () => {
    const s = started();
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, { actor: P1, now: 5 }),
    );
    expect(filterPatches(r.patches, s, r.state, "dm")).toContainEqual({
      op: "replace",
      path: ["canRollback"],
      value: true,
    });
    expect(act(r.state, { type: "rollback", turnId: r.state.turn!.id }, DM).redo).toHaveLength(1);
  });
});

/**
 * A wall down column 4 with one gap, at (4,2): a secret (hidden, closed) door only the crank
 * at (2,1), next to the hero, opens. A hidden trap at (8,8) blocks nothing.
 */
const secretDoorRoom = (): InteractionSetup => {
  const setup = ambushRoom();
  setup.participants = [pc("hero", "p1", 1, 1), pc("ally", "p2", 1, 3), monster("gob", 6, 1)];
  setup.map.blocked = Array.from({ length: 10 }, (_, y) => ({ x: 4, y })).filter((p) => p.y !== 2);
  setup.map.objects.push(
    {
      id: "secret",
      name: "secret door",
      kind: "door",
      position: { x: 4, y: 2 },
      open: false,
      locked: true,
      hidden: true,
    },
    { id: "crank", name: "crank", kind: "lever", position: { x: 2, y: 1 }, on: false, toggles: ["secret"] },
  );
  return setup;
};

/** Applies `c` and checks that the players' and the DM's patches bring their views along. */
function viewsFollow(s: InteractionState, c: Command, actor = DM): InteractionState {
  const r = ok(applyCommand(s, c, { actor, now: 5 }));
  for (const aud of ["player", "dm"] as const)
    expect(applyPatches(viewFor(s, aud), filterPatches(r.patches, s, r.state, aud))).toEqual(
      viewFor(r.state, aud),
    );
  return r.state;
}

describe("hidden objects that block", () => {
  const gap = { x: 4, y: 2 };

  it("read as wall to players (a secret door), not to the DM, who sees the object", () => {
    const s = started(secretDoorRoom(), ["hero", "ally", "gob"]);
    const player = viewFor(s, "player");
    expect(player.map.objects.secret).toBeUndefined();
    expect(player.map.objects.pit).toBeUndefined();
    // the walls, then the hidden door's cell (the hidden trap's is not one)
    expect(player.map.blocked).toEqual([...s.map.blocked, gap]);
    expect(reachableCells(player, "hero", 60).some((r) => r.position.x > 4)).toBe(false);
    const dm = viewFor(s, "dm");
    expect(dm.map.objects.secret).toMatchObject({ open: false, hidden: true });
    expect(dm.map.blocked).toEqual(s.map.blocked);
    expect(dm.map.blocked).not.toContainEqual(gap);
  });

  it("a chest or lever hidden on a wall, or under another hidden object, adds no cell twice", () => {
    const setup = secretDoorRoom();
    const cell = (x: number, y: number) => ({ x, y });
    setup.map.objects.push(
      {
        id: "cache",
        name: "cache",
        kind: "chest",
        position: cell(4, 2),
        open: false,
        locked: false,
        loot: [],
        hidden: true,
      },
      { id: "knob", name: "knob", kind: "lever", position: cell(4, 5), on: false, toggles: [], hidden: true },
      {
        id: "box",
        name: "box",
        kind: "chest",
        position: cell(7, 0),
        open: false,
        locked: false,
        loot: [],
        hidden: true,
      },
    );
    const player = viewFor(started(setup), "player");
    // sorted by row, then column; (4,5) is wall already
    expect(player.map.blocked.slice(-2)).toEqual([cell(7, 0), gap]);
    expect(player.map.blocked).toHaveLength(9 + 2);
  });

  it("revealed, the secret door comes into the players' view and its cell is no longer wall", () => {
    const s = started(secretDoorRoom(), ["hero", "ally", "gob"]);
    const r = ok(applyCommand(s, { type: "reveal", id: "secret", of: "object" }, { actor: DM, now: 5 }));
    const patches = filterPatches(r.patches, s, r.state, "player");
    expect(patches).toContainEqual({
      op: "add",
      path: ["map", "objects", "secret"],
      value: r.state.map.objects.secret,
    });
    expect(patches).toContainEqual({ op: "replace", path: ["map", "blocked"], value: r.state.map.blocked });
    const player = applyPatches(viewFor(s, "player"), patches);
    expect(player).toEqual(viewFor(r.state, "player"));
    expect(player.map.blocked).not.toContainEqual(gap);
    expect(player.map.objects.secret).toMatchObject({ open: false, hidden: false });
    // the DM's view had it all along: only the object's flag changes
    expect(filterPatches(r.patches, s, r.state, "dm").map((p) => p.path)).toContainEqual([
      "map",
      "objects",
      "secret",
      "hidden",
    ]);
    // rolled back to the start of the hero's turn, from before the reveal: wall once more
    const next = act(r.state, { type: "endTurn", turnId: r.state.turn!.id, entityId: "hero" }, P1);
    const rolled = viewsFollow(next, { type: "rollback", turnId: next.turn!.id });
    expect(rolled.map.objects.secret?.hidden).toBe(true);
    expect(viewFor(rolled, "player").map.blocked).toContainEqual(gap);
  });

  it("opened by a lever, the secret door stays hidden but no longer reads as wall; closed, it does again", () => {
    let s = started(secretDoorRoom(), ["hero", "ally", "gob"]);
    const pull = () =>
      ({ type: "interactObject", turnId: s.turn!.id, entityId: "hero", objectId: "crank" }) as const;
    s = viewsFollow(s, pull(), P1);
    expect(s.map.objects.secret).toMatchObject({ open: true, hidden: true });
    let player = viewFor(s, "player");
    expect(player.map.objects.secret).toBeUndefined();
    expect(player.map.blocked).toEqual(s.map.blocked);
    expect(reachableCells(player, "hero").some((r) => r.position.x > 4)).toBe(true);
    // the second pull costs the action; it closes the door again
    s = viewsFollow(s, pull(), P1);
    expect(s.map.objects.secret).toMatchObject({ open: false, hidden: true });
    player = viewFor(s, "player");
    expect(player.map.blocked).toContainEqual(gap);
  });

  it("players get no blocked-cells patch when no hidden object changes what blocks", () => {
    const s = started(secretDoorRoom(), ["hero", "ally", "gob"]);
    // the hidden trap goes: nothing it blocked, so no patch for the walls
    const r = ok(applyCommand(s, { type: "reveal", id: "pit", of: "object" }, { actor: DM, now: 5 }));
    const patches = filterPatches(r.patches, s, r.state, "player");
    expect(patches.some((p) => p.path[1] === "blocked")).toBe(false);
    expect(applyPatches(viewFor(s, "player"), patches)).toEqual(viewFor(r.state, "player"));
  });
});

describe("recent log", () => {
  it("stays bounded and reaches players entry by entry through the patches", () => {
    let s = started();
    let player = viewFor(s, "player");
    for (let i = 0; i < 80; i++) {
      const r = ok(
        applyCommand(
          s,
          { type: "presence", userId: DM.userId, online: i % 2 === 1 },
          { actor: DM, now: 1_000 + i },
        ),
      );
      const patches = filterPatches(r.patches, s, r.state, "player");
      // no whole-log replacement: at most a new chunk, an entry and a dropped chunk
      for (const p of patches) if (p.path[0] === "log") expect(p.path.length).toBeGreaterThan(1);
      player = applyPatches(player, patches);
      s = r.state;
    }
    const recent = recentLog(s.log);
    expect(recent.length).toBeGreaterThanOrEqual(50);
    expect(recent.length).toBeLessThanOrEqual(60);
    expect(recent[recent.length - 1]!.text).toBe("The DM is back.");
    expect(player).toEqual(viewFor(s, "player"));
  });
});

describe("events", () => {
  it("DM-only log lines (about hidden things) never reach players", () => {
    const s = started(ambushRoom(), ["hero", "lurker", "ally", "gob"]);
    const t = s.turn!.id;
    const s2 = act(s, { type: "endTurn", turnId: t, entityId: "hero" }, P1);
    const r = ok(applyCommand(s2, { type: "skipTurn", turnId: s2.turn!.id }, { actor: DM, now: 7 }));
    const dmLines = r.events.filter((e) => e.type === "log" && e.entry.dmOnly);
    expect(dmLines.length).toBeGreaterThan(0);
    expect(eventsFor(r.events, "player").some((e) => e.type === "log" && e.entry.dmOnly)).toBe(false);
    expect(recentLog(viewFor(r.state, "player").log).some((l) => l.text.includes("lurker"))).toBe(false);
  });

  it("timeouts and presence do not count as human activity", () => {
    expect(isHumanActivity({ type: "timeout", turnId: 1 })).toBe(false);
    expect(isHumanActivity({ type: "presence", userId: "u", online: true })).toBe(false);
    expect(isHumanActivity({ type: "endTurn", turnId: 1, entityId: "e" })).toBe(true);
  });
});
