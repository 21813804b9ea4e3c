import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { CheckboxField, FieldError, ShownErrorsContext } from "./field";

function Toggle(props: { error?: string; hint?: string; errorKey?: string }) {
  const [checked, setChecked] = useState(false);
  return (
    <CheckboxField
      label="Hidden"
      checked={checked}
      onCheckedChange={(c) => setChecked(c === true)}
      {...props}
    />
  );
}

describe("CheckboxField", () => {
  it("is a checkbox named by its label, described by its hint, and ticked by a click on the label", async () => {
    const user = userEvent.setup();
    render(<Toggle hint="Players cannot see it" />);
    const box = screen.getByRole("checkbox", { name: "Hidden" });
    expect(box).toHaveAccessibleDescription("Players cannot see it");
    expect(box).not.toHaveAttribute("aria-invalid");
    expect(box).not.toBeChecked();
    await user.click(screen.getByText("Hidden"));
    expect(box).toBeChecked();
  });

  it("is invalid with an error, described by its hint then the error, which is shown", () => {
    render(<Toggle hint="Players cannot see it" error="A PC cannot be hidden." />);
    const box = screen.getByRole("checkbox", { name: "Hidden" });
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(box).toHaveAccessibleDescription("Players cannot see it A PC cannot be hidden.");
    expect(screen.getByText("A PC cannot be hidden.")).toBeVisible();
  });

  it("is described by its error alone when it has no hint, and by nothing without either", () => {
    const { rerender } = render(<Toggle error="A PC cannot be hidden." />);
    const box = screen.getByRole("checkbox", { name: "Hidden" });
    expect(box).toHaveAccessibleDescription("A PC cannot be hidden.");
    rerender(<Toggle />);
    expect(box).not.toHaveAttribute("aria-invalid");
    expect(box).not.toHaveAttribute("aria-describedby");
    expect(screen.queryByText("A PC cannot be hidden.")).not.toBeInTheDocument();
  });

  it("tells the form it shows its error key while mounted", () => {
    const unshow = vi.fn();
    const show = vi.fn(() => unshow);
    const { unmount } = render(
      <ShownErrorsContext.Provider value={show}>
        <Toggle errorKey="participants.0.hidden" />
      </ShownErrorsContext.Provider>,
    );
    expect(show).toHaveBeenCalledWith("participants.0.hidden");
    unmount();
    expect(unshow).toHaveBeenCalled();
  });

  it("with `errorId`, is invalid and described by the error shown apart, showing none itself", () => {
    render(
      <div>
        <CheckboxField label="Hidden" error="A PC cannot be hidden." errorId="hidden-error" />
        <p>Something between</p>
        <FieldError id="hidden-error" error="A PC cannot be hidden." />
      </div>,
    );
    const box = screen.getByRole("checkbox", { name: "Hidden" });
    expect(box).toHaveAttribute("aria-invalid", "true");
    expect(box).toHaveAccessibleDescription("A PC cannot be hidden.");
    expect(screen.getAllByText("A PC cannot be hidden.")).toHaveLength(1);
  });
});
