import { demoUsers, socialParley } from "@roundtable/live/engine";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { DM, dmActor, P1 } from "../../live-state/fake-room";
import { renderLiveModal } from "../live/live-modal-harness";
import { useLiveModal } from "../live/live-modal-store";
import { flush, playUntil, renderTable, roomOf, skipUntil } from "./test-harness";

const P3 = demoUsers.players[2]!;

/** The toll-bridge parley: Sable (P1's) stands 30 ft from Mara Vell and 35 ft from Oskar. */
const parley = (seed = 7) => roomOf(socialParley(), { seed });

describe("act panel: checks in a parley", () => {
  it("names the NPC a check is meant to sway (in its 30 ft reach), and the NPC's attitude moves", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player", room: parley() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.id === "pc1");
    await user.click(screen.getByRole("button", { name: /^Deception \(action/ }));
    const picker = screen.getByRole("group", { name: /^Targets for Deception \(optional, up to 1/ });
    expect(within(picker).queryByRole("checkbox", { name: /Oskar/ })).not.toBeInTheDocument();
    // a check needs no target (one on no one sways no one, but the server takes it)
    expect(screen.getByRole("button", { name: "Confirm Deception" })).toBeEnabled();
    await user.click(within(picker).getByRole("checkbox", { name: "Mara Vell, bandit chief (30 ft)" }));
    await user.click(screen.getByRole("button", { name: "Confirm Deception" }));
    await flush();

    expect(t.calls).toContainEqual({
      path: "interaction.takeTurn",
      input: expect.objectContaining({
        entityId: "pc1",
        actionId: "deception",
        targets: ["chief"],
      }) as unknown,
    });
    expect(t.room.state.entities.chief!.attitude).not.toBe(0);
    expect(t.room.state.entities.lieutenant!.attitude).toBe(0);
    await user.click(screen.getByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("log", { name: "Turn log" })).toHaveTextContent(
      /Sable tries Deception on Mara Vell, bandit chief: \d+ vs DC 13/,
    );
  });

  it("drops a picked target the DM hides meanwhile: the action goes without it", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player", room: parley() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.id === "pc1");
    await user.click(screen.getByRole("button", { name: /^Deception \(action/ }));
    const picker = screen.getByRole("group", { name: /^Targets for Deception/ });
    await user.click(within(picker).getByRole("checkbox", { name: "Mara Vell, bandit chief (30 ft)" }));

    t.others({ type: "hide", id: "chief" }, dmActor);

    expect(within(picker).queryByRole("checkbox", { name: /Mara Vell/ })).toBeNull();
    // shown again, she is not picked again by herself
    t.others({ type: "reveal", id: "chief" }, dmActor);
    expect(
      within(picker).getByRole("checkbox", { name: "Mara Vell, bandit chief (30 ft)" }),
    ).not.toBeChecked();
    await user.click(screen.getByRole("button", { name: "Confirm Deception" }));
    await flush();
    expect(t.calls).toContainEqual({
      path: "interaction.takeTurn",
      input: expect.objectContaining({ entityId: "pc1", actionId: "deception", targets: [] }) as unknown,
    });
  });

  it("shows each NPC's attitude in words in the initiative order and on the map, and the new one after a check", async () => {
    const user = userEvent.setup();
    const t = renderTable({
      userId: P1,
      audience: "player",
      room: parley(1) /* Sable's first Deception on Mara succeeds */,
    });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.id === "pc1");
    const row = (name: string) =>
      within(screen.getByRole("list", { name: "Initiative order" }))
        .getAllByRole("listitem")
        .find((li) => li.textContent?.includes(name));
    const rules = "(won over at +3, hostile at −3)";
    expect(row("Mara Vell")).toHaveTextContent(`Attitude 0 of 3 ${rules}`);
    expect(row("Oskar")).toHaveTextContent(`Attitude 0 of 3 ${rules}`);
    expect(row("Sable")).not.toHaveTextContent("ttitude");

    await user.click(screen.getByRole("button", { name: /^Deception \(action/ }));
    const picker = screen.getByRole("group", { name: /^Targets for Deception/ });
    await user.click(within(picker).getByRole("checkbox", { name: "Mara Vell, bandit chief (30 ft)" }));
    await user.click(screen.getByRole("button", { name: "Confirm Deception" }));
    await flush();

    await user.click(screen.getByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("log", { name: "Turn log" })).toHaveTextContent(
      /on Mara Vell, bandit chief: \d+ vs DC 13, success/,
    );
    expect(t.room.state.entities.chief!.attitude).toBe(1);
    expect(row("Mara Vell")).toHaveTextContent(`Attitude +1 of 3 ${rules}`);
    expect(row("Oskar")).toHaveTextContent(`Attitude 0 of 3 ${rules}`);
    expect(
      within(screen.getByRole("grid", { name: "Battle map" })).getByRole("gridcell", {
        name: (n) =>
          n.startsWith(`9, 5; Mara Vell, bandit chief (neutral), Unhurt; attitude +1 of 3 ${rules}`),
      }),
    ).toBeInTheDocument();
  });

  it("queues a check with the NPC it is for (no target unless one is picked)", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player", room: parley() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.ownerUserId !== P1);
    const panel = screen.getByRole("region", { name: "Queue your next turn" });
    await user.selectOptions(within(panel).getByLabelText("Action"), "deception");
    const targets = within(panel).getByRole("group", { name: /^Targets \(optional, up to 1/ });
    // a check needs no target: none is picked for it
    for (const box of within(targets).getAllByRole("checkbox")) expect(box).not.toBeChecked();
    await user.click(within(targets).getByRole("checkbox", { name: "Mara Vell, bandit chief (30 ft)" }));
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    await user.click(within(panel).getByRole("button", { name: "Queue turn for Sable" }));
    await flush();
    expect(t.room.state.queued.pc1?.steps).toEqual([
      { kind: "action", actionId: "deception", targets: ["chief"] },
    ]);
  });
});

describe("act panel: what the turn has left", () => {
  it("disables using an item once the action is spent, and equipping once the free interaction is too", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P3, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.id === "pc4"); // Ilya
    const inventory = screen.getByRole("region", { name: "Ilya's inventory" });
    expect(within(inventory).getByRole("button", { name: "Use Potion of Healing" })).toBeEnabled();

    await user.click(screen.getByRole("button", { name: /^Fire Bolt \(action/ }));
    const picker = screen.getByRole("group", { name: /^Targets for Fire Bolt/ });
    await user.click(within(picker).getByRole("checkbox", { name: /^Goblin Cutter/ }));
    await user.click(screen.getByRole("button", { name: "Confirm Fire Bolt" }));
    await flush();
    expect(t.room.state.turn?.actionUsed).toBe(true);

    const use = within(inventory).getByRole("button", { name: /^Use Potion of Healing/ });
    expect(use).toBeDisabled();
    expect(use).toHaveAccessibleName("Use Potion of Healing (no action left)");
    // stowing is the turn's free object interaction: still there after the attack
    await user.click(within(inventory).getByRole("button", { name: "Stow Quarterstaff" }));
    await flush();
    const equip = within(inventory).getByRole("button", { name: /^Equip Quarterstaff/ });
    expect(equip).toBeDisabled();
    expect(equip).toHaveAccessibleName("Equip Quarterstaff (free interaction and action used)");
  });

  it("leaves a stunned creature nothing but End turn, and says why", async () => {
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    const ilya = playUntil(t, (e) => e.id === "pc4");
    t.others(
      {
        type: "takeTurn",
        turnId: t.room.state.turn!.id,
        entityId: ilya.id,
        actionId: "hold-person",
        targets: ["gob1"],
      },
      { userId: P3, role: "player" },
    );
    expect(t.room.state.entities.gob1!.conditions.map((c) => c.name)).toContain("stunned");
    skipUntil(t, (e) => e.id === "gob1");

    const panel = screen.getByRole("region", { name: "Goblin Cutter: your turn" });
    expect(panel).toHaveTextContent("Goblin Cutter is stunned and can only end the turn.");
    expect(within(panel).getByRole("button", { name: "Move (stunned)" })).toBeDisabled();
    expect(within(panel).getByRole("button", { name: "Scimitar (action: stunned)" })).toBeDisabled();
    expect(within(panel).getByRole("button", { name: "Stow Scimitar (stunned)" })).toBeDisabled();
    const enabled = within(panel)
      .getAllByRole("button")
      .filter((b) => !b.hasAttribute("disabled"))
      .map((b) => b.textContent);
    expect(enabled).toEqual(["End turn"]);
  });
});

describe("act panel: Escape in the live modal", () => {
  afterEach(() => useLiveModal.getState().close());

  it("cancels a target pick, not the table, and gives the keyboard back to the action", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: P1, audience: "player", room: parley() });
    t.playUntil((e) => e.id === "pc1");
    await user.click(screen.getByRole("button", { name: /^Deception \(action/ }));
    const picker = screen.getByRole("group", { name: /^Targets for Deception/ });
    await user.click(within(picker).getByRole("checkbox", { name: "Mara Vell, bandit chief (30 ft)" }));

    await user.keyboard("{Escape}");

    expect(screen.getByRole("dialog", { name: "The table: live table" })).toBeInTheDocument();
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(screen.queryByRole("group", { name: /^Targets for Deception/ })).not.toBeInTheDocument();
    const deception = screen.getByRole("button", { name: /^Deception \(action/ });
    expect(deception).toHaveAttribute("aria-pressed", "false");
    expect(deception).toHaveFocus();
  });

  it("cancels a move pick from the map; the next Escape asks before leaving", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: P1, audience: "player", room: parley() });
    t.playUntil((e) => e.id === "pc1");
    await user.click(screen.getByRole("button", { name: /^Move/ }));
    expect(screen.getByRole("button", { name: /^Move/ })).toHaveAttribute("aria-pressed", "true");
    const map = screen.getByRole("grid", { name: "Battle map" });
    within(map)
      .getAllByRole("gridcell")
      .find((c) => c.tabIndex === 0)!
      .focus();

    await user.keyboard("{Escape}");
    expect(screen.getByRole("button", { name: /^Move/ })).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(screen.getByRole("alertdialog", { name: "Leave the table?" })).toBeInTheDocument();
    expect(useLiveModal.getState().open).not.toBeNull();
  });
});
