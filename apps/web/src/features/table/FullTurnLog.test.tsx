import type { TurnLogEntry } from "@roundtable/live/engine";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1 } from "../../live-state/fake-room";
import { flush, renderTable } from "./test-harness";

describe("the DM's full turn log", () => {
  it("loads every saved line from the server on demand, with how each turn ended", async () => {
    const user = userEvent.setup();
    const room = new FakeRoom();
    const pc = Object.values(room.state.entities).find((e) => e.kind === "pc")!;
    const saved: TurnLogEntry[] = [
      { at: 1, round: 1, text: "Initiative rolled." },
      { at: 2, round: 1, text: "The hidden ambusher waits.", dmOnly: true },
      { at: 3, round: 1, text: "", turn: { id: 1, entityId: pc.id, outcome: "timed_out" } },
    ];
    let asked = 0;
    renderTable({
      userId: DM,
      audience: "dm",
      room,
      override: {
        "interaction.turnLog": () => {
          asked++;
          return saved;
        },
      },
    });
    await user.click(await screen.findByRole("tab", { name: "Turn log" }));
    expect(asked).toBe(0);
    await user.click(screen.getByRole("button", { name: "Show the full turn log" }));
    const full = await screen.findByRole("region", { name: "Full turn log" });
    const items = await within(full).findAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "R1Initiative rolled.",
      "R1DM only:The hidden ambusher waits.",
      `R1${pc.name}: turn timed out`,
    ]);
    await user.click(within(full).getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(asked).toBe(2));
  });

  it("once the interaction has ended, points to its page instead of the room, which is gone", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await user.click(await screen.findByRole("tab", { name: "Turn log" }));
    t.others({ type: "end" }, dmActor);
    await flush();
    expect(t.room.state.status).toBe("completed");
    expect(screen.queryByRole("button", { name: "Show the full turn log" })).toBeNull();
    expect(screen.getByText(/The full turn log is on this interaction's page/)).toBeVisible();
  });

  it("is not offered to players", async () => {
    const user = userEvent.setup();
    renderTable({ userId: P1, audience: "player" });
    await user.click(await screen.findByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("log", { name: "Turn log" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Show the full turn log" })).toBeNull();
  });
});
