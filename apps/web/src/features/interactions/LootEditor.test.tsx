import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { InteractionDraft } from "./draft";
import { InteractionForm } from "./InteractionForm";

const vault: InteractionDraft = {
  name: "Vault",
  kind: "puzzle",
  isTest: false,
  participants: [],
  map: {
    width: 4,
    height: 4,
    blocked: [],
    difficult: [],
    objects: [
      {
        id: "chest-1",
        name: "Iron chest",
        kind: "chest",
        position: { x: 2, y: 2 },
        open: false,
        locked: false,
        loot: [],
      },
    ],
  },
};

function renderForm() {
  const onSubmit = vi.fn<(draft: InteractionDraft) => Promise<void>>(() => Promise.resolve());
  render(<InteractionForm candidates={[]} submitLabel="Save changes" onSubmit={onSubmit} initial={vault} />);
  return { onSubmit, user: userEvent.setup({ delay: null }) };
}

const loot = () => screen.getByRole("region", { name: "Loot in Iron chest" });

describe("chest loot", () => {
  it("adds and removes loot, checked by the engine's schema with errors beside the fields", async () => {
    const { onSubmit, user } = renderForm();
    expect(within(loot()).getByText("The chest is empty.")).toBeInTheDocument();

    await user.selectOptions(within(loot()).getByLabelText("New loot type"), "Gear");
    await user.click(within(loot()).getByRole("button", { name: "Add loot to Iron chest" }));
    await user.selectOptions(within(loot()).getByLabelText("New loot type"), "Consumable");
    await user.click(within(loot()).getByRole("button", { name: "Add loot to Iron chest" }));
    const potion = within(loot()).getByRole("group", { name: "Loot 2: Consumable" });
    await user.clear(within(potion).getByLabelText("Heals (dice)"));
    await user.type(within(potion).getByLabelText("Heals (dice)"), "lots");

    await user.click(screen.getByRole("button", { name: "Save changes" }));
    const key = within(loot()).getByRole("group", { name: "Loot 1: Gear" });
    expect(within(key).getByLabelText("Item name")).toHaveAccessibleDescription("Required");
    expect(within(potion).getByLabelText("Heals (dice)")).toHaveAccessibleDescription(
      /Dice must look like 1d8\+3/,
    );
    expect(onSubmit).not.toHaveBeenCalled();

    await user.type(within(key).getByLabelText("Item name"), "Vault key");
    await user.type(within(key).getByLabelText("Tags"), "vault");
    expect(within(key).getByLabelText("Item name")).not.toHaveAccessibleDescription("Required");
    await user.click(within(potion).getByRole("button", { name: "Remove Loot 2" }));
    expect(within(loot()).queryByRole("group", { name: /Consumable/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const [chest] = onSubmit.mock.calls[0]![0].map.objects;
    expect(chest).toMatchObject({
      kind: "chest",
      loot: [{ type: "gear", name: "Vault key", tags: ["vault"] }],
    });
  });

  it("keeps keyboard focus in the loot as items are removed, then on Add loot", async () => {
    const gear = (id: string, name: string) => ({ id, type: "gear" as const, name, tags: [] });
    const objects = vault.map.objects.map((o) =>
      o.kind === "chest" ? { ...o, loot: [gear("a", "Gem"), gear("b", "Key")] } : o,
    );
    const user = userEvent.setup({ delay: null });
    render(
      <InteractionForm
        candidates={[]}
        submitLabel="Save changes"
        onSubmit={() => Promise.resolve()}
        initial={{ ...vault, map: { ...vault.map, objects } }}
      />,
    );

    await user.click(within(loot()).getByRole("button", { name: "Remove Loot 1: Gem" }));
    expect(within(loot()).getByRole("button", { name: "Remove Loot 1: Key" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(within(loot()).getByText("The chest is empty.")).toBeInTheDocument();
    expect(within(loot()).getByRole("button", { name: "Add loot to Iron chest" })).toHaveFocus();
  });
});
