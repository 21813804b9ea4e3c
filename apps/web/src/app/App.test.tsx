import { act, render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";
import { signedInPlayer } from "../test/signed-in";
import { AuthContext } from "../auth/context";
import { useLiveModal } from "../features/live/live-modal-store";
import type { createFakeConvex } from "../test/fake-convex";
import { fakeLive, liveAmbush as ambush, LiveTestProviders, syncEvent } from "../test/fake-live";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { App } = await import("./App");
const convex = () => fake.current!;

const playerView = viewFor(createInteraction(goblinAmbush(), { seed: 1, now: 0 }), "player");

afterEach(() => {
  vi.restoreAllMocks();
  useLiveModal.getState().close();
  act(() => {
    convex().setQuery("interactions:liveForMe", undefined);
    convex().setQuery("characters:get", undefined);
  });
});

describe("App", () => {
  it("still opens a table that goes live while the page shows an error", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React and the boundary report the page's error
    convex().onMutation("users:ensureMe", () => null);
    act(() => {
      convex().setQuery("characters:get", new Error("Validator error: Expected ID for table characters"));
      convex().setQuery("interactions:liveForMe", []);
    });
    const { live } = fakeLive({
      subscriptions: {
        "interaction.events": (_input, emit) =>
          emit(syncEvent(playerView, { role: "player", userId: "user_p1" })),
      },
    });
    render(
      <AuthContext.Provider value={signedInPlayer}>
        <LiveTestProviders live={live}>
          <RouterProvider
            router={createMemoryRouter([{ path: "*", element: <App /> }], {
              initialEntries: ["/characters/abc"],
            })}
          />
        </LiveTestProviders>
      </AuthContext.Provider>,
    );
    expect(await screen.findByText("This page failed to load")).toBeInTheDocument();

    act(() => convex().setQuery("interactions:liveForMe", [ambush]));
    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    expect(await within(dialog).findByText("You are playing")).toBeInTheDocument();
  });
});
