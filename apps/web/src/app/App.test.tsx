import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useMemo, useState, type ReactNode } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createInteraction, goblinAmbush, viewFor } from "@roundtable/live/engine";
import { signedInPlayer } from "../test/signed-in";
import { AuthContext } from "../auth/context";
import type { AuthAdapter, AuthUser } from "../auth/types";
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

const morgan: AuthUser = { id: "user_dm", name: "Morgan", role: "user" };
const aria: AuthUser = { id: "user_p1", name: "Aria", role: "user" };

/** One tab's sign-in: Morgan signed in; his sign-out shows a sign-in screen that signs Aria in. */
function TabAuth({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<AuthUser | null>(morgan);
  const value = useMemo<AuthAdapter>(
    () => ({
      ...signedInPlayer,
      user,
      signOut: () => Promise.resolve(setUser(null)),
      SignIn: () => <button onClick={() => setUser(aria)}>Sign in as Aria</button>,
    }),
    [user],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

function renderApp(path: string) {
  convex().onMutation("users:ensureMe", () => null);
  act(() => convex().setQuery("interactions:liveForMe", []));
  const router = createMemoryRouter([{ path: "*", element: <App /> }], { initialEntries: [path] });
  render(
    <TabAuth>
      <LiveTestProviders live={fakeLive().live}>
        <RouterProvider router={router} />
      </LiveTestProviders>
    </TabAuth>,
  );
  return router;
}

describe("App navigation", () => {
  it("signs out to the table, so the next user does not land on the last user's page", async () => {
    const user = userEvent.setup();
    const router = renderApp("/interactions/int_morgans");
    await user.click(await screen.findByRole("button", { name: "Sign out Morgan" }));

    expect(await screen.findByRole("button", { name: "Sign in as Aria" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/");
    expect(document.title).toBe("Sign in · Roundtable");
    await user.click(screen.getByRole("button", { name: "Sign in as Aria" }));
    expect(await screen.findByTestId("signed-in-user")).toHaveTextContent("Aria");
    expect(router.state.location.pathname).toBe("/");
  });

  it("names a missing page with its h1 and tab title, and leaves focus alone on the first load", async () => {
    vi.spyOn(window, "scrollTo").mockImplementation(() => undefined);
    renderApp("/no/such/page");
    expect(await screen.findByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    expect(document.title).toBe("Page not found · Roundtable");
    expect(document.body).toHaveFocus();
  });

  it("starts each new page at the top with focus on its heading", async () => {
    const scrollTo = vi.spyOn(window, "scrollTo").mockImplementation(() => undefined);
    const user = userEvent.setup();
    const router = renderApp("/no/such/page");
    await screen.findByRole("heading", { level: 1, name: "Page not found" });
    scrollTo.mockClear();

    await act(() => router.navigate("/still/missing"));
    await waitFor(() =>
      expect(screen.getByRole("heading", { level: 1, name: "Page not found" })).toHaveFocus(),
    );
    expect(scrollTo).toHaveBeenCalledWith(0, 0);

    await user.click(screen.getByRole("link", { name: "Interactions" }));
    await waitFor(() =>
      expect(screen.getByRole("heading", { level: 1, name: "Interactions" })).toHaveFocus(),
    );

    // A page still loading has no heading yet: focus goes to the main region.
    act(() => convex().setQuery("interactions:get", undefined));
    await act(() => router.navigate("/interactions/int_1"));
    await waitFor(() => expect(screen.getByRole("main")).toHaveFocus());
  });
});
