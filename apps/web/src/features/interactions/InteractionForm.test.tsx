import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Id } from "../../../../../convex/_generated/dataModel";
import { emptyDraft, type Candidate, type InteractionDraft } from "./draft";
import { InteractionForm } from "./InteractionForm";

const goblin = "char_goblin" as Id<"characters">;
const aria = "char_aria" as Id<"characters">;
const mara = "char_mara" as Id<"characters">;
const candidates: Candidate[] = [
  { characterId: goblin, name: "Goblin", kind: "monster", group: "Your NPCs and monsters" },
  { characterId: mara, name: "Mara", kind: "npc", group: "Your NPCs and monsters" },
  { characterId: aria, name: "Aria", kind: "pc", group: "Aria's player's characters" },
];

/** A new draft (a combat) with a goblin on the Enemy side: a combat with no foe cannot be saved. */
const withFoe = (x = 0, y = 7): InteractionDraft => ({
  ...emptyDraft(),
  participants: [{ key: "foe", characterId: goblin, side: "enemy", position: { x, y } }],
});

function renderForm(initial?: InteractionDraft) {
  const onSubmit = vi.fn<(draft: InteractionDraft) => Promise<void>>(() => Promise.resolve());
  render(
    <InteractionForm
      candidates={candidates}
      submitLabel="Create interaction"
      onSubmit={onSubmit}
      initial={initial}
    />,
  );
  return { onSubmit, user: userEvent.setup({ delay: null }) };
}

const grid = () => screen.getByRole("grid", { name: "Map grid" });
const cell = (x: number, y: number) =>
  within(grid()).getByRole("button", { name: new RegExp(`^Cell ${x}, ${y}\\b`) });

/** A part of the form by its legend (the map tool's "Participants" option group is also a group). */
const section = (name: string) =>
  screen.getAllByRole("group", { name }).find((g) => g.tagName === "FIELDSET")!;

/** Picks "Add <kind>" in the map tool and clicks each cell; returns the object's group at the last. */
async function addObject(user: ReturnType<typeof userEvent.setup>, kind: string, x: number, y: number) {
  await user.selectOptions(screen.getByLabelText("Map tool"), `Add ${kind.toLowerCase()}`);
  await user.click(cell(x, y));
  return screen.getByRole("group", { name: `${kind} at ${x}, ${y}` });
}

const chestAt = (x: number, y: number) => ({
  id: `chest-${x}-${y}`,
  name: "Iron chest",
  kind: "chest" as const,
  position: { x, y },
  open: false,
  locked: false,
  loot: [],
});

describe("InteractionForm", () => {
  it("seats characters on free cells with a side that fits them", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Goblin ambush");
    await user.selectOptions(screen.getByLabelText("Character to add"), "Goblin (Monster)");
    await user.click(screen.getByRole("button", { name: "Add participant" }));
    await user.selectOptions(screen.getByLabelText("Character to add"), "Aria (Player character)");
    await user.click(screen.getByRole("button", { name: "Add participant" }));
    expect(screen.getByText("Aria added at 1, 0.")).toBeInTheDocument();

    expect(within(screen.getByRole("group", { name: "Goblin" })).getByLabelText("Side")).toHaveValue("enemy");
    expect(within(screen.getByRole("group", { name: "Aria" })).getByLabelText("Side")).toHaveValue("party");
    expect(cell(0, 0)).toHaveAccessibleName("Cell 0, 0: Goblin (enemy)");
    expect(cell(1, 0)).toHaveAccessibleName("Cell 1, 0: Aria (party)");
    // A PC sits once: it is no longer offered.
    expect(screen.getByRole("option", { name: "Aria (Player character)" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const draft = onSubmit.mock.calls[0]![0];
    expect(draft.name).toBe("Goblin ambush");
    expect(draft.participants.map((p) => [p.characterId, p.side, p.position])).toEqual([
      [goblin, "enemy", { x: 0, y: 0 }],
      [aria, "party", { x: 1, y: 0 }],
    ]);
  });

  it("edits the map with the mouse and the keyboard", async () => {
    const { onSubmit, user } = renderForm(withFoe());
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Bridge");
    await user.click(cell(2, 1));
    expect(cell(2, 1)).toHaveAccessibleName("Cell 2, 1: blocked");

    await user.selectOptions(screen.getByLabelText("Map tool"), "Toggle difficult terrain");
    cell(2, 1).focus();
    await user.keyboard("{ArrowRight}{ArrowDown}{Enter}");
    expect(cell(3, 2)).toHaveFocus();
    expect(cell(3, 2)).toHaveAccessibleName("Cell 3, 2: difficult terrain");

    await user.selectOptions(screen.getByLabelText("Map tool"), "Add door");
    await user.click(cell(0, 3));
    const door = screen.getByRole("group", { name: "Door at 0, 3" });
    await user.click(within(door).getByRole("checkbox", { name: "Locked" }));
    await user.type(within(door).getByLabelText("Key tag"), "iron");

    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    const { map } = onSubmit.mock.calls[0]![0];
    expect(map.blocked).toEqual([{ x: 2, y: 1 }]);
    expect(map.difficult).toEqual([{ x: 3, y: 2 }]);
    expect(map.objects).toEqual([
      expect.objectContaining({
        kind: "door",
        name: "Door",
        position: { x: 0, y: 3 },
        locked: true,
        keyTag: "iron",
      }),
    ]);
  });

  it("refuses seats off the map, on blocked cells or doubled up, beside the seat", async () => {
    const { onSubmit, user } = renderForm({
      name: "Crowded",
      kind: "combat",
      isTest: false,
      map: { width: 4, height: 4, blocked: [{ x: 1, y: 1 }], difficult: [], objects: [] },
      participants: [
        { key: "a", characterId: goblin, side: "enemy", position: { x: 1, y: 1 } },
        { key: "b", characterId: aria, side: "party", position: { x: 0, y: 0 } },
      ],
    });
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const goblinSeat = screen.getByRole("group", { name: "Goblin" });
    expect(within(goblinSeat).getByLabelText("Column (x)")).toHaveAccessibleDescription("On a blocked cell");

    await user.selectOptions(screen.getByLabelText("Map tool"), "Place Goblin");
    await user.click(cell(0, 0));
    expect(within(goblinSeat).getByLabelText("Column (x)")).toHaveValue("0");
    const ariaSeat = screen.getByRole("group", { name: "Aria" });
    expect(within(ariaSeat).getByLabelText("Column (x)")).toHaveAccessibleDescription(
      "Another participant is already here",
    );

    const width = screen.getByLabelText("Width (cells)");
    await user.clear(width);
    await user.type(width, "200");
    expect(width).toHaveAccessibleDescription("Must be at most 100");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a seat whose column or row is not a whole number from 0, beside the seat", async () => {
    const { onSubmit, user } = renderForm({
      name: "Fractions",
      kind: "combat",
      isTest: false,
      map: { width: 4, height: 4, blocked: [], difficult: [], objects: [] },
      participants: [{ key: "a", characterId: goblin, side: "enemy", position: { x: 1, y: 1 } }],
    });
    const column = within(screen.getByRole("group", { name: "Goblin" })).getByLabelText("Column (x)");
    await user.clear(column);
    await user.type(column, "1.5");
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    expect(column).toHaveAccessibleDescription("Column and row must be whole numbers, 0 or more");

    await user.clear(column);
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    expect(column).toHaveAccessibleDescription("Column and row must be whole numbers, 0 or more");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses an object left outside the map after it shrinks, beside the object", async () => {
    const { onSubmit, user } = renderForm({
      ...withFoe(),
      name: "Vault",
    });
    await user.selectOptions(screen.getByLabelText("Map tool"), "Add chest");
    await user.click(cell(10, 6));
    const width = screen.getByLabelText("Width (cells)");
    await user.clear(width);
    await user.type(width, "6");
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const chest = screen.getByRole("group", { name: "Chest at 10, 6" });
    expect(within(chest).getByText("Outside the map: remove it or make the map larger")).toBeInTheDocument();
    expect(screen.getByText("Fix 1 field to save.")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
    // no control there is marked invalid: the keyboard goes to an alert that says why
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Not saved");
    expect(alert).toHaveTextContent("Chest at 10, 6: Outside the map: remove it or make the map larger");
    await waitFor(() => expect(alert).toHaveFocus());

    await user.clear(width);
    await user.type(width, "11");
    expect(within(chest).queryByText(/Outside the map/)).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });

  it("lists a loot tag's error on the first save while focus goes to another invalid field, once", async () => {
    const key = { id: "key", name: "Vault key", type: "gear" as const, tags: ["x".repeat(41)] };
    const { onSubmit, user } = renderForm({
      ...emptyDraft(),
      kind: "puzzle",
      map: { ...emptyDraft().map, objects: [{ ...chestAt(2, 2), loot: [key] }] },
    });
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const name = within(section("Basics")).getByLabelText("Name");
    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAccessibleDescription("Required");
    // the Tags field shows the list's own errors only: this one is the alert's, said once
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Chest at 2, 2, loot 1 tags 1: At most 40 characters");
    expect(alert).not.toHaveTextContent(/Name/);
    expect(screen.getAllByText(/At most 40 characters/)).toHaveLength(1);
    expect(screen.getAllByText(/Required/)).toHaveLength(1);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("refuses a name of only spaces, beside the name", async () => {
    const { onSubmit, user } = renderForm();
    const name = screen.getByLabelText("Name");
    await user.click(name);
    await user.paste("   ");
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    expect(name).toHaveAccessibleDescription("Required");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("wires a lever to a chest (a pull locks or unlocks it) as well as to doors and traps", async () => {
    const { onSubmit, user } = renderForm(withFoe());
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Sealed vault");
    await addObject(user, "Chest", 3, 1);
    await addObject(user, "Door", 4, 1);
    await addObject(user, "Trap", 5, 1);
    const lever = await addObject(user, "Lever", 0, 0);
    const toggles = within(lever).getByRole("group", { name: "Toggles" });
    // What a pull works on; another lever is not offered (the engine ignores it).
    for (const name of ["Chest", "Door", "Trap"])
      expect(within(toggles).getByRole("checkbox", { name })).toBeInTheDocument();
    expect(within(toggles).getAllByRole("checkbox")).toHaveLength(3);
    expect(within(toggles).getByText(/locks or unlocks a chest/)).toBeInTheDocument();
    await user.click(within(toggles).getByRole("checkbox", { name: "Chest" }));

    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const { objects } = onSubmit.mock.calls[0]![0].map;
    const chest = objects.find((o) => o.kind === "chest")!;
    expect(objects.find((o) => o.kind === "lever")).toMatchObject({ toggles: [chest.id] });
  });

  it("offers Hidden on every kind of object (the DM reveals it in play) and saves it", async () => {
    const { onSubmit, user } = renderForm(withFoe());
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Trapped hall");
    for (const [kind, x] of [
      ["Door", 1],
      ["Chest", 2],
      ["Lever", 3],
      ["Trap", 4],
    ] as const) {
      const group = await addObject(user, kind, x, 0);
      await user.click(within(group).getByRole("checkbox", { name: "Hidden" }));
    }

    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const { objects } = onSubmit.mock.calls[0]![0].map;
    expect(objects.filter((o) => o.hidden).map((o) => o.kind)).toEqual(["door", "chest", "lever", "trap"]);
  });

  it("keeps focus on an older draft's Hidden box once it is unticked, and it can be ticked again", async () => {
    const { user } = renderForm({
      name: "Vault",
      kind: "puzzle",
      isTest: false,
      map: { width: 4, height: 4, blocked: [], difficult: [], objects: [{ ...chestAt(2, 2), hidden: true }] },
      participants: [{ key: "a", characterId: aria, side: "party", position: { x: 0, y: 0 }, hidden: true }],
    });
    for (const name of ["Chest at 2, 2", "Aria"]) {
      const group = screen.getByRole("group", { name });
      const hidden = within(group).getByRole("checkbox", { name: "Hidden" });
      hidden.focus();
      await user.keyboard(" ");
      // Not dropped to the page body: still on the box, in its object's (or seat's) fieldset.
      expect(document.activeElement).not.toBe(document.body);
      expect(group).toContainElement(document.activeElement as HTMLElement);
      expect(hidden).toHaveFocus();
      expect(hidden).not.toBeChecked();
      await user.keyboard(" ");
      expect(hidden).toBeChecked();
      await user.keyboard(" ");
    }
  });

  it("offers Hidden on NPCs and monsters, not on a PC: its player would never see it", async () => {
    const { user } = renderForm();
    for (const label of ["Goblin (Monster)", "Mara (NPC)", "Aria (Player character)"]) {
      await user.selectOptions(screen.getByLabelText("Character to add"), label);
      await user.click(screen.getByRole("button", { name: "Add participant" }));
    }
    const hiddenIn = (name: string) =>
      within(screen.getByRole("group", { name })).queryByRole("checkbox", { name: "Hidden" });
    expect(hiddenIn("Goblin")).toBeInTheDocument();
    expect(hiddenIn("Mara")).toBeInTheDocument();
    expect(hiddenIn("Aria")).not.toBeInTheDocument();
  });

  it("refuses a hidden PC from an older draft beside it, until Hidden is unticked", async () => {
    const { onSubmit, user } = renderForm({
      name: "Ambush",
      kind: "combat",
      isTest: false,
      map: { width: 4, height: 4, blocked: [], difficult: [], objects: [] },
      participants: [
        { key: "a", characterId: aria, side: "party", position: { x: 0, y: 0 }, hidden: true },
        { key: "b", characterId: goblin, side: "enemy", position: { x: 3, y: 3 }, hidden: true },
      ],
    });
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const hidden = within(screen.getByRole("group", { name: "Aria" })).getByRole("checkbox", {
      name: "Hidden",
    });
    expect(hidden).toHaveAccessibleDescription(
      "A player character cannot be hidden: its player would never see it to play it. Untick Hidden.",
    );
    expect(screen.getByText("Fix 1 field to save.")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await user.click(hidden);
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    // A hidden monster (an ambusher) is fine.
    expect(onSubmit.mock.calls[0]![0].participants.map((p) => p.hidden)).toEqual([false, true]);
  });

  it("refuses a locked chest with no key tag beside its key tag, until a lever unlocks it or it gets a key tag", async () => {
    const message =
      "Locked with no key tag and no lever that unlocks it: the party could never open it. Give it a key tag or wire a lever to it.";
    const initial: InteractionDraft = {
      name: "Vault",
      kind: "puzzle",
      isTest: false,
      map: {
        width: 4,
        height: 4,
        blocked: [],
        difficult: [],
        objects: [
          { ...chestAt(2, 2), locked: true },
          {
            id: "lever",
            name: "Rusty lever",
            kind: "lever",
            position: { x: 0, y: 1 },
            on: false,
            toggles: [],
          },
        ],
      },
      participants: [],
    };
    for (const fix of ["lever", "key"] as const) {
      const { onSubmit, user } = renderForm(initial);
      await user.click(screen.getByRole("button", { name: "Create interaction" }));
      const chest = screen.getByRole("group", { name: "Chest at 2, 2" });
      const keyTag = within(chest).getByLabelText("Key tag");
      expect(keyTag).toHaveAccessibleDescription(`A gear item with this tag unlocks it ${message}`);
      await waitFor(() => expect(keyTag).toHaveFocus());
      expect(screen.getByText("Fix 1 field to save.")).toBeInTheDocument();
      expect(onSubmit).not.toHaveBeenCalled();

      if (fix === "lever") {
        const toggles = within(screen.getByRole("group", { name: "Lever at 0, 1" })).getByRole("group", {
          name: "Toggles",
        });
        await user.click(within(toggles).getByRole("checkbox", { name: "Iron chest" }));
      } else await user.type(keyTag, "vault-key");
      expect(within(chest).queryByText(message)).not.toBeInTheDocument();
      await user.click(screen.getByRole("button", { name: "Create interaction" }));
      await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
      const [saved, savedLever] = onSubmit.mock.calls[0]![0].map.objects;
      expect(saved).toMatchObject({ kind: "chest", locked: true });
      expect(savedLever).toMatchObject(fix === "lever" ? { toggles: [saved!.id] } : { toggles: [] });
      if (fix === "key") expect(saved).toMatchObject({ keyTag: "vault-key" });
      cleanup();
    }
  });

  it("refuses a puzzle with no chest in the map section: it is won when every chest is open", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Riddle room");
    await user.selectOptions(screen.getByLabelText("Kind"), "Puzzle");
    await addObject(user, "Lever", 1, 1);
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const message = "A puzzle needs at least one chest: it is won when every chest is open.";
    expect(within(section("Map")).getByText(message)).toBeInTheDocument();
    expect(screen.getByText("Fix 1 field to save.")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await addObject(user, "Chest", 2, 2);
    expect(screen.queryByText(message)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });

  it("refuses a social scene with no neutral NPC among the participants: there is nobody to win over", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Parley");
    await user.selectOptions(screen.getByLabelText("Kind"), "Social");
    for (const label of ["Aria (Player character)", "Goblin (Monster)"]) {
      await user.selectOptions(screen.getByLabelText("Character to add"), label);
      await user.click(screen.getByRole("button", { name: "Add participant" }));
    }
    // A monster on the Neutral side is not an NPC to win over.
    await user.selectOptions(
      within(screen.getByRole("group", { name: "Goblin" })).getByLabelText("Side"),
      "Neutral",
    );
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const message =
      "A social scene needs at least one neutral NPC to win over (an NPC on the Neutral side): the party wins when every one is won over.";
    expect(within(section("Participants")).getByText(message)).toBeInTheDocument();
    expect(screen.getByText("Fix 1 field to save.")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await user.selectOptions(screen.getByLabelText("Character to add"), "Mara (NPC)");
    await user.click(screen.getByRole("button", { name: "Add participant" }));
    expect(screen.queryByText(message)).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].participants.at(-1)).toMatchObject({
      characterId: mara,
      side: "neutral",
    });
  });

  it("moves focus to an alert when what is wrong is the seats as a whole, which no field shows", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Parley");
    await user.selectOptions(screen.getByLabelText("Kind"), "Social");
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent(
      "Participants: A social scene needs at least one neutral NPC to win over",
    );
    await waitFor(() => expect(alert).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("moves focus to an alert when too many cells are painted, which no field shows", async () => {
    // a 100 × 21 map with 20 rows all blocked and one cell more: 2,001 blocked cells
    const blocked = Array.from({ length: 2_001 }, (_, i) =>
      i < 2_000 ? { x: i % 100, y: 1 + Math.floor(i / 100) } : { x: 50, y: 0 },
    );
    const { onSubmit, user } = renderForm({
      ...withFoe(0, 0),
      name: "Maze",
      map: { width: 100, height: 21, blocked, difficult: [], objects: [] },
    });
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Not saved");
    expect(alert).toHaveTextContent("Blocked cells: At most 2000 allowed");
    await waitFor(() => expect(alert).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("leaves focus on the field when a field is wrong too, with the alert still shown", async () => {
    const { user } = renderForm();
    await user.selectOptions(screen.getByLabelText("Kind"), "Social");
    await user.click(screen.getByRole("button", { name: "Create interaction" }));
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveFocus());
    expect(screen.getByRole("alert")).toHaveTextContent("Participants:");
  });

  it("moves focus to an alert saying why when the server refuses the save", async () => {
    const onSubmit = vi.fn(() =>
      Promise.reject(new Error("The map is locked while the interaction is live")),
    );
    const user = userEvent.setup({ delay: null });
    render(
      <InteractionForm candidates={candidates} submitLabel="Save" onSubmit={onSubmit} initial={withFoe()} />,
    );
    await user.click(screen.getByLabelText("Name"));
    await user.paste("Ambush");
    await user.selectOptions(screen.getByLabelText("Character to add"), "Goblin (Monster)");
    await user.click(screen.getByRole("button", { name: "Add participant" }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The map is locked while the interaction is live");
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByLabelText("Name")).toHaveValue("Ambush");
  });

  it("reports unsaved edits until they are saved, so going live waits for them", async () => {
    const onDirtyChange = vi.fn();
    const onSubmit = vi.fn(() => Promise.resolve());
    const user = userEvent.setup({ delay: null });
    render(
      <InteractionForm
        candidates={candidates}
        submitLabel="Save changes"
        initial={{
          ...withFoe(0, 2),
          name: "Bridge",
          map: { width: 3, height: 3, blocked: [], difficult: [], objects: [] },
        }}
        onSubmit={onSubmit}
        onDirtyChange={onDirtyChange}
      />,
    );
    expect(onDirtyChange).toHaveBeenLastCalledWith(false);
    await user.click(cell(1, 1));
    expect(onDirtyChange).toHaveBeenLastCalledWith(true);
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(onDirtyChange).toHaveBeenLastCalledWith(false));
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it("tells an admin a test interaction lets them play every seat, not that bots play it", async () => {
    const onSubmit = vi.fn<(draft: InteractionDraft) => Promise<void>>(() => Promise.resolve());
    render(
      <InteractionForm
        candidates={candidates}
        submitLabel="Save changes"
        initial={withFoe()}
        allowTest
        onSubmit={onSubmit}
      />,
    );
    const box = screen.getByRole("checkbox", { name: "Test interaction (admins may play every seat)" });
    expect(box).toHaveAccessibleDescription(/No bots play it: an admin acts for the DM and every character/);
    await userEvent.setup({ delay: null }).click(box);
    expect(box).toBeChecked();
  });
});
