import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Id } from "../../../../../convex/_generated/dataModel";
import type { Candidate, InteractionDraft } from "./draft";
import { renderInteractionForm, section, settle } from "../../test/form-helpers";

const aria = "char_aria" as Id<"characters">;
const candidates: Candidate[] = [
  { characterId: aria, name: "Aria", kind: "pc", group: "Aria's player's characters" },
];

/** A wall down column 3 whose one gap is a sealed door (locked, no key tag); the chest is beyond it. */
const sealedVault: InteractionDraft = {
  name: "Sealed vault",
  kind: "puzzle",
  isTest: false,
  participants: [{ key: "a", characterId: aria, side: "party", position: { x: 0, y: 1 } }],
  map: {
    width: 7,
    height: 3,
    blocked: [
      { x: 3, y: 0 },
      { x: 3, y: 2 },
    ],
    difficult: [],
    objects: [
      { id: "vault", name: "Vault door", kind: "door", position: { x: 3, y: 1 }, open: false, locked: true },
      {
        id: "chest",
        name: "Iron chest",
        kind: "chest",
        position: { x: 6, y: 1 },
        open: false,
        locked: false,
        loot: [],
      },
      { id: "lever", name: "Rusty lever", kind: "lever", position: { x: 1, y: 0 }, on: false, toggles: [] },
    ],
  },
};

describe("MapEditor", () => {
  it("shows beside the map why no participant can ever reach a chest, until a way is opened", async () => {
    const { onSubmit, user } = renderInteractionForm(candidates, sealedVault);
    await user.click(screen.getByRole("button", { name: "Save" }));
    await settle();
    const message =
      "No participant can ever reach the Iron chest at (6, 1): blocked cells, chests, levers or doors no one can open (locked with no key tag, and no lever anyone can reach wired to them) cut it off from every participant, and a puzzle is won only when every chest is open. Open a way to it: clear a blocked cell, give a door a key tag or wire a lever a participant can reach to one.";
    expect(within(section("Map")).getByText(message)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    // Wiring the lever beside Aria to the door opens the way.
    const toggles = within(screen.getByRole("group", { name: "Lever at 1, 0" })).getByRole("group", {
      name: "Toggles",
    });
    await user.click(within(toggles).getByRole("checkbox", { name: "Vault door" }));
    expect(screen.queryByText(message)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].map.objects[2]).toMatchObject({ kind: "lever", toggles: ["vault"] });
  });

  it("offers Hidden on a door, chest and lever as on a trap (the DM reveals it in play), and saves it", async () => {
    const objects = sealedVault.map.objects.map((o) =>
      o.kind === "lever" ? { ...o, toggles: ["vault"] } : o,
    );
    const { onSubmit, user } = renderInteractionForm(candidates, {
      ...sealedVault,
      map: { ...sealedVault.map, objects },
    });
    for (const name of ["Door at 3, 1", "Chest at 6, 1"])
      expect(
        within(screen.getByRole("group", { name })).getByRole("checkbox", { name: "Hidden" }),
      ).not.toBeChecked();
    const lever = screen.getByRole("group", { name: "Lever at 1, 0" });
    await user.click(within(lever).getByRole("checkbox", { name: "Hidden" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].map.objects[2]).toMatchObject({
      kind: "lever",
      toggles: ["vault"],
      hidden: true,
    });
  });

  it("keeps keyboard focus among the objects as they are removed, then on the Objects heading", async () => {
    const objects = sealedVault.map.objects.map((o) =>
      o.kind === "chest" ? { ...o, loot: [{ id: "gem", type: "gear" as const, name: "Gem", tags: [] }] } : o,
    );
    const { user } = renderInteractionForm(candidates, {
      ...sealedVault,
      map: { ...sealedVault.map, objects },
    });

    // The next row is the chest: its own Remove, not its loot's.
    await user.click(screen.getByRole("button", { name: "Remove Vault door" }));
    expect(screen.getByRole("button", { name: "Remove Iron chest" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Remove Rusty lever" }));
    expect(screen.getByRole("button", { name: "Remove Iron chest" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(within(section("Map")).getByText("No objects on the map.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Objects" })).toHaveFocus();
  });
});
