import { describe, expect, it } from "vitest";
import { applyPatches, produce } from "immer";
import { applyCommand } from "../apply";
import { recentLog, ROLLBACK_KEYS, type InteractionState } from "../state";
import { act, DM, hp, monster, ok, P1, P2, pc, refused, room, started, SYSTEM } from "../testkit";
import { eventsFor, filterPatches, viewFor } from "../view";

const game = (s: InteractionState) => {
  const g: Record<string, unknown> = {};
  for (const k of ROLLBACK_KEYS) g[k] = k === "turn" && s.turn ? { ...s.turn, deadline: undefined } : s[k];
  return JSON.parse(JSON.stringify(g)) as unknown;
};

describe("rollback and redo", () => {
  it("rollback restores the exact state at the start of the previous turn; redo puts the undone turn back", () => {
    let s = started(
      room({
        participants: room().participants.map((p) =>
          p.entityId === "gob" ? { ...p, position: { x: 2, y: 1 } } : p,
        ),
      }),
    );
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "sword", targets: ["gob"] },
      P1,
    );
    const atAllyStart = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    const heroStart = started(
      room({
        participants: room().participants.map((p) =>
          p.entityId === "gob" ? { ...p, position: { x: 2, y: 1 } } : p,
        ),
      }),
    );
    s = act(
      atAllyStart,
      { type: "takeTurn", turnId: atAllyStart.turn!.id, entityId: "ally", actionId: "dodge", targets: [] },
      P2,
    );
    const beforeRollback = s;
    refused(s, { type: "rollback", turnId: s.turn!.id }, P1, "FORBIDDEN");
    const r = ok(applyCommand(s, { type: "rollback", turnId: s.turn!.id }, { actor: DM, now: 50_000 }));
    expect(game(r.state)).toEqual(game(heroStart));
    expect(hp(r.state, "gob")).toBe(10);
    expect(r.state.version).toBe(s.version + 1);
    expect(r.state.turn?.deadline).toBe(140_000); // a fresh timer for the restored turn
    expect(r.effects).toContainEqual({ type: "setDeadline", at: 140_000 });
    const redone = act(r.state, { type: "redo", turnId: r.state.turn!.id }, DM, 50_000);
    expect(game(redone)).toEqual(game(beforeRollback));
    expect(redone.history).toEqual(beforeRollback.history);
    refused(redone, { type: "redo", turnId: redone.turn!.id }, DM, "BAD_STATE");
  });

  it("another game command after a rollback drops the redo", () => {
    let s = started();
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    s = act(s, { type: "rollback", turnId: s.turn!.id }, DM);
    s = act(s, { type: "sendChat", channel: "party", text: "oops" }, P1);
    expect(s.redo).toHaveLength(1); // chat is not part of the game
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "dodge", targets: [] },
      P1,
    );
    expect(s.redo).toHaveLength(0);
    refused(s, { type: "redo", turnId: s.turn!.id }, DM, "BAD_STATE");
  });

  it("a rollback or redo the DM asked for on a turn that has moved on is refused and changes nothing", () => {
    let s = started(); // hero, ally, gob
    const heros = s.turn!.id;
    s = act(s, { type: "endTurn", turnId: heros, entityId: "hero" }, P1);
    const allys = s.turn!.id;
    // the DM asked to roll back on hero's turn; ally's turn started before the confirm arrived
    expect(refused(s, { type: "rollback", turnId: heros }, DM, "STALE_TURN")).toBe(
      `That was meant for turn ${heros}, but it is now turn ${allys}.`,
    );
    s = act(s, { type: "endTurn", turnId: allys, entityId: "ally" }, P2);
    const gobs = s.turn!.id;
    const atGob = s;
    s = act(s, { type: "rollback", turnId: gobs }, DM); // ally's turn again, from its start
    expect(s.turn).toMatchObject({ id: allys, entityId: "ally" });
    // after a rollback the current turn is the restored earlier one: a redo names that
    const redoAsked = s.turn!.id;
    s = act(s, { type: "rollback", turnId: allys }, DM); // another DM tab rolls back once more
    expect(s.turn).toMatchObject({ id: heros, entityId: "hero" });
    const before = s;
    expect(refused(s, { type: "redo", turnId: redoAsked }, DM, "STALE_TURN")).toBe(
      `That was meant for turn ${allys}, but it is now turn ${heros}.`,
    );
    expect(refused(s, { type: "rollback", turnId: gobs }, DM, "STALE_TURN")).toContain(`turn ${gobs}`);
    expect(s).toBe(before);
    expect(s.redo).toHaveLength(2);
    // meant for the current turn, both work
    s = act(s, { type: "redo", turnId: heros }, DM);
    expect(s.turn).toMatchObject({ id: allys, entityId: "ally" });
    s = act(s, { type: "redo", turnId: allys }, DM);
    expect(game(s)).toEqual(game(atGob));
  });

  it("once no one can act, a rollback names no turn; one that names a turn is stale", () => {
    let s = started();
    const heros = s.turn!.id;
    s = act(s, { type: "endTurn", turnId: heros, entityId: "hero" }, P1);
    s = produce(s, (d) => {
      for (const e of Object.values(d.entities)) {
        e.hp = 0;
        if (e.kind === "pc") e.unconscious = true;
        else e.defeated = true;
      }
    });
    const last = s.turn!.id;
    s = act(s, { type: "skipTurn", turnId: last }, DM);
    expect(s.turn).toBeNull();
    expect(refused(s, { type: "rollback", turnId: last }, DM, "STALE_TURN")).toBe(
      `That was meant for turn ${last}, but no turn is running.`,
    );
    const back = act(s, { type: "rollback", turnId: null }, DM);
    expect(back.turn).toMatchObject({ id: heros, entityId: "hero" }); // the last turn's start is dropped
    expect(refused(back, { type: "redo", turnId: null }, DM, "STALE_TURN")).toBe(
      `That was meant for when no one had the turn, but it is now turn ${heros}.`,
    );
    expect(act(back, { type: "redo", turnId: heros }, DM).turn).toBeNull();
  });

  it("there is nothing to roll back on the first turn", () => {
    const s = started();
    refused(s, { type: "rollback", turnId: s.turn!.id }, DM, "BAD_STATE");
  });

  it("players never read a hidden creature's name when the DM rolls its turn back or redoes it", () => {
    const setup = room({
      participants: [pc("hero", "p1", 1, 1), monster("lurker", 8, 8, {}, true), monster("gob", 6, 1)],
    });
    let s = started(setup);
    const lines: string[] = [];
    const run = (c: Parameters<typeof applyCommand>[1], actor = DM) => {
      const r = ok(applyCommand(s, c, { actor, now: 1_000 }));
      const patched = applyPatches(viewFor(s, "player"), filterPatches(r.patches, s, r.state, "player"));
      expect(patched).toEqual(viewFor(r.state, "player"));
      for (const e of eventsFor(r.events, "player")) if (e.type === "log") lines.push(e.entry.text);
      s = r.state;
    };
    run({ type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1); // lurker's turn
    run({ type: "rollback", turnId: s.turn!.id }); // back to hero's
    run({ type: "redo", turnId: s.turn!.id }); // lurker's again
    run({ type: "endTurn", turnId: s.turn!.id, entityId: "lurker" }); // gob's
    run({ type: "rollback", turnId: s.turn!.id }); // back to lurker's
    expect(lines).toEqual(
      expect.arrayContaining([
        "The DM rolled back to the start of hero's turn.",
        "The DM redid a hidden creature's turn.",
        "The DM rolled back to the start of a hidden creature's turn.",
      ]),
    );
    const players = JSON.stringify(recentLog(viewFor(s, "player").log));
    expect(`${players} ${lines.join(" ")}`).not.toContain("lurker");
    // the DM still reads whose turn it was
    const dm = recentLog(viewFor(s, "dm").log).map((l) => l.text);
    expect(dm).toContain("The DM redid lurker's turn.");
    expect(dm).toContain("The DM rolled back to the start of lurker's turn.");
  });

  it("a rollback or redo keeps the make-up turns of a player who is back", () => {
    let s = started(room(), ["hero", "gob", "ally"]);
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 10);
    s = act(s, { type: "presence", userId: "p1", online: false }, P1, 20);
    s = act(s, { type: "timeout", turnId: s.turn!.id }, SYSTEM, 90_000); // hero missed it; gob's turn
    const gobsTurn = s;
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 90_100);
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM, 90_200);
    expect(s.turn).toMatchObject({ entityId: "hero", makeUpFor: 1 });
    // the DM rolls gob's turn back: hero's make-up turn still comes after it
    const r = ok(applyCommand(s, { type: "rollback", turnId: s.turn!.id }, { actor: DM, now: 90_300 }));
    expect(r.state.turn?.entityId).toBe("gob");
    expect(r.events.some((e) => e.type === "notice" && e.userIds.includes("p1"))).toBe(true);
    s = act(r.state, { type: "endTurn", turnId: r.state.turn!.id, entityId: "gob" }, DM, 90_400);
    expect(s.turn).toMatchObject({ entityId: "hero", makeUpFor: 1 });
    // redo: hero's player came back between the rollback and the redo of gob's turn
    s = act(gobsTurn, { type: "rollback", turnId: gobsTurn.turn!.id }, DM, 90_100); // hero's turn, p1 still away
    s = act(s, { type: "presence", userId: "p1", online: true }, P1, 90_200);
    s = act(s, { type: "redo", turnId: s.turn!.id }, DM, 90_300); // gob's turn, hero's missed turn restored
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "gob" }, DM, 90_400);
    expect(s.turn).toMatchObject({ entityId: "hero", makeUpFor: 1 });
  });
});
