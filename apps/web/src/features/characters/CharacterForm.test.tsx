import type { CharacterSheet } from "@roundtable/live/engine";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { CharacterForm } from "./CharacterForm";
import { emptySheet, newAction } from "./defaults";

function renderForm(overrides: Partial<Parameters<typeof CharacterForm>[0]> = {}) {
  const onSubmit = vi.fn<(sheet: CharacterSheet) => Promise<void>>(() => Promise.resolve());
  render(
    <CharacterForm
      kinds={["pc", "npc", "monster"]}
      submitLabel="Create character"
      onSubmit={onSubmit}
      {...overrides}
    />,
  );
  return { onSubmit, user: userEvent.setup({ delay: null }) };
}

const basics = () => screen.getByRole("group", { name: "Basics" });

describe("CharacterForm", () => {
  it("shows what is wrong beside the field, focuses it, and sends nothing", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByRole("button", { name: "Create character" }));
    const name = within(basics()).getByLabelText("Name");
    expect(name).toHaveAccessibleDescription("Required");
    expect(name).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(name).toHaveFocus());
    expect(screen.getByText("Fix 1 field to save.")).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();

    await user.type(name, "Aria");
    expect(name).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByText("Fix 1 field to save.")).not.toBeInTheDocument();
  });

  it("refuses a name of only spaces, beside the name, and sends a name trimmed", async () => {
    const { onSubmit, user } = renderForm();
    const name = within(basics()).getByLabelText("Name");
    await user.click(name);
    await user.paste(" \t ");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    expect(name).toHaveAccessibleDescription("Required");
    expect(onSubmit).not.toHaveBeenCalled();

    await user.type(name, "Aria ");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].name).toBe("Aria");
  });

  it("saves a sheet stored with repeated ids or an attack needing a missing or non-weapon item, as the engine accepts it", async () => {
    const axe = { id: "axe", name: "Axe", type: "weapon", equipped: true } as const;
    const shield = { id: "shield", name: "Shield", type: "armor", equipped: true, acBonus: 2 } as const;
    const attack = (id: string, weaponId: string) =>
      ({
        id,
        name: id,
        kind: "attack",
        toHit: 3,
        damage: "1d6",
        damageType: "slashing",
        range: 5,
        weaponId,
      }) as const;
    const initial: CharacterSheet = {
      ...emptySheet("pc"),
      name: "Borin",
      inventory: [axe, { ...axe, name: "Spare axe" }, shield],
      actions: [
        attack("chop", "axe"),
        attack("chop", "axe"),
        attack("bash", "shield"),
        attack("stab", "dagger"),
      ],
    };
    const { onSubmit, user } = renderForm({ initial, submitLabel: "Save" });
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const sent = onSubmit.mock.calls[0]![0];
    expect(new Set(sent.inventory.map((i) => i.id)).size).toBe(3);
    expect(sent.inventory[0]!.id).toBe("axe");
    expect(new Set(sent.actions.map((a) => a.id)).size).toBe(4);
    expect(sent.actions.map((a) => (a.kind === "attack" ? (a.weaponId ?? null) : null))).toEqual([
      "axe",
      "axe",
      null,
      null,
    ]);
  });

  it("checks numbers against the engine's rules", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(within(basics()).getByLabelText("Name"), "Aria");
    const speed = within(basics()).getByLabelText("Speed (ft)");
    await user.clear(speed);
    await user.type(speed, "32");
    const hp = within(basics()).getByLabelText("Max HP");
    await user.clear(hp);
    await user.click(screen.getByRole("button", { name: "Create character" }));
    expect(speed).toHaveAccessibleDescription("Must be a multiple of 5");
    expect(hp).toHaveAccessibleDescription("Enter a number");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("builds a full sheet with an equipped weapon and an attack that needs it", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(within(basics()).getByLabelText("Name"), "Aria");
    await user.selectOptions(within(basics()).getByLabelText("Kind"), "pc");
    const str = screen.getByLabelText("Strength");
    await user.clear(str);
    await user.type(str, "3");

    await user.click(screen.getByRole("button", { name: "Add item" }));
    const item = screen.getByRole("group", { name: "Item 1: Weapon" });
    await user.type(within(item).getByLabelText("Name"), "Longsword");
    await user.click(within(item).getByRole("checkbox", { name: "Equipped" }));

    await user.selectOptions(screen.getByLabelText("New item type"), "consumable");
    await user.click(screen.getByRole("button", { name: "Add item" }));
    await user.type(
      within(screen.getByRole("group", { name: "Item 2: Consumable" })).getByLabelText("Name"),
      "Potion",
    );

    await user.click(screen.getByRole("button", { name: "Add action" }));
    const action = screen.getByRole("group", { name: "Action 1: Attack" });
    await user.type(within(action).getByLabelText("Name"), "Slash");
    const damage = within(action).getByLabelText("Damage (dice)");
    await user.clear(damage);
    await user.type(damage, "1d8+3");
    await user.selectOptions(within(action).getByLabelText("Needs weapon"), "Longsword");

    await user.click(screen.getByRole("button", { name: "Create character" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const sheet = onSubmit.mock.calls[0]![0];
    expect(sheet).toMatchObject({ name: "Aria", kind: "pc", abilities: { str: 3 } });
    expect(sheet.inventory.map((i) => [i.type, i.name])).toEqual([
      ["weapon", "Longsword"],
      ["consumable", "Potion"],
    ]);
    expect(sheet.inventory[0]).toMatchObject({ equipped: true });
    expect(sheet.actions[0]).toMatchObject({
      kind: "attack",
      name: "Slash",
      damage: "1d8+3",
      weaponId: sheet.inventory[0]!.id,
    });
  });

  it("rejects bad dice notation with the engine's message", async () => {
    const { onSubmit, user } = renderForm({ initial: { ...emptySheet("monster"), name: "Goblin" } });
    await user.selectOptions(screen.getByLabelText("New action kind"), "attack");
    await user.click(screen.getByRole("button", { name: "Add action" }));
    const action = screen.getByRole("group", { name: "Action 1: Attack" });
    await user.type(within(action).getByLabelText("Name"), "Scimitar");
    const damage = within(action).getByLabelText("Damage (dice)");
    await user.clear(damage);
    await user.type(damage, "a lot");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    expect(damage).toHaveAccessibleDescription("Dice must look like 1d8+3, 2d6 or 5");
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("removes items and unequips on request", async () => {
    const initial: CharacterSheet = {
      ...emptySheet("pc"),
      name: "Borin",
      inventory: [
        { id: "axe", name: "Axe", type: "weapon", equipped: true },
        { id: "rope", name: "Rope", type: "gear" },
      ],
    };
    const { onSubmit, user } = renderForm({ initial, kinds: ["pc"], submitLabel: "Save changes" });
    expect(within(basics()).getByLabelText("Kind")).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Equipped" }));
    await user.click(screen.getByRole("button", { name: "Remove Rope" }));
    expect(screen.queryByRole("group", { name: /Item 2/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0].inventory).toEqual([
      { id: "axe", name: "Axe", type: "weapon", equipped: false },
    ]);
  });

  it("frees the attacks that needed a weapon when the weapon is removed", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(within(basics()).getByLabelText("Name"), "Aria");
    await user.click(screen.getByRole("button", { name: "Add item" }));
    const item = screen.getByRole("group", { name: "Item 1: Weapon" });
    await user.type(within(item).getByLabelText("Name"), "Longsword");
    await user.click(screen.getByRole("button", { name: "Add action" }));
    const action = screen.getByRole("group", { name: "Action 1: Attack" });
    await user.type(within(action).getByLabelText("Name"), "Slash");
    await user.selectOptions(within(action).getByLabelText("Needs weapon"), "Longsword");

    await user.click(within(item).getByRole("button", { name: "Remove Longsword" }));
    expect(within(action).getByLabelText("Needs weapon")).toHaveValue("");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const sheet = onSubmit.mock.calls[0]![0];
    expect(sheet.inventory).toEqual([]);
    expect(sheet.actions[0]).toMatchObject({ kind: "attack", name: "Slash" });
    expect(sheet.actions[0]).not.toHaveProperty("weaponId");
  });

  it("drops an attack's tie to a weapon no longer in the inventory when an older sheet is saved", async () => {
    const old = {
      ...emptySheet("pc"),
      name: "Brenna",
      actions: [{ ...newAction("attack"), name: "Slash", weaponId: "gone" }],
    };
    const { onSubmit, user } = renderForm({ initial: old, submitLabel: "Save" });
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0].actions[0]).toMatchObject({ kind: "attack", name: "Slash" });
    expect(onSubmit.mock.calls[0]![0].actions[0]).not.toHaveProperty("weaponId");
  });

  it("keeps the user's input when the server refuses it", async () => {
    const onSubmit = vi.fn(() => Promise.reject(new Error("sheet.name: must be 1 to 80 characters")));
    const { user } = renderForm({ onSubmit });
    await user.type(within(basics()).getByLabelText("Name"), "Cass");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Create character" })).toBeEnabled());
    expect(within(basics()).getByLabelText("Name")).toHaveValue("Cass");
  });

  it("moves focus to an alert saying why when the server refuses the save", async () => {
    const onSubmit = vi.fn<(sheet: CharacterSheet) => Promise<void>>(() =>
      Promise.reject(new Error("A character named Cass already exists")),
    );
    const { user } = renderForm({ onSubmit });
    await user.type(within(basics()).getByLabelText("Name"), "Cass");
    await user.click(screen.getByRole("button", { name: "Create character" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Not saved");
    expect(alert).toHaveTextContent("A character named Cass already exists");
    await waitFor(() => expect(alert).toHaveFocus());

    // saved on the next try: the alert goes
    onSubmit.mockImplementation(() => Promise.resolve());
    await user.click(screen.getByRole("button", { name: "Create character" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
  });

  it("moves focus to an alert when what is wrong is a whole list, which no field shows", async () => {
    const gear = Array.from({ length: 51 }, (_, i) => ({
      id: `g${i}`,
      name: `Torch ${i}`,
      type: "gear" as const,
    }));
    const { onSubmit, user } = renderForm({
      initial: { ...emptySheet("pc"), name: "Packrat", inventory: gear },
      submitLabel: "Save",
    });
    await user.click(screen.getByRole("button", { name: "Save" }));
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Inventory: At most 50 allowed");
    await waitFor(() => expect(alert).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("moves focus to an alert naming the item when one of its tags is too long, which the Tags field does not show", async () => {
    const key = { id: "key", name: "Vault key", type: "gear" as const, tags: ["vault", "x".repeat(41)] };
    const { onSubmit, user } = renderForm({
      initial: { ...emptySheet("pc"), name: "Keeper", inventory: [key] },
      submitLabel: "Save",
    });
    await user.click(screen.getByRole("button", { name: "Save" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Not saved");
    expect(alert).toHaveTextContent("Item 1, tags 2: At most 40 characters");
    await waitFor(() => expect(alert).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("shows each error once: beside the field that shows it, or else in the alert", async () => {
    const key = { id: "key", name: "Vault key", type: "gear" as const, tags: ["x".repeat(41)] };
    const hex = {
      ...newAction("spell"),
      name: "Hex",
      save: { ability: "wis" as const, dc: 41, half: false },
    } as CharacterSheet["actions"][number];
    const { onSubmit, user } = renderForm({
      initial: { ...emptySheet("npc"), name: "", inventory: [key], actions: [hex] },
      submitLabel: "Save",
    });
    await user.click(screen.getByRole("button", { name: "Save" }));
    const name = within(basics()).getByLabelText("Name");
    await waitFor(() => expect(name).toHaveFocus());
    const action = screen.getByRole("group", { name: "Action 1: Spell" });
    expect(within(action).getByLabelText("Save DC")).toHaveAccessibleDescription("Must be at most 40");
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Item 1, tags 1: At most 40 characters");
    // each once on the page: the alert repeats neither the name's nor the DC's
    expect(screen.getAllByText(/Required/)).toHaveLength(1);
    expect(screen.getAllByText(/Must be at most 40/)).toHaveLength(1);
    expect(screen.getAllByText(/At most 40 characters/)).toHaveLength(1);
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("lists a too-long tag in the alert on the first save even while focus goes to an invalid field", async () => {
    const key = { id: "key", name: "Vault key", type: "gear" as const, tags: ["vault", "x".repeat(41)] };
    const { onSubmit, user } = renderForm({
      initial: { ...emptySheet("pc"), name: "", inventory: [key] },
      submitLabel: "Save",
    });
    await user.click(screen.getByRole("button", { name: "Save" }));
    const name = within(basics()).getByLabelText("Name");
    await waitFor(() => expect(name).toHaveFocus());
    expect(name).toHaveAccessibleDescription("Required");
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Item 1, tags 2: At most 40 characters");
    // what the Name field shows beside itself is not repeated, and the keyboard stays there
    expect(alert).not.toHaveTextContent(/Name/);
    expect(alert).not.toHaveFocus();
    expect(onSubmit).not.toHaveBeenCalled();

    // the name fixed, the tag is the one thing left: the alert still says so, and now takes focus
    await user.type(name, "Keeper");
    expect(screen.getByRole("alert")).toHaveTextContent("Item 1, tags 2: At most 40 characters");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveFocus());
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
