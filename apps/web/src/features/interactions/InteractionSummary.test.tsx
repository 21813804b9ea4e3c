import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { Toaster } from "../../components/ui/sonner";
import type { createFakeConvex } from "../../test/fake-convex";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { emptyMap } from "./map-model";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { InteractionSummary } = await import("./InteractionSummary");
const convex = () => fake.current!;

type Kind = "combat" | "social" | "puzzle";

const interaction = (status: "paused" | "completed", kind: Kind = "combat") =>
  ({
    _id: "int_1",
    name: "Goblin ambush",
    kind,
    dmId: "u_dm",
    status,
    awaitingDm: false,
    isTest: false,
    map: emptyMap(),
    updatedAt: 1,
    participants: [
      {
        entityId: "e_aria",
        characterId: "c1",
        side: "party",
        position: { x: 0, y: 0 },
        character: { name: "Aria", kind: "pc", ownerId: "u1" },
      },
      {
        entityId: "e_gob",
        characterId: "c2",
        side: "enemy",
        position: { x: 1, y: 0 },
        character: { name: "Goblin", kind: "monster", ownerId: "u_dm" },
      },
    ],
  }) as unknown as Parameters<typeof InteractionSummary>[0]["interaction"];

function renderSummary(status: "paused" | "completed", kind?: Kind) {
  const { live } = fakeLive();
  return render(
    <MemoryRouter>
      <LiveTestProviders live={live}>
        <InteractionSummary interaction={interaction(status, kind)} />
        <Toaster />
      </LiveTestProviders>
    </MemoryRouter>,
  );
}

describe("InteractionSummary", () => {
  it("shows a paused interaction's last snapshot and lets the DM resume it", () => {
    act(() =>
      convex().setQuery("interactions:summary", {
        status: "paused",
        awaitingDm: false,
        snapshot: { version: 14, reason: "pause", savedAt: Date.UTC(2026, 10, 21, 20, 0) },
        results: null,
      }),
    );
    renderSummary("paused");
    const saved = screen.getByText(/^Saved .* \(paused\)\.$/);
    // No internal jargon: the snapshot's version is not shown.
    expect(saved).not.toHaveTextContent("version");
    expect(saved).toHaveAttribute("data-snapshot-version", "14");
    expect(screen.getByRole("button", { name: "Resume: Goblin ambush" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Results" })).not.toBeInTheDocument();
  });

  it("shows a completed interaction's winner, XP and loot by character name", () => {
    act(() =>
      convex().setQuery("interactions:summary", {
        status: "completed",
        awaitingDm: false,
        snapshot: { version: 30, reason: "complete", savedAt: 1 },
        results: {
          winner: "party",
          rounds: 4,
          endedAt: 2,
          xp: { e_aria: 50 },
          loot: [{ entityId: "e_aria", item: { id: "i1", name: "Rusty key", type: "gear" } }],
          savedAt: 3,
        },
      }),
    );
    renderSummary("completed");
    expect(screen.getByText(/The party won after 4 rounds/)).toBeInTheDocument();
    expect(
      within(screen.getByRole("region", { name: "Experience" })).getByText("Aria: 50 XP"),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole("region", { name: "Loot" })).getByText("Aria: Rusty key"),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Resume/ })).not.toBeInTheDocument();
  });

  it("words the outcome for the kind: a lost parley or puzzle is not an enemy win", () => {
    const ended = (winner: "party" | "enemy" | "none") =>
      act(() =>
        convex().setQuery("interactions:summary", {
          status: "completed",
          awaitingDm: false,
          snapshot: null,
          results: { winner, rounds: 1, endedAt: 2, xp: {}, loot: [], savedAt: 3 },
        }),
      );
    const cases: [Kind, "party" | "enemy" | "none", string][] = [
      ["social", "enemy", "The parley failed after 1 round"],
      ["social", "none", "The parley ended undecided after 1 round"],
      ["puzzle", "enemy", "The party was defeated after 1 round"],
      ["puzzle", "none", "The puzzle was left unsolved after 1 round"],
      ["combat", "enemy", "The enemies won after 1 round"],
    ];
    for (const [kind, winner, text] of cases) {
      ended(winner);
      const { unmount } = renderSummary("completed", kind);
      expect(screen.getByText(new RegExp(`^${text},`))).toBeInTheDocument();
      unmount();
    }
  });

  it("renames a completed interaction, checking the name first and keeping it when the server refuses", async () => {
    const user = userEvent.setup({ delay: null });
    const renames: unknown[] = [];
    let refuse = true;
    convex().onMutation("interactions:update", (args) => {
      renames.push(args);
      if (refuse)
        throw new ConvexError({ kind: "forbidden", message: "Only this interaction's DM can change it" });
      return null;
    });
    act(() =>
      convex().setQuery("interactions:summary", {
        status: "completed",
        awaitingDm: false,
        snapshot: null,
        results: null,
      }),
    );
    renderSummary("completed");

    await user.click(screen.getByRole("button", { name: "Rename Goblin ambush" }));
    const form = screen.getByRole("form", { name: "Rename Goblin ambush" });
    const field = within(form).getByLabelText("New name");
    await user.clear(field);
    await user.click(within(form).getByRole("button", { name: "Save name" }));
    expect(field).toHaveAccessibleDescription("Required");
    expect(renames).toEqual([]);

    await user.type(field, "  Goblin ambush, the sequel ");
    await user.click(within(form).getByRole("button", { name: "Save name" }));
    expect(await screen.findByText("Only this interaction's DM can change it")).toBeInTheDocument();
    expect(renames).toEqual([{ id: "int_1", name: "Goblin ambush, the sequel" }]);
    expect(field).toHaveValue("  Goblin ambush, the sequel ");

    refuse = false;
    await user.click(within(form).getByRole("button", { name: "Save name" }));
    await waitFor(() =>
      expect(screen.queryByRole("form", { name: "Rename Goblin ambush" })).not.toBeInTheDocument(),
    );
    expect(renames).toHaveLength(2);
    expect(await screen.findByText("Renamed to Goblin ambush, the sequel")).toBeInTheDocument();
  });

  it("shows the DM a completed interaction's saved turn log, hidden lines marked, turns by character name", () => {
    act(() => {
      convex().setQuery("interactions:summary", {
        status: "completed",
        awaitingDm: false,
        snapshot: null,
        results: null,
      });
      convex().setQuery("interactions:turnLog", [
        { at: 1, round: 1, text: "Initiative rolled." },
        { at: 2, round: 1, text: "The goblin hides.", dmOnly: true },
        { at: 3, round: 2, text: "", turn: { id: 4, entityId: "e_aria", outcome: "skipped" } },
      ]);
    });
    renderSummary("completed");
    const log = screen.getByRole("list", { name: "Turn log" });
    expect(
      within(log)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["R1Initiative rolled.", "R1DM only:The goblin hides.", "R2Aria: turn skipped"]);

    // a player gets null: no section
    act(() => convex().setQuery("interactions:turnLog", null));
    expect(screen.queryByRole("heading", { name: "Turn log" })).not.toBeInTheDocument();
  });
});
