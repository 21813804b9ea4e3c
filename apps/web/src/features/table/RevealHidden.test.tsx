import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, dmActor, P1 } from "../../live-state/fake-room";
import { flush, renderTable, type Harness } from "./test-harness";

const hiddenList = () => screen.getByRole("region", { name: "Hidden or hiding" });

/** The DM's table: `interaction.reveal` runs on the real engine like the other commands. */
const dmTable = (): Harness => renderTable({ userId: DM, audience: "dm" });

describe("revealing hidden creatures and objects", () => {
  it("the DM sees what the players cannot, and Reveal sends the command and takes it off the list", async () => {
    const user = userEvent.setup();
    const t = dmTable();
    await screen.findByRole("status", { name: "Connection" });
    const list = within(hiddenList());
    // the ambush's two hidden goblins and its hidden trap
    expect(list.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      expect.stringContaining("Goblin Lurker"),
      expect.stringContaining("Goblin Stalker"),
      expect.stringContaining("snare trap"),
    ]);

    // it asks first: cancelled, nothing is sent
    await user.click(list.getByRole("button", { name: "Reveal Goblin Lurker" }));
    const ask = await screen.findByRole("alertdialog", { name: "Reveal Goblin Lurker to the players?" });
    await user.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(t.calls.filter((c) => c.path === "interaction.reveal")).toEqual([]);
    expect(t.room.state.entities.gob3?.hidden).toBe(true);

    await user.click(list.getByRole("button", { name: "Reveal Goblin Lurker" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Reveal" }));
    await flush();

    const sent = t.calls.filter((c) => c.path === "interaction.reveal").map((c) => c.input);
    expect(sent).toEqual([{ interactionId: t.room.state.id, id: "gob3", of: "entity" }]);
    expect(t.room.state.entities.gob3?.hidden).toBe(false);
    expect(within(hiddenList()).queryByRole("button", { name: "Reveal Goblin Lurker" })).toBeNull();
    expect(within(hiddenList()).getByRole("button", { name: "Reveal Goblin Stalker" })).toBeEnabled();

    await user.click(within(hiddenList()).getByRole("button", { name: "Reveal snare trap" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Reveal" }));
    await flush();
    expect(t.room.state.map.objects.snare?.hidden).toBe(false);
    expect(t.calls.filter((c) => c.path === "interaction.reveal").map((c) => c.input)).toContainEqual(
      expect.objectContaining({ id: "snare", of: "object" }),
    );
  });

  it("players get no such list; a creature the DM reveals appears on their table", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    expect(screen.queryByRole("region", { name: "Hidden or hiding" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Reveal/ })).toBeNull();
    expect(screen.queryAllByText(/Goblin Lurker/)).toEqual([]);

    t.others({ type: "reveal", id: "gob3" }, dmActor);

    expect(screen.getAllByText(/Goblin Lurker/).length).toBeGreaterThan(0);
  });
});
