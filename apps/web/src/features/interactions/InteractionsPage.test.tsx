import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Toaster } from "../../components/ui/sonner";
import type { createFakeConvex } from "../../test/fake-convex";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { pagesRouter } from "../../test/pages-router";
import { useLiveModal } from "../live/live-modal-store";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { InteractionsPage } = await import("./InteractionsPage");
const { LiveTable } = await import("../live/LiveWatcher");
const convex = () => fake.current!;

const item = (status: "draft" | "live" | "paused" | "completed") => ({
  _id: "int_1",
  name: "Goblin ambush",
  kind: "combat",
  status,
  awaitingDm: false,
  isTest: false,
  participantCount: 4,
  updatedAt: 1,
});

afterEach(() => useLiveModal.getState().close());

describe("InteractionsPage", () => {
  it("takes a draft live and follows the status Convex pushes, without a reload", async () => {
    const user = userEvent.setup();
    act(() => convex().setQuery("interactions:listMine", [item("draft")]));
    const { live, calls } = fakeLive({
      mutations: {
        "interaction.launch": () => {
          // The live server flips the Convex status while launching.
          setTimeout(() => act(() => convex().setQuery("interactions:listMine", [item("live")])), 0);
          return { version: 1, status: "lobby" };
        },
      },
      subscriptions: { "interaction.events": () => undefined },
    });
    render(
      <MemoryRouter>
        <LiveTestProviders live={live}>
          <InteractionsPage />
          <LiveTable />
          <Toaster />
        </LiveTestProviders>
      </MemoryRouter>,
    );
    expect(screen.getByRole("tab", { name: "Draft (1)" })).toHaveAttribute("aria-selected", "true");
    await user.click(screen.getByRole("button", { name: "Go live: Goblin ambush" }));
    expect(calls[0]).toEqual({ path: "interaction.launch", input: { interactionId: "int_1" } });

    const dialog = await screen.findByRole("dialog", { name: "Goblin ambush: live table" });
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(screen.getByRole("tab", { name: "Live (1)" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Draft (0)" })).toBeInTheDocument();
    await user.click(screen.getByRole("tab", { name: "Live (1)" }));
    expect(screen.getByRole("button", { name: "Open live table: Goblin ambush" })).toBeInTheDocument();
  });

  it("offers Resume for paused interactions and an empty state per status", async () => {
    const user = userEvent.setup();
    act(() => convex().setQuery("interactions:listMine", [item("paused")]));
    const { live } = fakeLive();
    render(
      <MemoryRouter>
        <LiveTestProviders live={live}>
          <InteractionsPage />
        </LiveTestProviders>
      </MemoryRouter>,
    );
    expect(screen.getByText("No draft interactions")).toBeInTheDocument();
    await user.click(screen.getByRole("tab", { name: "Paused (1)" }));
    expect(screen.getByRole("button", { name: "Resume: Goblin ambush" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete Goblin ambush" })).not.toBeInTheDocument();
  });
});

describe("InteractionsPage tabs", () => {
  function renderList(path: string) {
    act(() =>
      convex().setQuery("interactions:listMine", [item("draft"), { ...item("completed"), _id: "int_2" }]),
    );
    const router = pagesRouter(
      { "/interactions": <InteractionsPage />, "/interactions/:id": <h1>A summary</h1> },
      path,
      { to: "/interactions", label: "All interactions" },
    );
    render(
      <LiveTestProviders live={fakeLive().live}>
        <RouterProvider router={router} />
      </LiveTestProviders>,
    );
    return router;
  }
  const tab = (name: RegExp) => screen.getByRole("tab", { name });

  it("come back to the tab the user left from", async () => {
    const user = userEvent.setup();
    const router = renderList("/interactions");
    await user.click(tab(/^Completed/));
    expect(router.state.location.search).toBe("?status=completed");
    await user.click(screen.getByRole("link", { name: "Summary of Goblin ambush" }));
    expect(await screen.findByRole("heading", { name: "A summary" })).toBeInTheDocument();

    await act(() => router.navigate(-1));
    expect(tab(/^Completed/)).toHaveAttribute("aria-selected", "true");
  });

  it("open on Draft without a status or with an unknown one", () => {
    renderList("/interactions?status=archived");
    expect(tab(/^Draft/)).toHaveAttribute("aria-selected", "true");
  });
});
