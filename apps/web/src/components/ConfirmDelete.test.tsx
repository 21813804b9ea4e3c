import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { ConfirmDelete } from "./ConfirmDelete";

/**
 * Cards laid out as the list pages do; deleting one drops it when the "server" answers (after
 * `delay` ms, or at once, before the closing dialog hands focus back).
 */
function Cards({
  initial,
  refuse = false,
  delay = 5,
  inPanel = true,
}: {
  initial: string[];
  refuse?: boolean;
  delay?: number;
  inPanel?: boolean;
}) {
  const [names, setNames] = useState(initial);
  const list = (
    <ul>
      {names.map((name) => (
        <li key={name}>
          <a href={`#${name}`}>{name}</a>
          <ConfirmDelete
            name={name}
            what="thing"
            onConfirm={async () => {
              if (delay > 0) await new Promise((done) => setTimeout(done, delay));
              if (!refuse) setNames((ns) => ns.filter((n) => n !== name));
            }}
          />
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <h1>Things</h1>
      {inPanel ? (
        <div role="tabpanel" tabIndex={0} aria-label="Drafts">
          {list}
        </div>
      ) : (
        list
      )}
    </>
  );
}

async function deleteThing(user: ReturnType<typeof userEvent.setup>, name: string) {
  await user.click(screen.getByRole("button", { name: `Delete ${name}` }));
  await user.click(
    within(screen.getByRole("alertdialog", { name: `Delete ${name}?` })).getByRole("button", {
      name: "Delete",
    }),
  );
  await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
}

describe("ConfirmDelete", () => {
  it("moves focus to the next card's link, the previous card's for the last, then the list's panel", async () => {
    const user = userEvent.setup();
    render(<Cards initial={["Ambush", "Crypt", "Tavern"]} />);

    await deleteThing(user, "Ambush");
    await waitFor(() => expect(screen.getByRole("link", { name: "Crypt" })).toHaveFocus());
    await deleteThing(user, "Tavern");
    await waitFor(() => expect(screen.getByRole("link", { name: "Crypt" })).toHaveFocus());
    await deleteThing(user, "Crypt");
    await waitFor(() => expect(screen.getByRole("tabpanel", { name: "Drafts" })).toHaveFocus());
  });

  it("falls back to the page heading, also when the card goes before the dialog hands focus back", async () => {
    const user = userEvent.setup();
    render(<Cards initial={["Goblin"]} delay={0} inPanel={false} />);
    await deleteThing(user, "Goblin");
    await waitFor(() => expect(screen.getByRole("heading", { name: "Things" })).toHaveFocus());
    // The closing dialog's late hand-back to the gone Delete button does not undo it.
    await new Promise((done) => setTimeout(done, 20));
    expect(screen.getByRole("heading", { name: "Things" })).toHaveFocus();
  });

  it("hands focus back to Delete when the delete is refused", async () => {
    const user = userEvent.setup();
    render(<Cards initial={["Ambush"]} refuse />);
    await deleteThing(user, "Ambush");
    await waitFor(() => expect(screen.getByRole("button", { name: "Delete Ambush" })).toHaveFocus());
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Delete Ambush" })).not.toHaveAttribute("aria-disabled"),
    );
  });
});
