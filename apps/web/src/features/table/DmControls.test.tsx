import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, P1, p1Actor } from "../../live-state/fake-room";
import { flush, playUntil, renderTable } from "./test-harness";

/** Matches `text` anywhere (taken literally). */
const containing = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The DM's turn controls, where their commands' errors show. */
const turnControls = () => within(screen.getByRole("group", { name: "Turn" }));

/** A DM table on a turn of P1's PC, which P1 can end while the DM's dialog is open. */
async function onPlayersTurn() {
  const t = renderTable({ userId: DM, audience: "dm" });
  await screen.findByRole("status", { name: "Connection" });
  const pc = playUntil(t, (e) => e.ownerUserId === P1);
  return { t, pc, turnId: t.room.state.turn!.id };
}

describe("DM controls: a turn that moves on while the confirm dialog is open", () => {
  it("does not skip the next turn: the skip stays meant for the turn it was opened for and is refused", async () => {
    const user = userEvent.setup();
    const { t, pc, turnId } = await onPlayersTurn();

    await user.click(screen.getByRole("button", { name: "Skip turn" }));
    const dialog = screen.getByRole("alertdialog", { name: `Skip ${pc.name}'s turn?` });
    // the player ends their turn before the DM confirms
    t.others({ type: "endTurn", turnId, entityId: pc.id }, p1Actor);
    const next = t.room.state.turn!;
    expect(next.id).not.toBe(turnId);
    expect(dialog).toHaveAccessibleName(`Skip ${pc.name}'s turn?`);

    await user.click(within(dialog).getByRole("button", { name: "Skip turn" }));
    await flush();

    expect(t.room.state.turn!.id).toBe(next.id);
    const skips = t.calls.filter((c) => c.path === "interaction.skipTurn").map((c) => c.input);
    expect(skips).toEqual([expect.objectContaining({ turnId })]);
    const refusal = `That was meant for turn ${turnId}, but it is now turn ${next.id}.`;
    expect(turnControls().getByRole("alert")).toHaveTextContent(refusal);
    expect(screen.getByRole("button", { name: "Skip turn" })).toHaveAccessibleDescription(
      containing(refusal),
    );

    // opened again, it is about the turn now on the table and skips that one
    await user.click(screen.getByRole("button", { name: "Skip turn" }));
    const name = t.room.state.entities[next.entityId]!.name;
    const again = screen.getByRole("alertdialog", { name: `Skip ${name}'s turn?` });
    await user.click(within(again).getByRole("button", { name: "Skip turn" }));
    await flush();
    expect(t.room.state.turn!.id).not.toBe(next.id);
    expect(turnControls().queryByRole("alert")).not.toBeInTheDocument();
  });

  it("does not go back from the next turn: the backtrack stays meant for the turn it was opened for and is refused", async () => {
    const user = userEvent.setup();
    const { t, pc, turnId } = await onPlayersTurn();

    await user.click(screen.getByRole("button", { name: "Backtrack" }));
    const dialog = screen.getByRole("alertdialog", { name: "Go back one turn?" });
    expect(dialog).toHaveAccessibleDescription(containing(`from ${pc.name}'s turn`));
    t.others({ type: "endTurn", turnId, entityId: pc.id }, p1Actor);
    const next = t.room.state.turn!;
    expect(next.id).not.toBe(turnId);
    expect(dialog).toHaveAccessibleDescription(containing(`from ${pc.name}'s turn`));

    await user.click(within(dialog).getByRole("button", { name: "Backtrack" }));
    await flush();

    expect(t.room.state.turn!.id).toBe(next.id);
    const backtracks = t.calls.filter((c) => c.path === "interaction.backtrackTurn").map((c) => c.input);
    expect(backtracks).toEqual([expect.objectContaining({ turnId })]);
    expect(turnControls().getByRole("alert")).toHaveTextContent(
      `That was meant for turn ${turnId}, but it is now turn ${next.id}.`,
    );
  });
});
