import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { useLiveModal } from "./live-modal-store";
import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";
import { PROTOCOL_VERSION } from "@roundtable/live/protocol";

const playerView = viewFor(createInteraction(goblinAmbush(), { seed: 1, now: 0 }), "player");

// Convex's reactive query, driven by the test: each `setLive` is what a pushed update delivers.
type FakeConvex = { liveForMe: unknown; listeners: Set<() => void> };
const convex: FakeConvex = vi.hoisted(() => ({ liveForMe: undefined, listeners: new Set<() => void>() }));
vi.mock("convex/react", async () => {
  const { useSyncExternalStore } = await import("react");
  return {
    useQuery: () =>
      useSyncExternalStore(
        (cb: () => void) => {
          convex.listeners.add(cb);
          return () => convex.listeners.delete(cb);
        },
        () => convex.liveForMe,
      ),
  };
});

function setLive(value: unknown) {
  act(() => {
    convex.liveForMe = value;
    convex.listeners.forEach((l) => l());
  });
}

const { LiveWatcher } = await import("./LiveWatcher");

const ambush = {
  _id: "int_1",
  name: "Goblin ambush",
  kind: "combat",
  awaitingDm: false,
  dmName: "Morgan",
  myCharacters: [],
};

function renderWatcher() {
  const { live } = fakeLive({
    subscriptions: {
      "interaction.events": (_input, emit) =>
        emit({
          id: "e:1:1",
          data: {
            type: "sync",
            protocol: PROTOCOL_VERSION,
            version: 1,
            status: "live",
            role: "player",
            userId: "p1",
            view: playerView,
            chat: [],
          },
        }),
    },
  });
  render(
    <LiveTestProviders live={live}>
      <LiveWatcher />
    </LiveTestProviders>,
  );
}

afterEach(() => {
  useLiveModal.getState().close();
  convex.liveForMe = undefined;
});

describe("player's live watcher", () => {
  it("opens the live table by itself when the DM takes an interaction live", async () => {
    convex.liveForMe = [];
    renderWatcher();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    setLive([ambush]);
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    expect(await within(dialog).findByText("You are playing")).toBeInTheDocument();
    expect(within(dialog).getByRole("status", { name: "Connection" })).toHaveTextContent("Connected");
  });

  it("does not reopen a table the player closed, but does when it goes live again", async () => {
    const user = userEvent.setup();
    convex.liveForMe = [ambush];
    renderWatcher();
    await screen.findByRole("dialog");
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    setLive([{ ...ambush, awaitingDm: true }]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    setLive([]); // paused
    setLive([ambush]); // resumed
    expect(await screen.findByRole("dialog", { name: "Goblin ambush: live table" })).toBeInTheDocument();
  });
});
