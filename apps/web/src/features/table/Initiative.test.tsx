import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { dmActor, P1 } from "../../live-state/fake-room";
import { playUntilMakeUpTurn, renderTable } from "./test-harness";

const roundAndTurn = () => screen.getByLabelText("Round and turn");

describe("round and turn line", () => {
  it("says when the current turn is a make-up turn, and not for the turn after it", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const pc = playUntilMakeUpTurn(t);
    expect(roundAndTurn()).toHaveTextContent(`Turn: ${pc.name} (make-up turn)`);

    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    expect(t.room.state.turn!.makeUpFor).toBeUndefined();
    expect(roundAndTurn()).toHaveTextContent("Turn:");
    expect(roundAndTurn()).not.toHaveTextContent("make-up");
  });
});
