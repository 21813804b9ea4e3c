import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import { createInteraction } from "../create";
import { recentLog, type InteractionState } from "../state";
import { viewFor } from "../view";
import { backtrackTarget } from "./turns";
import {
  act,
  DM,
  heroMakeUpTurn,
  logText,
  npc,
  ok,
  P1,
  P2,
  refused,
  room,
  started,
  SYSTEM,
} from "../testkit";

describe("whose turn", () => {
  it("players act only for their own PCs, the DM only for monsters", () => {
    const s = started(); // hero, ally, gob
    const t = s.turn!.id;
    refused(s, { type: "endTurn", turnId: t, entityId: "hero" }, P2, "NOT_OWNER");
    refused(s, { type: "endTurn", turnId: t, entityId: "hero" }, DM, "NOT_OWNER");
    refused(s, { type: "endTurn", turnId: t, entityId: "gob" }, P1, "NOT_OWNER");
    refused(s, { type: "endTurn", turnId: t, entityId: "ally" }, P2, "NOT_YOUR_TURN");
    expect(act(s, { type: "endTurn", turnId: t, entityId: "hero" }, P1).turn?.entityId).toBe("ally");
  });

  it("a command for another turn is STALE_TURN; a late one for a turn that already ended is a CONFLICT naming it", () => {
    const s = started();
    const t = s.turn!.id;
    refused(s, { type: "endTurn", turnId: t + 5, entityId: "hero" }, P1, "STALE_TURN");
    const s2 = act(s, { type: "endTurn", turnId: t, entityId: "hero" }, P1);
    const msg = refused(
      s2,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "dodge", targets: [] },
      P1,
      "CONFLICT",
    );
    expect(msg).toContain(`turn ${t}`);
  });

  it("when two seats spend the same action, the second gets a conflict; the same seat gets NO_ACTION_LEFT", () => {
    const setup = room({ isTest: true });
    const s = started(setup);
    const t = s.turn!.id;
    const admin = { userId: "admin", role: "admin" as const };
    const s2 = act(s, { type: "takeTurn", turnId: t, entityId: "hero", actionId: "dodge", targets: [] }, P1);
    expect(
      refused(
        s2,
        { type: "takeTurn", turnId: t, entityId: "hero", actionId: "dash", targets: [] },
        admin,
        "CONFLICT",
      ),
    ).toContain(`turn ${t}`);
    refused(
      s2,
      { type: "takeTurn", turnId: t, entityId: "hero", actionId: "dash", targets: [] },
      P1,
      "NO_ACTION_LEFT",
    );
  });

  it("ending the last turn of the round starts the next round and asks for a snapshot", () => {
    let s = started();
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2);
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, { actor: DM, now: 5_000 }),
    );
    expect(r.state.round).toBe(2);
    expect(r.state.turn).toMatchObject({ entityId: "hero", startedAt: 5_000, deadline: 95_000 });
    expect(r.effects).toEqual(
      expect.arrayContaining([
        { type: "snapshot", reason: "round_end" },
        { type: "setDeadline", at: 95_000 },
      ]),
    );
  });

  it("monster turns have no timer; moving to one clears the deadline", () => {
    let s = started(room(), ["hero", "gob", "ally"]);
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, { actor: P1, now: 2_000 }),
    );
    s = r.state;
    expect(s.turn).toMatchObject({ entityId: "gob" });
    expect(s.turn?.deadline).toBeUndefined();
    expect(r.effects).toContainEqual({ type: "clearDeadline" });
  });
});

describe("timeouts, skips and backtracking", () => {
  it("a timeout before the deadline is refused; at the deadline the turn is logged as timed out", () => {
    const s = started();
    const t = s.turn!.id;
    refused(s, { type: "timeout", turnId: t }, DM, "BAD_STATE", 89_999);
    refused(s, { type: "timeout", turnId: t + 1 }, DM, "STALE_TURN", 90_000);
    const s2 = act(s, { type: "timeout", turnId: t }, DM, 90_000);
    expect(s2.turn?.entityId).toBe("ally");
    expect(recentLog(s2.log).map((l) => l.text)).toContain("hero's turn timed out.");
    expect(s2.turnLog.flat().some((l) => l.turn?.outcome === "timed_out" && l.turn.id === t)).toBe(true);
  });

  it("only the DM skips turns, and backtracking returns the pointer without undoing anything", () => {
    let s = started();
    refused(s, { type: "skipTurn", turnId: s.turn!.id }, P1, "FORBIDDEN");
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "dodge", targets: [] },
      P1,
    );
    s = act(s, { type: "skipTurn", turnId: s.turn!.id }, DM);
    expect(s.turn?.entityId).toBe("ally");
    s = act(s, { type: "backtrackTurn", turnId: s.turn!.id }, DM);
    expect(s.turn?.entityId).toBe("hero");
    expect(s.turn?.actionUsed).toBeUndefined();
    expect(s.entities.hero?.conditions.map((c) => c.name)).toEqual(["dodging"]);
    refused(s, { type: "backtrackTurn", turnId: s.turn!.id }, DM, "BAD_STATE");
  });

  it("backtracking from a make-up turn returns to the turn it came after, in the same round, and the make-up turn comes again", () => {
    let s = started(room(), ["hero", "gob", "ally"]);
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 10);
    s = act(s, { type: "presence", userId: "p1", online: false }, P1, 20);
    s = act(s, { type: "timeout", turnId: s.turn!.id }, SYSTEM, 90_000); // hero missed turn 1
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM, 90_100);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2, 90_200);
    s = act(s, { type: "timeout", turnId: s.turn!.id }, SYSTEM, 180_200); // and round 2's
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 180_300);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM, 180_400);
    expect(s.turn).toMatchObject({ entityId: "hero", makeUpFor: 1, resumeAfter: "gob" });
    expect(s.round).toBe(2);
    s = act(s, { type: "backtrackTurn", turnId: s.turn!.id }, DM, 180_500);
    expect(s.turn?.entityId).toBe("gob");
    expect(s.round).toBe(2);
    expect(logText(s)).toContain("The DM went back to gob's turn.");
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM, 180_600);
    expect(s.turn).toMatchObject({ entityId: "hero", makeUpFor: 1 });
  });

  it("backtracking from a make-up turn in the first round is not refused", () => {
    let s = heroMakeUpTurn();
    expect(s.turn).toMatchObject({ entityId: "hero", makeUpFor: 1 });
    s = act(s, { type: "backtrackTurn", turnId: s.turn!.id }, DM, 90_300);
    expect(s.turn?.entityId).toBe("gob");
    expect(s.round).toBe(1);
  });
});

describe("backtrackTarget (what the DM's Backtrack button follows)", () => {
  const down = (s: InteractionState, id: string): InteractionState => ({
    ...s,
    entities: { ...s.entities, [id]: { ...s.entities[id]!, unconscious: true } },
  });
  const next = (s: InteractionState, now = 2_000) =>
    act(s, { type: "skipTurn", turnId: s.turn!.id }, DM, now);
  const round2 = next(next(next(started())));

  it.each([
    ["round 1's first turn", started(), null],
    ["round 1's second turn", next(started()), { entityId: "hero", round: 1 }],
    ["round 1's second turn, the first one down", down(next(started()), "hero"), null],
    ["round 2's first turn", round2, { entityId: "gob", round: 1 }],
    ["round 2's first turn, the last one down", down(round2, "gob"), { entityId: "ally", round: 1 }],
    ["a make-up turn in round 1", heroMakeUpTurn(), { entityId: "gob", round: 1 }],
  ])("agrees with backtrackTurn on %s", (_, s, want) => {
    expect(backtrackTarget(s, s.turn!)).toEqual(want);
    const r = applyCommand(s, { type: "backtrackTurn", turnId: s.turn!.id }, { actor: DM, now: 3_000 });
    if (want === null) expect(r.ok ? "accepted" : r.error.code).toBe("BAD_STATE");
    else expect(r.ok && { entityId: r.state.turn?.entityId, round: r.state.round }).toEqual(want);
  });
});

describe("away players and the DM", () => {
  it("a turn skipped while its player is away is missed, and comes back as a make-up turn on reconnect", () => {
    let s = started();
    s = act(s, { type: "presence", userId: "p1", online: true }, P1);
    const off = ok(
      applyCommand(s, { type: "presence", userId: "p1", online: false }, { actor: P1, now: 1_500 }),
    );
    expect(off.effects).toContainEqual({ type: "snapshot", reason: "disconnect" });
    expect(off.events).toContainEqual({ type: "presence", userId: "p1", online: false });
    s = act(off.state, { type: "skipTurn", turnId: s.turn!.id }, DM);
    expect(s.missed).toEqual([expect.objectContaining({ entityId: "hero" })]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2); // gob's turn now
    const back = ok(
      applyCommand(s, { type: "presence", userId: "p1", online: true }, { actor: P1, now: 3_000 }),
    );
    expect(back.events.some((e) => e.type === "notice" && e.userIds.includes("p1"))).toBe(true);
    s = back.state;
    expect(s.missed).toEqual([]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM);
    expect(s.turn?.entityId).toBe("hero");
    expect(typeof s.turn?.makeUpFor).toBe("number");
    expect(s.round).toBe(1); // inserted right after the current turn, before the round wraps
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    expect(s.round).toBe(2);
    expect(s.turn?.entityId).toBe("hero");
  });

  it("a disconnect in the lobby keeps what was set before the fight in a snapshot too", () => {
    let s = createInteraction(room(), { seed: 1, now: 0 });
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 10);
    s = act(s, { type: "updateInitiative", entityId: "hero", initiative: 17 }, P1, 20);
    const off = ok(
      applyCommand(s, { type: "presence", userId: "p1", online: false }, { actor: P1, now: 30 }),
    );
    expect(off.state.status).toBe("lobby");
    expect(off.effects).toContainEqual({ type: "snapshot", reason: "disconnect" });
    // the state the room snapshots (the one this command produced) holds the roll
    expect(off.state.order).toContainEqual(expect.objectContaining({ entityId: "hero", initiative: 17 }));
  });

  it("a player who has not joined yet is away too: their timed-out turn is missed and made up when they first join", () => {
    let s = started(); // no presence at all: nobody has joined
    s = act(s, { type: "presence", userId: "p2", online: true }, P2);
    s = act(s, { type: "timeout", turnId: s.turn!.id }, SYSTEM, 90_000); // hero's, p1 never came
    expect(s.missed).toEqual([expect.objectContaining({ entityId: "hero" })]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2, 90_100); // p2 is here
    expect(s.missed).toEqual([expect.objectContaining({ entityId: "hero" })]);
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 90_200); // p1 arrives at last
    expect(s.missed).toEqual([]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM, 90_300);
    expect(s.turn?.entityId).toBe("hero");
    expect(typeof s.turn?.makeUpFor).toBe("number");
    expect(s.round).toBe(1);
  });

  it("the DM leaving puts the table in awaiting_dm; players keep playing; the DM's return resumes", () => {
    let s = started();
    s = act(s, { type: "presence", userId: "dm", online: true }, DM);
    s = act(s, { type: "presence", userId: "dm", online: false }, DM);
    expect(s.status).toBe("awaiting_dm");
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2);
    expect(s.turn?.entityId).toBe("gob");
    s = act(
      s,
      { type: "queueTurn", entityId: "hero", steps: [{ kind: "action", actionId: "dodge", targets: [] }] },
      P1,
    );
    s = act(s, { type: "presence", userId: "dm", online: true }, DM);
    expect(s.status).toBe("active");
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM);
    // hero's queued turn ran and ended by itself
    expect(s.entities.hero?.conditions.map((c) => c.name)).toContain("dodging");
    expect(s.turn?.entityId).toBe("ally");
  });

  it("a turn the DM queued before leaving still runs while the table awaits the DM", () => {
    let s = started();
    s = act(
      s,
      { type: "queueTurn", entityId: "gob", steps: [{ kind: "action", actionId: "dodge", targets: [] }] },
      DM,
    );
    s = act(s, { type: "presence", userId: "dm", online: true }, DM);
    s = act(s, { type: "presence", userId: "dm", online: false }, DM);
    expect(s.status).toBe("awaiting_dm");
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, P2);
    expect(s.entities.gob?.conditions.map((c) => c.name)).toContain("dodging");
    expect([s.round, s.turn?.entityId, s.status]).toEqual([2, "hero", "awaiting_dm"]);
  });

  it("presence is reported only for yourself and only by people at this table", () => {
    const s = started();
    refused(s, { type: "presence", userId: "p2", online: true }, P1, "FORBIDDEN");
    refused(
      s,
      { type: "presence", userId: "stranger", online: true },
      { userId: "stranger", role: "player" },
      "FORBIDDEN",
    );
  });
});

describe("queued turns", () => {
  it("a queued turn that is invalid when it comes up falls back to manual play and tells its owner why", () => {
    let s = started();
    s = act(
      s,
      {
        type: "queueTurn",
        entityId: "ally",
        steps: [{ kind: "action", actionId: "sword", targets: ["gob"] }],
      },
      P2,
    );
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, { actor: P1, now: 2_000 }),
    );
    expect(r.state.turn?.entityId).toBe("ally");
    expect(r.state.turn?.status).toBeUndefined();
    const notice = r.events.find((e) => e.type === "notice");
    expect(notice).toMatchObject({ userIds: ["p2"] });
    expect(notice?.type === "notice" && notice.message).toMatch(/ft away/);
    expect(r.state.queued.ally).toBeUndefined();
    // Kept for an owner who was not there to get the notice: in the log, which a sync carries.
    const line = recentLog(r.state.log).find((l) => l.text.includes("queued turn stopped at step 1:"));
    expect(line?.text).toMatch(/ft away/);
    expect(line?.dmOnly).toBeUndefined();
    expect(recentLog(viewFor(r.state, "player").log)).toContainEqual(line);
  });

  it("keeps why the DM's queued monster turn stopped from the players", () => {
    let s = started();
    s = act(
      s,
      {
        type: "queueTurn",
        entityId: "gob",
        steps: [{ kind: "action", actionId: "sword", targets: ["hero"] }],
      },
      DM,
    );
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "ally" }, { actor: P2, now: 3_000 }),
    );
    expect(r.state.turn?.entityId).toBe("gob");
    const line = recentLog(r.state.log).find((l) => l.text.includes("queued turn stopped"));
    expect(line?.dmOnly).toBe(true);
    expect(recentLog(viewFor(r.state, "player").log)).not.toContainEqual(line);
  });

  it("keeps why the DM's queued turn for a party NPC stopped from the players too (the DM's plan)", () => {
    const setup = room();
    setup.participants.push({ ...npc("squire", "Squire", 1, 5), side: "party" });
    let s = started(setup, ["hero", "squire", "ally", "gob"]);
    s = act(
      s,
      { type: "queueTurn", entityId: "squire", steps: [{ kind: "move", path: [{ x: 9, y: 9 }] }] },
      DM,
    );
    const r = ok(
      applyCommand(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, { actor: P1, now: 2_000 }),
    );
    expect(r.state.turn?.entityId).toBe("squire");
    const line = recentLog(r.state.log).find((l) =>
      l.text.includes("Squire's queued turn stopped at step 1:"),
    );
    expect(line?.dmOnly).toBe(true);
    expect(recentLog(viewFor(r.state, "player").log)).not.toContainEqual(line);
  });

  it("players may only queue for their own PCs, and can cancel", () => {
    let s = started();
    refused(
      s,
      { type: "queueTurn", entityId: "gob", steps: [{ kind: "action", actionId: "dodge", targets: [] }] },
      P1,
      "NOT_OWNER",
    );
    s = act(
      s,
      { type: "queueTurn", entityId: "ally", steps: [{ kind: "action", actionId: "dodge", targets: [] }] },
      P2,
    );
    expect(s.queued.ally?.by).toBe("p2");
    s = act(s, { type: "queueTurn", entityId: "ally", steps: [] }, P2);
    expect(s.queued.ally).toBeUndefined();
  });
});
