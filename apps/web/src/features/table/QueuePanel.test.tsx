import type { InteractionSetup } from "@roundtable/live/engine";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, P1 } from "../../live-state/fake-room";
import { flush, playUntil, renderTable, skipUntil, vaultTable } from "./test-harness";

const ready = () => screen.findByRole("status", { name: "Connection" });
const queuePanel = () => screen.getByRole("region", { name: "Queue your next turn" });

/** P1 with someone else's turn on the table, planning Brenna's (pc1) next turn. */
async function planningForBrenna() {
  const user = userEvent.setup();
  const t = renderTable({ userId: P1, audience: "player" });
  await ready();
  playUntil(t, (e) => e.ownerUserId !== P1);
  const panel = queuePanel();
  await user.selectOptions(within(panel).getByLabelText("Character"), "pc1");
  return { user, t, panel };
}

describe("queue panel: a whole turn plan", () => {
  it("builds move, attack and bonus action in order, sends them as one queued turn, and it runs when Brenna's turn starts", async () => {
    const { user, t, panel } = await planningForBrenna();

    // Brenna (2,6) steps 10 ft towards the goblins; Goblin Cutter (10,4) is then 30 ft away
    await user.selectOptions(within(panel).getByLabelText("Next step"), "move");
    await user.selectOptions(within(panel).getByLabelText("Move to (30 ft left)"), "4,5");
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    expect(within(panel).getByLabelText("Next step")).toHaveFocus();
    expect(within(panel).getByLabelText("Move to (20 ft left)")).toBeInTheDocument();

    await user.selectOptions(within(panel).getByLabelText("Next step"), "action");
    await user.selectOptions(within(panel).getByLabelText("Action"), "javelin");
    // distances are from where the plan leaves her, not where she stands
    await user.click(within(panel).getByRole("checkbox", { name: "Goblin Cutter (30 ft)" }));
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    // the action is planned: only bonus actions are left to pick
    const actions = within(panel).getByLabelText<HTMLSelectElement>("Action");
    expect(
      within(actions).getByRole("option", { name: "Longsword (action) (no action left)" }),
    ).toBeDisabled();
    await user.selectOptions(actions, "second-wind");
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    expect(within(panel).getByText("No action or bonus action left in that turn.")).toBeInTheDocument();

    const plan = within(panel).getByRole("list", { name: "Plan for Brenna" });
    expect(
      within(plan)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Move 10 ft to 5, 6", "Javelin on Goblin Cutter", "Second Wind"]);
    expect(panel).toHaveTextContent(
      "Left in that turn: 20 ft of movement, free object interaction. Steps: 3 of 6.",
    );

    await user.click(within(panel).getByRole("button", { name: "Queue turn for Brenna" }));
    await flush();
    const steps = [
      { kind: "move", path: [expect.objectContaining({}) as unknown, { x: 4, y: 5 }] },
      { kind: "action", actionId: "javelin", targets: ["gob1"] },
      { kind: "action", actionId: "second-wind", targets: [] },
    ];
    expect(t.calls).toContainEqual({
      path: "interaction.queueTurn",
      input: { interactionId: t.room.state.id, entityId: "pc1", steps },
    });
    const queued = within(panel).getByRole("list", { name: "Queued turn for Brenna" });
    expect(queued).toHaveTextContent("Move 10 ft to 5, 6");
    expect(queued).toHaveTextContent("Javelin on Goblin Cutter");

    // the turn comes round: the server runs the plan and passes the turn on
    skipUntil(t, () => t.room.state.queued.pc1 === undefined);
    await flush();
    const brenna = t.room.state.entities.pc1!;
    expect(brenna.position).toEqual({ x: 4, y: 5 });
    expect(brenna.usesLeft["second-wind"]).toBe(0);
    expect(t.room.state.turn?.entityId).not.toBe("pc1");
    await user.click(screen.getByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("log", { name: "Turn log" })).toHaveTextContent(
      /Brenna (hits|critically hits|misses) Goblin Cutter with Javelin.*Brenna casts Second Wind/,
    );
    expect(
      within(screen.getByRole("grid", { name: "Battle map" })).getByRole("gridcell", {
        name: /^5, 6; Brenna/,
      }),
    ).toBeInTheDocument();
    // nothing queued any more: a new plan starts from where she now stands
    expect(within(queuePanel()).queryByRole("list", { name: "Queued turn for Brenna" })).toBeNull();
    expect(within(queuePanel()).getByText("No steps planned yet.")).toBeInTheDocument();
  });

  it("removes the last step, clears the plan, and cancels a queued turn", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await ready();
    playUntil(t, (e) => e.id !== "gob1");
    const panel = screen.getByRole("region", { name: "Queue NPC and monster turns" });
    await user.selectOptions(within(panel).getByLabelText("Character"), "gob1");
    await user.selectOptions(within(panel).getByLabelText("Action"), "dash");
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    await user.selectOptions(within(panel).getByLabelText("Action"), "nimble-hide");
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    const plan = () => within(panel).getByRole("list", { name: "Plan for Goblin Cutter" });
    expect(plan()).toHaveTextContent("DashNimble Escape (Hide)");

    await user.click(within(panel).getByRole("button", { name: "Remove last step" }));
    expect(
      within(plan())
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Dash"]);
    await user.click(within(panel).getByRole("button", { name: "Clear plan" }));
    expect(within(panel).getByText("No steps planned yet.")).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Queue turn for Goblin Cutter" })).toBeDisabled();

    await user.selectOptions(within(panel).getByLabelText("Action"), "nimble-disengage");
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    await user.click(within(panel).getByRole("button", { name: "Queue turn for Goblin Cutter" }));
    await flush();
    expect(t.room.state.queued.gob1?.steps).toEqual([
      { kind: "action", actionId: "nimble-disengage", targets: [] },
    ]);
    await user.click(within(panel).getByRole("button", { name: "Cancel queued turn" }));
    await flush();
    expect(t.room.state.queued.gob1).toBeUndefined();
    expect(within(panel).getByText("No steps planned yet.")).toBeInTheDocument();
  });

  it("stops offering steps at the engine's limit of six", async () => {
    const { user, panel } = await planningForBrenna();
    await user.selectOptions(within(panel).getByLabelText("Next step"), "move");
    for (let i = 0; i < 6; i++) await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    expect(within(panel).getAllByRole("listitem")).toHaveLength(6);
    expect(within(panel).queryByLabelText("Next step")).toBeNull();
    expect(within(panel).getByRole("button", { name: "Queue turn for Brenna" })).toHaveFocus();
  });

  /** The Sealed Vault on someone else's turn: Brenna (P1's, at (2,4)) two cells from the iron gate at (4,4). */
  async function planningInTheVault(tweak: (s: InteractionSetup) => void) {
    const user = userEvent.setup();
    const t = await vaultTable(tweak, (e) => e.ownerUserId !== P1);
    return { user, t, panel: queuePanel() };
  }

  it("opens a door in the plan and then offers the way through it, which the turn walks", async () => {
    const { user, t, panel } = await planningInTheVault((s) => {
      const gate = s.map.objects.find((o) => o.id === "gate");
      if (gate?.kind === "door") gate.locked = false;
    });
    const next = (kind: string) => user.selectOptions(within(panel).getByLabelText("Next step"), kind);
    const add = () => user.click(within(panel).getByRole("button", { name: "Add to plan" }));

    await next("move");
    const moves = within(panel).getByLabelText<HTMLSelectElement>("Move to (30 ft left)");
    // the gate is shut: nothing beyond it is on offer yet
    expect(within(moves).queryByRole("option", { name: /^6, 4 / })).toBeNull();
    await user.selectOptions(moves, "3,4");
    await add();

    await next("interact");
    const objects = within(panel).getByLabelText<HTMLSelectElement>("Object");
    expect(within(objects).getByRole("option", { name: "iron gate (closed): open" })).toBeEnabled();
    await add();

    await next("move");
    await user.selectOptions(within(panel).getByLabelText("Move to (25 ft left)"), "5,3");
    await add();
    // standing beyond it, the gate can be shut behind her
    await next("interact");
    expect(
      within(within(panel).getByLabelText("Object")).getByRole("option", { name: "iron gate (open): close" }),
    ).toBeEnabled();

    const plan = within(panel).getByRole("list", { name: "Plan for Brenna" });
    expect(
      within(plan)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Move 5 ft to 4, 5", "Interact with iron gate", "Move 10 ft to 6, 4"]);
    await user.click(within(panel).getByRole("button", { name: "Queue turn for Brenna" }));
    await flush();
    skipUntil(t, () => t.room.state.queued.pc1 === undefined);
    await flush();
    expect(t.room.state.entities.pc1!.position).toEqual({ x: 5, y: 3 });
    expect(t.room.state.map.objects.gate).toMatchObject({ open: true, locked: false });
    expect(t.room.state.turn?.entityId).not.toBe("pc1");
  });

  it("does not offer a chest the plan has already emptied", async () => {
    const { user, panel } = await planningInTheVault((s) => {
      s.map.objects.push({
        id: "crate",
        name: "supply crate",
        kind: "chest",
        position: { x: 1, y: 4 },
        open: false,
        locked: false,
        loot: [{ id: "rope", name: "Rope", type: "gear" }],
      });
    });
    await user.selectOptions(within(panel).getByLabelText("Next step"), "interact");
    expect(
      within(within(panel).getByLabelText("Object")).getByRole("option", {
        name: "supply crate (closed): open and take what is inside",
      }),
    ).toBeEnabled();
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    // the action could pay for a second interaction, but there is nothing left to do with the crate
    expect(panel).toHaveTextContent("Left in that turn: action, bonus action, 30 ft of movement.");
    expect(within(panel).queryByLabelText("Object")).toBeNull();
    expect(
      within(panel).getByText(
        "Nothing next to where Brenna will be can be used then: supply crate (already open and empty).",
      ),
    ).toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Add to plan" })).toBeNull();
  });
});
