import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import { createInteraction } from "../create";
import { produce } from "immer";
import { socialParley } from "../scenarios";
import type { InteractionState } from "../state";
import { act, ADMIN, DM, logText, monster, ok, P1, P2, pc, refused, room, started, SYSTEM } from "../testkit";

describe("start and initiative", () => {
  it("start rolls missing initiative (d20 + DEX), sorts it and gives the first entity the turn", () => {
    const s0 = createInteraction(room(), { seed: 3, now: 0 });
    const r = ok(applyCommand(s0, { type: "start" }, { actor: DM, now: 10 }));
    const s = r.state;
    expect(s.status).toBe("active");
    expect(s.round).toBe(1);
    expect(s.order).toHaveLength(3);
    for (let i = 1; i < s.order.length; i++)
      expect(s.order[i - 1]!.initiative).toBeGreaterThanOrEqual(s.order[i]!.initiative);
    expect(s.turn).toMatchObject({ entityId: s.order[0]!.entityId, startedAt: 10 });
    expect(r.events.some((e) => e.type === "turn")).toBe(true);
  });

  it("breaks ties by DEX, then by id, so the order never depends on luck", () => {
    let s = createInteraction(
      room({
        participants: [
          pc("b", "p1", 1, 1),
          pc("a", "p1", 2, 1),
          monster("m", 5, 5, { abilities: { str: 0, dex: 5, con: 0, int: 0, wis: 0, cha: 0 } }),
        ],
      }),
      { seed: 1, now: 0 },
    );
    for (const id of ["a", "b", "m"])
      s = act(s, { type: "updateInitiative", entityId: id, initiative: 12 }, DM, 0);
    expect(s.order.map((o) => o.entityId)).toEqual(["m", "a", "b"]);
  });

  it("only the DM rolls initiative; a player may enter only their own PC's", () => {
    const s = createInteraction(room(), { seed: 1, now: 0 });
    refused(s, { type: "rollInitiative", scope: "all" }, P1, "FORBIDDEN");
    refused(s, { type: "updateInitiative", entityId: "ally", initiative: 5 }, P1, "NOT_OWNER");
    refused(s, { type: "updateInitiative", entityId: "gob", initiative: 5 }, P1, "FORBIDDEN");
    const mine = act(s, { type: "updateInitiative", entityId: "hero", initiative: 17 }, P1);
    const npcs = act(mine, { type: "rollInitiative", scope: "npcs" }, DM);
    expect(npcs.order.find((o) => o.entityId === "hero")?.initiative).toBe(17);
    expect(npcs.order).toHaveLength(3);
  });

  it("once the fight has started only the DM changes initiative: a player cannot reorder to act twice in a round", () => {
    let s = started(room(), ["hero", "gob", "ally"]);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    const msg = refused(s, { type: "updateInitiative", entityId: "hero", initiative: -5 }, P1, "FORBIDDEN");
    expect(msg).toContain("Only the DM can change initiative once the interaction has started");
    const dm = act(s, { type: "updateInitiative", entityId: "hero", initiative: -5 }, DM);
    expect(dm.order.find((o) => o.entityId === "hero")).toEqual({
      entityId: "hero",
      initiative: 30,
      next: -5,
    });
  });

  /** Ends turns until the next round begins; the names of whose turns came, round by round. */
  function playRound(s: InteractionState): { s: InteractionState; turns: string[] } {
    const round = s.round;
    const turns: string[] = [];
    while (s.round === round && s.turn) {
      const e = s.turn.entityId;
      s = act(
        s,
        { type: "endTurn", turnId: s.turn.id, entityId: e },
        e === "hero" ? P1 : e === "ally" ? P2 : DM,
      );
      turns.push(s.round === round ? s.turn!.entityId : `round ${s.round}: ${s.turn!.entityId}`);
    }
    return { s, turns };
  }

  it("a DM's initiative change during play takes effect when the next round begins: no one loses a turn or gets two", () => {
    // the current creature drops to last: the others still act this round, and it does not act twice
    let s = started(room(), ["hero", "gob", "ally"]);
    s = act(s, { type: "updateInitiative", entityId: "hero", initiative: 1 }, DM);
    expect(logText(s)).toContain("hero's initiative becomes 1 from round 2.");
    expect(s.order.map((o) => o.entityId)).toEqual(["hero", "gob", "ally"]);
    const first = playRound(s);
    expect(first.turns).toEqual(["gob", "ally", "round 2: gob"]);
    expect(first.s.order).toEqual([
      { entityId: "gob", initiative: 29, since: 2 },
      { entityId: "ally", initiative: 28, since: 2 },
      { entityId: "hero", initiative: 1, since: 2 },
    ]);
    expect(playRound(first.s).turns).toEqual(["ally", "hero", "round 3: gob"]);

    // round 2 began in the new order: Backtrack stays within it (round 1's order is gone), rollback is whole
    const round2 = first.s;
    const msg = refused(round2, { type: "backtrackTurn", turnId: round2.turn!.id }, DM, "BAD_STATE");
    expect(msg).toContain("The initiative order changed as this round began");
    const second = act(round2, { type: "endTurn", turnId: round2.turn!.id, entityId: "gob" }, DM);
    const back = act(second, { type: "backtrackTurn", turnId: second.turn!.id }, DM);
    expect([back.round, back.turn!.entityId]).toEqual([2, "gob"]);
    const undone = act(round2, { type: "rollback", turnId: round2.turn!.id }, DM);
    expect(undone.order.map((o) => o.entityId)).toEqual(["hero", "gob", "ally"]);
    // a round later the order is the same as the round before: Backtrack crosses again
    const round3 = playRound(round2).s;
    expect(act(round3, { type: "backtrackTurn", turnId: round3.turn!.id }, DM).round).toBe(2);

    // the last creature, on its turn, moves to the top: the round still ends after it
    let t = started(room(), ["hero", "gob", "ally"]);
    t = act(t, { type: "endTurn", turnId: t.turn!.id, entityId: "hero" }, P1);
    t = act(t, { type: "endTurn", turnId: t.turn!.id, entityId: "gob" }, DM);
    t = act(t, { type: "updateInitiative", entityId: "ally", initiative: 50 }, DM);
    t = act(t, { type: "endTurn", turnId: t.turn!.id, entityId: "ally" }, P2);
    expect([t.round, t.turn!.entityId]).toEqual([2, "ally"]);
    expect(t.order.map((o) => o.entityId)).toEqual(["ally", "hero", "gob"]);

    // set back before the round ends: nothing changes
    let u = started(room(), ["hero", "gob", "ally"]);
    u = act(u, { type: "updateInitiative", entityId: "gob", initiative: 5 }, DM);
    u = act(u, { type: "updateInitiative", entityId: "gob", initiative: 29 }, DM);
    expect(u.order.find((o) => o.entityId === "gob")).toEqual({ entityId: "gob", initiative: 29 });
  });

  it("a DM of another table and a non-test admin are refused", () => {
    const s = createInteraction(room(), { seed: 1, now: 0 });
    refused(s, { type: "start" }, { userId: "other", role: "dm" }, "FORBIDDEN");
    refused(s, { type: "start" }, ADMIN, "FORBIDDEN");
    const test = createInteraction(room({ isTest: true }), { seed: 1, now: 0 });
    expect(act(test, { type: "start" }, ADMIN).status).toBe("active");
  });

  it("commands that do not fit the status are refused with BAD_STATE and change nothing", () => {
    const s = createInteraction(room(), { seed: 1, now: 0 });
    const msg = refused(s, { type: "endTurn", turnId: 1, entityId: "hero" }, P1, "BAD_STATE");
    expect(msg).toContain("has not started");
    refused(s, { type: "resume" }, DM, "BAD_STATE");
  });

  it("a malformed command is INVALID_COMMAND", () => {
    const s = started();
    const r = applyCommand(s, { type: "moveEntity", turnId: 1, entityId: "hero", path: [] } as never, {
      actor: P1,
      now: 1,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe("INVALID_COMMAND");
    const r2 = applyCommand(
      s,
      { type: "sendChat", channel: "party", text: "x".repeat(5000) },
      { actor: P1, now: 1 },
    );
    expect(r2.ok).toBe(false);
  });
});

describe("pause, resume and end", () => {
  it("pause freezes the player's timer, snapshots and closes; resume gives back the time left", () => {
    const s = started(); // hero (a PC) has the turn with a 90 s deadline from t=0
    expect(s.turn?.deadline).toBe(90_000);
    const p = ok(applyCommand(s, { type: "pause" }, { actor: DM, now: 30_000 }));
    expect(p.state.status).toBe("paused");
    expect(p.state.turn?.deadline).toBeUndefined();
    expect(p.state.turn?.remainingMs).toBe(60_000);
    expect(p.effects).toEqual(
      expect.arrayContaining([
        { type: "clearDeadline" },
        { type: "snapshot", reason: "pause" },
        { type: "close", reason: "paused" },
      ]),
    );
    refused(p.state, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1, "BAD_STATE");
    const r = ok(applyCommand(p.state, { type: "resume" }, { actor: DM, now: 500_000 }));
    expect(r.state.status).toBe("active");
    expect(r.state.turn?.deadline).toBe(560_000);
    expect(r.effects).toContainEqual({ type: "setDeadline", at: 560_000 });
  });

  it("a server stopping stops the turn's clock in play; the next one starts it with the time left", () => {
    const s = started(); // hero's turn, deadline 90 s
    const stopped = ok(applyCommand(s, { type: "stopClock" }, { actor: SYSTEM, now: 50_000 }));
    expect(stopped.state.status).toBe("active");
    expect(stopped.state.turn).toMatchObject({ id: s.turn!.id, remainingMs: 40_000 });
    expect(stopped.state.turn?.deadline).toBeUndefined();
    expect(stopped.effects).toEqual([{ type: "clearDeadline" }]);
    // Nothing runs out meanwhile, and nothing to stop twice.
    refused(stopped.state, { type: "timeout", turnId: s.turn!.id }, SYSTEM, "BAD_STATE");
    refused(stopped.state, { type: "stopClock" }, SYSTEM, "BAD_STATE");
    const started2 = ok(applyCommand(stopped.state, { type: "startClock" }, { actor: SYSTEM, now: 900_000 }));
    expect(started2.state.turn?.deadline).toBe(940_000);
    expect(started2.state.turn?.remainingMs).toBeUndefined();
    expect(started2.effects).toEqual([{ type: "setDeadline", at: 940_000 }]);
    refused(started2.state, { type: "startClock" }, SYSTEM, "BAD_STATE");
    // The DM's own turns have no clock to stop.
    const dmTurn = started(room(), ["gob", "hero", "ally"]);
    refused(dmTurn, { type: "stopClock" }, SYSTEM, "BAD_STATE");
  });

  it("a player who came back while the game was paused gets their missed turns when it resumes", () => {
    let s = started(room(), ["hero", "gob", "ally"]);
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 10);
    s = act(s, { type: "presence", userId: "p1", online: false }, P1, 20);
    s = act(s, { type: "timeout", turnId: s.turn!.id }, SYSTEM, 90_000); // hero's turn is missed
    s = act(s, { type: "pause" }, DM, 90_100);
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 90_200);
    expect(s.missed).toEqual([expect.objectContaining({ entityId: "hero" })]); // not offered while paused
    const r = ok(applyCommand(s, { type: "resume" }, { actor: DM, now: 90_300 }));
    expect(r.state.missed).toEqual([]);
    expect(r.events).toContainEqual(expect.objectContaining({ type: "notice", userIds: ["p1"] }));
    s = act(r.state, { type: "endTurn", turnId: r.state.turn!.id, entityId: "gob" }, DM, 90_400);
    expect(s.turn?.entityId).toBe("hero");
    expect(typeof s.turn?.makeUpFor).toBe("number");
  });

  it("end completes with XP from defeated monsters shared by the PCs, and closes with the logs", () => {
    let s = started(
      room({
        participants: [
          pc("hero", "p1", 1, 1),
          pc("ally", "p2", 1, 3),
          monster("gob", 2, 1, { maxHp: 1, xp: 90 }),
        ],
      }),
      ["hero", "ally", "gob"],
    );
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "sword", targets: ["gob"] },
      P1,
    );
    expect(s.entities.gob?.defeated).toBe(true);
    s = act(s, { type: "sendChat", channel: "party", text: "gg" }, P1);
    const r = ok(applyCommand(s, { type: "end" }, { actor: DM, now: 9_000 }));
    expect(r.state.status).toBe("completed");
    expect(r.state.results).toMatchObject({ winner: "party", xp: { hero: 45, ally: 45 }, endedAt: 9_000 });
    const close = r.effects.find((e) => e.type === "close");
    expect(close).toMatchObject({ type: "close", reason: "completed", results: { winner: "party" } });
    if (close?.type === "close" && close.reason === "completed") {
      expect(close.finalState).toBe(r.state);
      expect(close.chatLog.map((m) => m.text)).toEqual(["gg"]);
      expect(close.turnLog.some((l) => l.text.includes("defeated"))).toBe(true);
    }
    expect(r.effects).toContainEqual({ type: "snapshot", reason: "complete" });
    refused(r.state, { type: "start" }, DM, "BAD_STATE");
  });

  it("a lost parley ends as a failed parley, not as the party's defeat", () => {
    const hostile = produce(started(socialParley({ dm: "dm", players: ["p1", "p2", "p3"] })), (d) => {
      d.entities.chief!.attitude = -3;
    });
    const r = ok(applyCommand(hostile, { type: "end" }, { actor: DM, now: 9_000 }));
    expect(r.state.results?.winner).toBe("enemy");
    expect(logText(r.state)).toContain("The interaction is over: the parley has failed.");
    expect(logText(r.state)).not.toContain("defeated");
  });
});
