import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeLive, liveAmbush as ambush, LiveTestProviders, syncEvent } from "../../test/fake-live";
import { useLiveModal } from "./live-modal-store";
import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";

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

/** The latest subscription's emitter per interaction, so a test can push what the server would. */
const emitters = new Map<string, (data: unknown) => void>();
/** ...and its end with an error, as the server refusing a (re)subscription ends it. */
const failers = new Map<string, (err: object) => void>();

function renderWatcher() {
  const { live, calls } = fakeLive({
    subscriptions: {
      "interaction.events": (input, emit, fail) => {
        emitters.set((input as { interactionId: string }).interactionId, emit);
        failers.set((input as { interactionId: string }).interactionId, fail);
        emit(syncEvent(playerView, { role: "player", userId: "p1" }));
      },
    },
  });
  const utils = render(
    <LiveTestProviders live={live}>
      <LiveWatcher />
    </LiveTestProviders>,
  );
  const joins = (interactionId: string) =>
    calls.filter(
      (c) =>
        c.path === "interaction.events" &&
        (c.input as { interactionId: string }).interactionId === interactionId,
    ).length;
  return { ...utils, joins };
}

/** What the live server sends every seat when the DM pauses: the room leaves memory. */
function pause(interactionId: string) {
  act(() =>
    emitters.get(interactionId)!({
      id: "e:1:2",
      data: { type: "closed", version: 1, reason: "paused", message: "The DM paused the interaction" },
    }),
  );
}

afterEach(() => {
  emitters.clear();
  failers.clear();
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
    await user.click(await screen.findByRole("button", { name: "Leave" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    setLive([{ ...ambush, awaitingDm: true }]);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    setLive([]); // paused
    setLive([ambush]); // resumed
    expect(await screen.findByRole("dialog", { name: "Goblin ambush: live table" })).toBeInTheDocument();
  });

  it("rejoins a table left open on a paused game when the DM resumes it", async () => {
    convex.liveForMe = [ambush];
    const w = renderWatcher();
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    pause("int_1");
    expect(within(dialog).getByText("The table comes back here when the DM resumes.")).toBeInTheDocument();

    setLive([]); // paused
    setLive([ambush]); // resumed
    await screen.findByText("You are playing");
    expect(w.joins("int_1")).toBe(2);
    expect(screen.queryByText("The table comes back here when the DM resumes.")).not.toBeInTheDocument();
  });

  it("rejoins a table whose player was offline through the pause once the DM resumes it", async () => {
    convex.liveForMe = [ambush];
    const w = renderWatcher();
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    await within(dialog).findByText("You are playing");
    // Offline, the player missed the pause; back online, the server refuses the resubscription.
    act(() =>
      failers.get("int_1")!({
        error: {
          code: -32012,
          message: "This interaction is paused; it reopens when the DM resumes it",
          data: { code: "PRECONDITION_FAILED", appCode: "NOT_LIVE" },
        },
      }),
    );
    const paused = "This interaction is paused; it reopens when the DM resumes it";
    expect(within(dialog).getByText(paused)).toBeInTheDocument();

    setLive([]); // paused
    setLive([ambush]); // resumed
    await screen.findByText("You are playing");
    expect(w.joins("int_1")).toBe(2);
    expect(screen.queryByText(paused)).not.toBeInTheDocument();
  });

  it("replaces a table whose game has stopped with the next one that goes live, but not a running one", async () => {
    const other = { ...ambush, _id: "int_2", name: "Riddle door" };
    convex.liveForMe = [ambush];
    renderWatcher();
    await screen.findByRole("dialog", { name: "Goblin ambush: live table" });

    setLive([ambush, other]);
    expect(screen.getByRole("dialog", { name: "Goblin ambush: live table" })).toBeInTheDocument();

    pause("int_1");
    setLive([other]);
    setLive([other, { ...other, _id: "int_3", name: "Bridge toll" }]);
    expect(await screen.findByRole("dialog", { name: "Bridge toll: live table" })).toBeInTheDocument();
  });

  it("replaces a table whose game ended while its player was offline with the next one that goes live", async () => {
    const other = { ...ambush, _id: "int_2", name: "Riddle door" };
    convex.liveForMe = [ambush];
    renderWatcher();
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    await within(dialog).findByText("You are playing");
    // Offline, the player missed the end; back online, the server refuses the resubscription.
    const ended = "This interaction is not live";
    act(() =>
      failers.get("int_1")!({
        error: { code: -32012, message: ended, data: { code: "PRECONDITION_FAILED", appCode: "NOT_LIVE" } },
      }),
    );
    expect(within(dialog).getByText(ended)).toBeInTheDocument();

    setLive([]); // ended
    setLive([other]);
    expect(await screen.findByRole("dialog", { name: "Riddle door: live table" })).toBeInTheDocument();
  });

  it("keeps a running table whose rejoin is being retried when another game goes live", async () => {
    const other = { ...ambush, _id: "int_2", name: "Riddle door" };
    convex.liveForMe = [ambush];
    renderWatcher();
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    await within(dialog).findByText("You are playing");
    act(() =>
      failers.get("int_1")!({
        error: {
          code: -32603,
          message: "Storage is unreachable right now; try again shortly",
          data: { code: "SERVICE_UNAVAILABLE", appCode: "STORE_UNAVAILABLE" },
        },
      }),
    );
    setLive([ambush, other]);
    expect(screen.getByRole("dialog", { name: "Goblin ambush: live table" })).toBeInTheDocument();
  });

  it("closes the table when the user signs out (the watcher leaves the page)", async () => {
    convex.liveForMe = [ambush];
    const w = renderWatcher();
    await screen.findByRole("dialog");
    w.unmount();
    expect(useLiveModal.getState().open).toBeNull();
  });
});
