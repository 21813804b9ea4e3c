import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TRPCClientError } from "@trpc/client";
import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1 } from "../../live-state/fake-room";
import { hideableThings } from "./RevealHidden";
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
    // the players' view has goblins and objects the DM could hide: still no picker for them
    expect(screen.queryByRole("combobox", { name: "Hide from the players" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^Hide/ })).toBeNull();
    expect(screen.queryAllByText(/Goblin Lurker/)).toEqual([]);

    t.others({ type: "reveal", id: "gob3" }, dmActor);

    expect(screen.getAllByText(/Goblin Lurker/).length).toBeGreaterThan(0);
  });
});

describe("what the DM can hide", () => {
  it("lists creatures the players see but never PCs (defeated and hiding ones too), then visible objects; namesakes by their cell", () => {
    const state = produce(createInteraction(goblinAmbush(), { seed: 7, now: 0 }), (s) => {
      s.entities.gob1!.defeated = true;
      s.entities.gob2!.conditions.push({ name: "hidden", sinceTurn: 0 });
    });
    expect(hideableThings(viewFor(state, "dm"))).toEqual([
      { kind: "entity", id: "gob1", name: "Goblin Cutter", what: "creature, defeated" },
      { kind: "entity", id: "gob2", name: "Goblin Sneak", what: "creature, hiding" },
      { kind: "entity", id: "gob5", name: "Goblin Archer", what: "creature", place: "14, 3" },
      { kind: "entity", id: "gob6", name: "Goblin Archer", what: "creature", place: "14, 12" },
      { kind: "entity", id: "boss", name: "Grekk the Goblin Boss", what: "creature" },
      { kind: "object", id: "door", name: "ruin door", what: "door, closed, locked" },
      {
        kind: "object",
        id: "chest",
        name: "goblin strongbox",
        what: "chest, closed",
      },
    ]);
  });
});

describe("hiding creatures and objects from the players", () => {
  const picker = () => within(hiddenList()).getByRole("combobox", { name: "Hide from the players" });
  const hideCalls = (t: Harness) => t.calls.filter((c) => c.path === "interaction.hide").map((c) => c.input);

  it("offers what the players see; Hide sends it once, resets the choice and lists it for Reveal", async () => {
    const user = userEvent.setup();
    const t = dmTable();
    await screen.findByRole("status", { name: "Connection" });
    const options = within(picker())
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(options).toEqual(
      expect.arrayContaining(["Goblin Cutter (creature)", "ruin door (door, closed, locked)"]),
    );
    for (const never of ["Brenna", "Tobin", "Sable", "Ilya", "Goblin Lurker", "Goblin Stalker", "snare trap"])
      expect(options.filter((o) => o?.startsWith(never))).toEqual([]);
    expect(within(hiddenList()).getByRole("button", { name: /^Hide/ })).toBeDisabled();

    await user.selectOptions(picker(), "Goblin Cutter (creature)");
    await user.click(within(hiddenList()).getByRole("button", { name: "Hide Goblin Cutter" }));
    await flush();

    expect(hideCalls(t)).toEqual([{ interactionId: t.room.state.id, id: "gob1", of: "entity" }]);
    expect(t.room.state.entities.gob1?.hidden).toBe(true);
    expect(within(hiddenList()).getByRole("button", { name: "Reveal Goblin Cutter" })).toBeEnabled();
    expect(picker()).toHaveValue("");
    expect(within(picker()).queryByRole("option", { name: "Goblin Cutter (creature)" })).toBeNull();
    expect(within(hiddenList()).getByRole("button", { name: /^Hide/ })).toBeDisabled();

    // Reveal undoes it: Goblin Cutter is offered again, not chosen again
    await user.click(within(hiddenList()).getByRole("button", { name: "Reveal Goblin Cutter" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Reveal" }));
    await flush();
    expect(t.room.state.entities.gob1?.hidden).toBe(false);
    expect(within(picker()).getByRole("option", { name: "Goblin Cutter (creature)" })).toBeInTheDocument();
    expect(picker()).toHaveValue("");

    await user.selectOptions(picker(), "ruin door (door, closed, locked)");
    await user.click(within(hiddenList()).getByRole("button", { name: "Hide ruin door" }));
    await flush();
    expect(hideCalls(t)).toEqual([
      { interactionId: t.room.state.id, id: "gob1", of: "entity" },
      { interactionId: t.room.state.id, id: "door", of: "object" },
    ]);
    expect(t.room.state.map.objects.door?.hidden).toBe(true);
  });

  it("shows the server's refusal beside the Hide button and announces it", async () => {
    const user = userEvent.setup();
    const refusal = "The ruin door is already hidden from the players.";
    renderTable({
      userId: DM,
      audience: "dm",
      override: {
        "interaction.hide": () => {
          throw new TRPCClientError(refusal);
        },
      },
    });
    await screen.findByRole("status", { name: "Connection" });
    await user.selectOptions(picker(), "ruin door (door, closed, locked)");
    const hide = within(hiddenList()).getByRole("button", { name: "Hide ruin door" });
    await user.click(hide);

    const alert = await within(hiddenList()).findByRole("alert");
    expect(alert).toHaveTextContent(refusal);
    expect(hide).toHaveAccessibleDescription(refusal);
    expect(picker()).not.toHaveValue(""); // kept, to try again
  });

  it("a choice hidden meanwhile (by someone else's command) is dropped, and not chosen again when it comes back", async () => {
    const user = userEvent.setup();
    const t = dmTable();
    await screen.findByRole("status", { name: "Connection" });
    await user.selectOptions(picker(), "Goblin Cutter (creature)");

    t.others({ type: "hide", id: "gob1" }, dmActor);
    expect(picker()).toHaveValue("");
    t.others({ type: "reveal", id: "gob1" }, dmActor);

    expect(within(picker()).getByRole("option", { name: "Goblin Cutter (creature)" })).toBeInTheDocument();
    expect(picker()).toHaveValue("");
    expect(within(hiddenList()).getByRole("button", { name: /^Hide/ })).toBeDisabled();
  });

  it("namesakes carry their cell, in the picker and on the Reveal buttons", async () => {
    const user = userEvent.setup();
    const t = dmTable();
    await screen.findByRole("status", { name: "Connection" });
    const archers = within(picker())
      .getAllByRole("option", { name: /^Goblin Archer/ })
      .map((o) => o.textContent);
    expect(archers).toEqual(["Goblin Archer at 14, 3 (creature)", "Goblin Archer at 14, 12 (creature)"]);

    await user.selectOptions(picker(), "Goblin Archer at 14, 12 (creature)");
    await user.click(within(hiddenList()).getByRole("button", { name: "Hide Goblin Archer at 14, 12" }));
    await flush();
    expect(hideCalls(t)).toEqual([{ interactionId: t.room.state.id, id: "gob6", of: "entity" }]);
    expect(
      within(hiddenList()).getByRole("button", { name: "Reveal Goblin Archer at 14, 12" }),
    ).toBeEnabled();
  });

  it("after the last thing in view is hidden, the picker stays and keeps the keyboard", async () => {
    const user = userEvent.setup();
    const t = dmTable();
    await screen.findByRole("status", { name: "Connection" });
    for (const id of ["gob1", "gob2", "gob5", "gob6", "boss"]) t.others({ type: "hide", id }, dmActor);
    t.others({ type: "hide", id: "door" }, dmActor);
    expect(
      within(picker())
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Choose what to hide…", "goblin strongbox (chest, closed)"]);

    await user.selectOptions(picker(), "goblin strongbox (chest, closed)");
    await user.click(within(hiddenList()).getByRole("button", { name: "Hide goblin strongbox" }));
    await flush();

    expect(t.room.state.map.objects.chest?.hidden).toBe(true);
    expect(picker()).toHaveFocus();
    expect(
      within(picker())
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Nothing in the players' view to hide"]);
  });

  it("shows the panel when nothing is hidden but something can be hidden", async () => {
    const room = new FakeRoom();
    room.state = produce(room.state, (s) => {
      for (const e of Object.values(s.entities)) e.hidden = false;
      s.map.objects.snare!.hidden = false;
    });
    renderTable({ userId: DM, audience: "dm", room });
    await screen.findByRole("status", { name: "Connection" });
    expect(within(hiddenList()).queryAllByRole("listitem")).toEqual([]);
    expect(within(picker()).getByRole("option", { name: "snare trap (trap, armed)" })).toBeInTheDocument();
  });
});
