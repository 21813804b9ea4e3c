import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthContext } from "../../auth/context";
import type { createFakeConvex } from "../../test/fake-convex";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { pagesRouter } from "../../test/pages-router";
import { signedInPlayer } from "../../test/signed-in";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { InteractionEditPage } = await import("./InteractionPages");
const convex = () => fake.current!;

const draft = {
  _id: "int_1",
  name: "Goblin ambush",
  kind: "combat",
  dmId: "u1",
  status: "draft",
  awaitingDm: false,
  isTest: false,
  // a combat needs a foe to be saved
  participants: [{ entityId: "gob", characterId: "char_gob", side: "enemy", position: { x: 7, y: 5 } }],
  map: { width: 8, height: 6, blocked: [], difficult: [], objects: [] },
  updatedAt: 1,
};

function renderDraft() {
  act(() => {
    convex().setQuery("interactions:get", draft);
    convex().setQuery("characters:listMine", []);
    convex().setQuery("users:listPlayers", []);
  });
  const router = pagesRouter(
    {
      "/interactions": <h1>All interactions</h1>,
      "/interactions/:interactionId": <InteractionEditPage />,
      "/characters": <h1>All characters</h1>,
    },
    "/interactions/int_1",
    { to: "/characters", label: "Characters" },
  );
  render(
    <AuthContext.Provider value={signedInPlayer}>
      <LiveTestProviders live={fakeLive().live}>
        <RouterProvider router={router} />
      </LiveTestProviders>
    </AuthContext.Provider>,
  );
  return { router, user: userEvent.setup({ delay: null }) };
}

const leaveDialog = () => screen.queryByRole("alertdialog", { name: "Leave without saving?" });

afterEach(() => act(() => convex().setQuery("interactions:get", undefined)));

describe("a draft interaction with unsaved edits", () => {
  it("asks before the DM leaves, and no longer once the edits are saved", async () => {
    const saved = vi.fn();
    convex().onMutation("interactions:update", saved);
    const { router, user } = renderDraft();
    await user.type(screen.getByLabelText("Name"), " at dusk");

    await user.click(screen.getByRole("link", { name: "Characters" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Leave without saving?" });
    expect(dialog).toHaveTextContent("Your unsaved changes to Goblin ambush will be lost.");
    await user.click(within(dialog).getByRole("button", { name: "Stay" }));
    expect(router.state.location.pathname).toBe("/interactions/int_1");

    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(saved).toHaveBeenCalledOnce();
    // saved: Go live is no longer held for unsaved changes
    await waitFor(() => expect(screen.getByRole("button", { name: "Go live: Goblin ambush" })).toBeEnabled());
    await user.click(screen.getByRole("link", { name: "Characters" }));
    expect(await screen.findByRole("heading", { name: "All characters" })).toBeInTheDocument();
    expect(leaveDialog()).not.toBeInTheDocument();
  });

  it("is deleted without asking about the edits it drops", async () => {
    const removed = vi.fn();
    convex().onMutation("interactions:remove", removed);
    const { user } = renderDraft();
    await user.type(screen.getByLabelText("Name"), " at dusk");

    await user.click(screen.getByRole("button", { name: "Delete Goblin ambush" }));
    await user.click(
      within(await screen.findByRole("alertdialog", { name: "Delete Goblin ambush?" })).getByRole("button", {
        name: "Delete",
      }),
    );
    expect(await screen.findByRole("heading", { name: "All interactions" })).toBeInTheDocument();
    expect(removed).toHaveBeenCalledOnce();
    expect(leaveDialog()).not.toBeInTheDocument();
  });
});

describe("an interaction that does not exist", () => {
  it("says so in the page's h1 and the tab title", () => {
    renderDraft();
    act(() => convex().setQuery("interactions:get", null));
    expect(screen.getByRole("heading", { level: 1, name: "Interaction not found" })).toBeInTheDocument();
    expect(document.title).toBe("Interaction not found · Roundtable");
    expect(screen.getByRole("link", { name: "Back to interactions" })).toHaveAttribute(
      "href",
      "/interactions",
    );
  });
});
