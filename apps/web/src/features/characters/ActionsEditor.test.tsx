import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { produce } from "immer";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { ActionsEditor } from "./ActionsEditor";
import { emptySheet, newAction } from "./defaults";

function Harness() {
  const [sheet, setSheet] = useState(() => ({
    ...emptySheet("monster"),
    // Rows of different kinds have different fields; focus goes to the same place, Remove.
    actions: [
      { ...newAction("attack"), name: "Bite" },
      { ...newAction("check"), name: "Sniff" },
    ],
  }));
  return (
    <ActionsEditor
      actions={sheet.actions}
      inventory={sheet.inventory}
      errors={{}}
      update={(recipe) => setSheet((s) => produce(s, recipe))}
    />
  );
}

describe("ActionsEditor", () => {
  it("moves keyboard focus to the next action's Remove, then to Add action once none is left", async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness />);

    await user.click(screen.getByRole("button", { name: "Remove Bite" }));
    expect(screen.getByRole("button", { name: "Remove Sniff" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.queryByRole("button", { name: /^Remove/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Add action" })).toHaveFocus();
  });
});
