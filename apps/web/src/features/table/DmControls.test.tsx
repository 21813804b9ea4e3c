import { backtrackTarget, socialParley } from "@roundtable/live/engine";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1, p1Actor } from "../../live-state/fake-room";
import { flush, playUntil, renderTable, roomOf } from "./test-harness";

/** Matches `text` anywhere (taken literally). */
const containing = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

/** The DM's turn controls, where their commands' errors show. */
const turnControls = () => within(screen.getByRole("group", { name: "Turn" }));

/** A DM table on a turn of P1's PC, which P1 can end while the DM's dialog is open. */
async function onPlayersTurn() {
  const t = renderTable({ userId: DM, audience: "dm" });
  await screen.findByRole("status", { name: "Connection" });
  // past round 1's first turn, so there is an earlier turn for Backtrack to go to
  const pc = playUntil(
    t,
    (e) => e.ownerUserId === P1 && backtrackTarget(t.room.state, t.room.state.turn!) !== null,
  );
  return { t, pc, turnId: t.room.state.turn!.id };
}

describe("DM controls: what the DM is offered", () => {
  it("offers rolling for NPCs and anyone without a roll, which keeps a player's entered roll", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    const pcs = Object.values(t.room.state.entities).filter((e) => e.kind === "pc");
    t.others({ type: "updateInitiative", entityId: pcs[0]!.id, initiative: 17 }, dmActor);
    await flush();

    await user.click(screen.getByRole("button", { name: "Roll initiative for NPCs and anyone without one" }));
    await flush();

    const order = t.room.state.order;
    expect(order).toHaveLength(Object.keys(t.room.state.entities).length);
    expect(order.find((o) => o.entityId === pcs[0]!.id)?.initiative).toBe(17);
  });

  it("disables Backtrack on round 1's first turn, where there is no earlier turn, and enables it after", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    await flush();
    expect(t.room.state.round).toBe(1);
    expect(turnControls().getByRole("button", { name: "Backtrack" })).toBeDisabled();

    await user.click(turnControls().getByRole("button", { name: "Skip turn" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Skip turn" }));
    await flush();
    expect(turnControls().getByRole("button", { name: "Backtrack" })).toBeEnabled();
  });
});

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

  it("does not roll back from the next turn: the rollback stays meant for the turn it was opened for and is refused", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    // a player's turn with an earlier turn to roll back to
    const pc = playUntil(t, (e) => e.ownerUserId === P1 && t.room.state.history.length >= 2);
    const turnId = t.room.state.turn!.id;
    await user.click(screen.getByRole("button", { name: "Roll back" }));
    const dialog = screen.getByRole("alertdialog", { name: "Roll back the last turn?" });
    // the player ends their turn before the DM confirms: the dialog stays, still meant for theirs
    t.others({ type: "endTurn", turnId, entityId: pc.id }, p1Actor);
    const next = t.room.state.turn!;
    expect(next.id).not.toBe(turnId);
    expect(dialog).toBeInTheDocument();

    await user.click(within(dialog).getByRole("button", { name: "Roll back" }));
    await flush();

    // nothing was rolled back: the next turn is still on, with nothing to redo
    expect(t.room.state.turn!.id).toBe(next.id);
    expect(t.room.state.redo).toHaveLength(0);
    const rollbacks = t.calls.filter((c) => c.path === "interaction.rollback").map((c) => c.input);
    expect(rollbacks).toEqual([expect.objectContaining({ turnId })]);
    expect(turnControls().getByRole("alert")).toHaveTextContent(
      `That was meant for turn ${turnId}, but it is now turn ${next.id}.`,
    );
    // the dialog gave the keyboard back to the button it came from
    await waitFor(() => expect(screen.getByRole("button", { name: "Roll back" })).toHaveFocus());

    // opened again, it is meant for the turn now on the table and rolls that one back
    await user.click(screen.getByRole("button", { name: "Roll back" }));
    const again = screen.getByRole("alertdialog", { name: "Roll back the last turn?" });
    await user.click(within(again).getByRole("button", { name: "Roll back" }));
    await flush();
    expect(t.calls.filter((c) => c.path === "interaction.rollback").at(-1)?.input).toMatchObject({
      turnId: next.id,
    });
    expect(t.room.state.turn).toMatchObject({ id: turnId, entityId: pc.id });
    expect(turnControls().queryByRole("alert")).not.toBeInTheDocument();
  });

  it("redo is meant for the turn a rollback brought back, and refused once another rollback moved on", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => t.room.state.history.length >= 3);
    const newest = t.room.state.turn!.id;
    await user.click(screen.getByRole("button", { name: "Roll back" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Roll back" }));
    await flush();
    // after the rollback the current turn is the restored, earlier one: that is what a redo names
    const restored = t.room.state.turn!.id;
    expect(restored).toBeLessThan(newest);

    await user.click(screen.getByRole("button", { name: "Redo" }));
    const dialog = screen.getByRole("alertdialog", { name: "Redo the rolled-back turn?" });
    // the DM rolls back once more in another tab before confirming here
    t.others({ type: "rollback", turnId: restored }, dmActor);
    const earlier = t.room.state.turn!.id;
    await user.click(within(dialog).getByRole("button", { name: "Redo" }));
    await flush();

    expect(t.room.state.turn!.id).toBe(earlier);
    expect(t.room.state.redo).toHaveLength(2);
    const redos = t.calls.filter((c) => c.path === "interaction.redo").map((c) => c.input);
    expect(redos).toEqual([expect.objectContaining({ turnId: restored })]);
    expect(turnControls().getByRole("alert")).toHaveTextContent(
      `That was meant for turn ${restored}, but it is now turn ${earlier}.`,
    );
    await waitFor(() => expect(screen.getByRole("button", { name: "Redo" })).toHaveFocus());

    // opened again, it redoes the turn now on the table
    await user.click(screen.getByRole("button", { name: "Redo" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Redo" }));
    await flush();
    expect(t.calls.filter((c) => c.path === "interaction.redo").at(-1)?.input).toMatchObject({
      turnId: earlier,
    });
    expect(t.room.state.turn!.id).toBe(restored);
  });
});

describe("DM controls: where the keyboard goes after a confirm", () => {
  it("lands on the turn controls when Redo is left disabled (nothing more to redo), and a later redo never takes it", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => t.room.state.history.length >= 3);
    // one turn rolled back (in another tab): exactly one to redo
    t.others({ type: "rollback", turnId: t.room.state.turn!.id }, dmActor);
    expect(t.room.state.redo).toHaveLength(1);

    const redo = turnControls().getByRole("button", { name: "Redo" });
    await user.click(redo);
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Redo" }));
    await flush();

    expect(t.room.state.redo).toHaveLength(0);
    expect(redo).toBeDisabled();
    const group = screen.getByRole("group", { name: "Turn" });
    await waitFor(() => expect(group).toHaveFocus());

    // the keyboard leaves the controls; much later another tab rolls back, so Redo is enabled again
    act(() => group.blur());
    expect(document.body).toHaveFocus();
    t.others({ type: "rollback", turnId: t.room.state.turn!.id }, dmActor);
    await flush();
    expect(redo).toBeEnabled();
    expect(redo).not.toHaveFocus();
    expect(document.body).toHaveFocus();
  });
});

describe("DM controls: where the keyboard goes when the confirmed control goes away", () => {
  it("lands on the flow controls once End has ended the interaction (End is gone)", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);

    await user.click(screen.getByRole("button", { name: "End" }));
    await user.click(
      within(screen.getByRole("alertdialog")).getByRole("button", { name: "End interaction" }),
    );
    await flush();

    expect(t.room.state.status).toBe("completed");
    expect(screen.queryByRole("button", { name: "End" })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("group", { name: "Flow" })).toHaveFocus());
  });

  it("lands on the turn controls once a skip leaves no one to act (Skip and Backtrack are gone)", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: lastOneToAct() });
    await screen.findByRole("status", { name: "Connection" });

    await user.click(turnControls().getByRole("button", { name: "Skip turn" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Skip turn" }));
    await flush();

    expect(t.room.state.turn).toBeNull();
    expect(turnControls().queryByRole("button", { name: "Skip turn" })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("group", { name: "Turn" })).toHaveFocus());
  });

  it("lands on the turn controls when no one can act any more while the Skip dialog is open", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: lastOneToAct() });
    await screen.findByRole("status", { name: "Connection" });

    // (Backtrack is disabled here: everyone before this turn is down)
    expect(turnControls().getByRole("button", { name: "Backtrack" })).toBeDisabled();
    await user.click(turnControls().getByRole("button", { name: "Skip turn" }));
    expect(screen.getByRole("alertdialog", { name: /^Skip / })).toBeInTheDocument();
    // the DM skips the last turn in another tab: Skip and its dialog go away
    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    await flush();

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("group", { name: "Turn" })).toHaveFocus());
  });
});

/** The DM's table with one turn left to act, the keyboard on Skip (its dialog opened and cancelled). */
async function onSkipOfTheLastTurn() {
  const user = userEvent.setup();
  const t = renderTable({ userId: DM, audience: "dm", room: lastOneToAct() });
  await screen.findByRole("status", { name: "Connection" });
  const skip = turnControls().getByRole("button", { name: "Skip turn" });
  await user.click(skip);
  await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Cancel" }));
  await waitFor(() => expect(skip).toHaveFocus());
  return { user, t, skip };
}

describe("DM controls: the keyboard stays where the DM left it when a control goes away", () => {
  it("stays on the page when another tab skips the last turn and the DM never was in the controls", async () => {
    const t = renderTable({ userId: DM, audience: "dm", room: lastOneToAct() });
    await screen.findByRole("status", { name: "Connection" });
    expect(document.body).toHaveFocus();

    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    await flush();

    expect(turnControls().queryByRole("button", { name: "Skip turn" })).not.toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Turn" })).not.toHaveFocus();
    expect(document.body).toHaveFocus();
  });

  it("stays on the page when the DM last clicked the map, away from the Skip button that then goes", async () => {
    const { user, t, skip } = await onSkipOfTheLastTurn();
    // beside the cells: the map itself takes no focus
    await user.click(screen.getByRole("grid", { name: "Battle map" }));
    expect(document.body).toHaveFocus();

    // another tab skips the last turn: Skip goes away
    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    await flush();

    expect(skip).not.toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Turn" })).not.toHaveFocus();
    expect(document.body).toHaveFocus();
  });

  it("still lands on the turn controls when the DM left the window from Skip and skips the last turn elsewhere", async () => {
    const { t, skip } = await onSkipOfTheLastTurn();
    // the window loses focus (the DM goes to their other tab): Skip is still the focused element
    fireEvent.blur(skip);
    await flush();
    expect(skip).toHaveFocus();

    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    await flush();

    expect(skip).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("group", { name: "Turn" })).toHaveFocus());
  });
});

/** The toll-bridge parley with its NPCs' attitudes set (as checks would have moved them). */
const parleyAt = (attitudes: { chief: number; lieutenant: number }) =>
  roomOf(socialParley(), {
    adjust: (s) => {
      s.entities.chief!.attitude = attitudes.chief;
      s.entities.lieutenant!.attitude = attitudes.lieutenant;
    },
  });

const initiativeRow = (name: string) =>
  within(screen.getByRole("list", { name: "Initiative order" }))
    .getAllByRole("listitem")
    .find((li) => li.textContent?.includes(name));

describe("DM controls: ending a parley", () => {
  it("says in the End dialog that the party wins once every NPC is won over, and it does", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: parleyAt({ chief: 3, lieutenant: 3 }) });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    expect(initiativeRow("Mara Vell")).toHaveTextContent("Won over (attitude +3 of 3)");
    expect(initiativeRow("Oskar")).toHaveTextContent("Won over (attitude +3 of 3)");

    await user.click(screen.getByRole("button", { name: "End" }));
    const dialog = screen.getByRole("alertdialog", { name: "End the interaction?" });
    expect(dialog).toHaveAccessibleDescription(containing("The party wins: every NPC is won over."));
    await user.click(within(dialog).getByRole("button", { name: "End interaction" }));
    await flush();

    expect(t.room.state.results?.winner).toBe("party");
    expect(screen.getByRole("region", { name: "Results" })).toHaveTextContent(
      /The party won after \d+ rounds?/,
    );
  });

  it("says there is no winner yet while an NPC won over has dropped back to +2", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: parleyAt({ chief: 3, lieutenant: 2 }) });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    expect(initiativeRow("Oskar")).toHaveTextContent("Attitude +2 of 3 (won over at +3, hostile at −3)");

    await user.click(screen.getByRole("button", { name: "End" }));
    const dialog = screen.getByRole("alertdialog", { name: "End the interaction?" });
    expect(dialog).toHaveAccessibleDescription(
      containing("No winner yet: Oskar the lieutenant is at attitude +2; every NPC must be won over (+3)"),
    );
  });
});

/**
 * The ambush once no one can act: two turns in, every creature goes down (as if the fight had
 * gone that way) and the DM skips the last turn, so the engine finds nobody to play next.
 */
function nobodyCanAct(): FakeRoom {
  const room = lastOneToAct();
  room.run({ type: "skipTurn", turnId: room.state.turn!.id }, dmActor, DM, "dm");
  expect(room.state.status).toBe("active");
  expect(room.state.turn).toBeNull();
  return room;
}

/** The ambush one skip before no one can act: every creature is down, but a turn is still on. */
function lastOneToAct(): FakeRoom {
  const room = new FakeRoom();
  room.run({ type: "rollInitiative", scope: "all" }, dmActor, DM, "dm");
  room.run({ type: "start" }, dmActor, DM, "dm");
  room.run({ type: "skipTurn", turnId: room.state.turn!.id }, dmActor, DM, "dm");
  room.state = produce(room.state, (s) => {
    for (const e of Object.values(s.entities)) {
      e.hp = 0;
      if (e.side === "party") e.unconscious = true;
      else e.defeated = true;
    }
  });
  expect(room.state.turn).not.toBeNull();
  return room;
}

describe("DM controls: when no one can act", () => {
  it("still offers the DM Roll back, which brings a turn back", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: nobodyCanAct() });
    await screen.findByRole("status", { name: "Connection" });
    expect(
      turnControls().getByText("No one can act now. Roll back a turn, or end the interaction."),
    ).toBeInTheDocument();
    expect(turnControls().queryByRole("button", { name: "Skip turn" })).not.toBeInTheDocument();
    const rollBack = turnControls().getByRole("button", { name: "Roll back" });
    expect(rollBack).toBeEnabled();

    await user.click(rollBack);
    const dialog = screen.getByRole("alertdialog", { name: "Roll back the last turn?" });
    await user.click(within(dialog).getByRole("button", { name: "Roll back" }));
    await flush();

    expect(t.calls.filter((c) => c.path === "interaction.rollback").map((c) => c.input)).toEqual([
      expect.objectContaining({ turnId: null }),
    ]);
    expect(t.room.state.turn).not.toBeNull();
    expect(turnControls().getByRole("button", { name: "Skip turn" })).toBeInTheDocument();
  });

  it("tells the players that no one can act and what the DM may do", async () => {
    renderTable({ userId: P1, audience: "player", room: nobodyCanAct() });
    await screen.findByRole("status", { name: "Connection" });
    expect(
      screen.getByText("No one can act; the DM may roll back or end the interaction."),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Waiting for/)).not.toBeInTheDocument();
  });
});

describe("DM controls: make-up turns", () => {
  it("says when the current turn is a make-up turn, and lists the make-up turns still to come", async () => {
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    t.others({ type: "presence", userId: P1, online: true }, { userId: P1, role: "player" });
    const pc = playUntil(t, (e) => e.ownerUserId === P1);
    const ordinary = t.room.state.turn!.id;
    expect(turnControls().getByText(/^Current turn:/)).toHaveTextContent(
      `Current turn: ${pc.name} (turn ${ordinary})`,
    );

    // P1 is away for their turn, which the DM skips; back, a make-up turn is scheduled
    t.others({ type: "presence", userId: P1, online: false }, { userId: P1, role: "player" });
    t.others({ type: "skipTurn", turnId: ordinary }, dmActor);
    t.others({ type: "presence", userId: P1, online: true }, { userId: P1, role: "player" });
    expect(screen.getByRole("region", { name: "Make-up turns" })).toHaveTextContent(
      `${pc.name} missed a turn in round ${t.room.state.round}: a make-up turn is scheduled right after the current turn; you may skip it.`,
    );

    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    const makeUp = t.room.state.turn!;
    expect(makeUp).toMatchObject({ entityId: pc.id, makeUpFor: ordinary });
    expect(turnControls().getByText(/^Current turn:/)).toHaveTextContent(
      `Current turn: ${pc.name} (make-up turn) (turn ${makeUp.id})`,
    );
  });
});
