import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, dmActor, P1 } from "../../live-state/fake-room";
import { flush, playUntil, playUntilMakeUpTurn, renderTable } from "./test-harness";

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

describe("initiative during play", () => {
  it("shows the DM's change as taking effect from the next round, and keeps this round's order", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    const order = () =>
      within(screen.getByRole("list", { name: "Initiative order" })).getAllByRole("listitem");
    const before = order().map((li) => li.textContent);
    const last = t.room.state.order.at(-1)!;
    const { name } = t.room.state.entities[last.entityId]!;

    const input = screen.getByLabelText(`Initiative for ${name}`);
    await user.clear(input);
    await user.type(input, "55");
    await user.click(screen.getByRole("button", { name: `Set initiative for ${name}` }));
    await flush();

    const row = order().at(-1)!;
    expect(row).toHaveTextContent(`${name}(becomes 55 from the next round)`);
    expect(within(row).getByLabelText(`Initiative for ${name}`)).toHaveValue(55);
    expect(order().map((li) => li.textContent?.replace("(becomes 55 from the next round)", ""))).toEqual(
      before,
    );
  });
});
