import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM } from "../../live-state/fake-room";
import { flush, playUntil, renderTable } from "./test-harness";
import { NOT_CONNECTED } from "./useCommand";

/** The DM opens Skip turn's confirmation; `meanwhile` happens before they confirm. */
async function confirmSkipAfter(meanwhile: (t: ReturnType<typeof renderTable>) => void) {
  const user = userEvent.setup();
  const t = renderTable({ userId: DM, audience: "dm" });
  await screen.findByRole("status", { name: "Connection" });
  playUntil(t, () => true);
  await user.click(screen.getByRole("button", { name: "Skip turn" }));
  const dialog = screen.getByRole("alertdialog");
  meanwhile(t);
  await user.click(within(dialog).getByRole("button", { name: "Skip turn" }));
  await flush();
  return t;
}

const skipButton = () => screen.getByRole("button", { name: "Skip turn" });

describe("a command that cannot be sent says why, by cause", () => {
  it("on a table that closed, gives the close message instead of promising a reconnect", async () => {
    const t = await confirmSkipAfter((t) =>
      t.receive(t.room.closed("completed", "The interaction has ended")),
    );
    expect(skipButton()).toHaveAccessibleDescription("The interaction has ended");
    expect(screen.queryByText(NOT_CONNECTED)).not.toBeInTheDocument();
    expect(t.calls.filter((c) => c.path === "interaction.skipTurn")).toHaveLength(0);
  });

  it("on a table whose rejoin was refused, gives the refusal", async () => {
    await confirmSkipAfter((t) => t.refuse("NOT_LIVE", "This interaction is not live"));
    expect(skipButton()).toHaveAccessibleDescription("Not joined to the table: This interaction is not live");
    expect(screen.queryByText(NOT_CONNECTED)).not.toBeInTheDocument();
  });

  it("while the socket is merely down, says to wait until it reconnects", async () => {
    await confirmSkipAfter((t) => t.setConnection("connecting"));
    expect(skipButton()).toHaveAccessibleDescription(NOT_CONNECTED);
  });
});
