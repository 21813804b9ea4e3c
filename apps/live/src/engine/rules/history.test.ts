import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import { ROLLBACK_KEYS, type InteractionState } from "../state";
import { act, DM, hp, ok, P1, P2, refused, room, started } from "../testkit";

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
    refused(s, { type: "rollback" }, P1, "FORBIDDEN");
    const r = ok(applyCommand(s, { type: "rollback" }, { actor: DM, now: 50_000 }));
    expect(game(r.state)).toEqual(game(heroStart));
    expect(hp(r.state, "gob")).toBe(10);
    expect(r.state.version).toBe(s.version + 1);
    expect(r.state.turn?.deadline).toBe(140_000); // a fresh timer for the restored turn
    expect(r.effects).toContainEqual({ type: "setDeadline", at: 140_000 });
    const redone = act(r.state, { type: "redo" }, DM, 50_000);
    expect(game(redone)).toEqual(game(beforeRollback));
    expect(redone.history).toEqual(beforeRollback.history);
    refused(redone, { type: "redo" }, DM, "BAD_STATE");
  });

  it("another game command after a rollback drops the redo", () => {
    let s = started();
    s = act(s, { type: "endTurn", turnId: s.turn!.id, entityId: "hero" }, P1);
    s = act(s, { type: "rollback" }, DM);
    s = act(s, { type: "sendChat", channel: "party", text: "oops" }, P1);
    expect(s.redo).toHaveLength(1); // chat is not part of the game
    s = act(
      s,
      { type: "takeTurn", turnId: s.turn!.id, entityId: "hero", actionId: "dodge", targets: [] },
      P1,
    );
    expect(s.redo).toHaveLength(0);
    refused(s, { type: "redo" }, DM, "BAD_STATE");
  });

  it("there is nothing to roll back on the first turn", () => {
    refused(started(), { type: "rollback" }, DM, "BAD_STATE");
  });
});
