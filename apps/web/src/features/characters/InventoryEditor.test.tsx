import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { produce } from "immer";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { emptySheet, newItem } from "./defaults";
import { InventoryEditor } from "./InventoryEditor";

function Harness({ names }: { names: string[] }) {
  const [sheet, setSheet] = useState(() => ({
    ...emptySheet("pc"),
    inventory: names.map((name) => ({ ...newItem("gear"), name })),
  }));
  return (
    <InventoryEditor
      items={sheet.inventory}
      errors={{}}
      update={(recipe) => setSheet((s) => produce(s, recipe))}
    />
  );
}

describe("InventoryEditor", () => {
  it("keeps keyboard focus in the list as items are removed: next item, previous item, then Add item", async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness names={["Rope", "Torch", "Chalk"]} />);

    await user.click(screen.getByRole("button", { name: "Remove Rope" }));
    expect(screen.getByRole("button", { name: "Remove Torch" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Remove Chalk" }));
    expect(screen.getByRole("button", { name: "Remove Torch" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Remove Torch" }));
    expect(screen.getByRole("button", { name: "Add item" })).toHaveFocus();
  });
});
