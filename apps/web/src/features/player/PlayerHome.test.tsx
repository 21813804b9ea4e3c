import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signedInPlayer } from "../../test/signed-in";
import { AuthContext } from "../../auth/context";
import type { createFakeConvex } from "../../test/fake-convex";
import { useLiveModal } from "../live/live-modal-store";

const fake = vi.hoisted(() => ({ current: null as ReturnType<typeof createFakeConvex> | null }));
vi.mock("convex/react", async () => {
  const { createFakeConvex: create } = await import("../../test/fake-convex");
  fake.current = create();
  return fake.current.module;
});
const { PlayerHome } = await import("./PlayerHome");
const convex = () => fake.current!;

const brenna = [{ characterId: "char_1", entityId: "char_1", name: "Brenna" }];
const row = (id: string, name: string, status: "draft" | "live" | "paused" | "completed") => ({
  _id: id,
  name,
  kind: "combat",
  status,
  awaitingDm: false,
  dmName: "Dana the DM",
  runByMe: false,
  myCharacters: brenna,
});

function renderHome() {
  render(
    <AuthContext.Provider value={signedInPlayer}>
      <MemoryRouter>
        <PlayerHome />
      </MemoryRouter>
    </AuthContext.Provider>,
  );
}

afterEach(() => {
  useLiveModal.getState().close();
  act(() => {
    convex().setQuery("interactions:liveForMe", undefined);
    convex().setQuery("interactions:seatedForMe", undefined);
    convex().setQuery("interactions:summary", undefined);
  });
});

describe("PlayerHome", () => {
  it("lists my characters' interactions grouped by status, live ones with Join table", async () => {
    const user = userEvent.setup();
    const live = row("int_live", "Goblin ambush", "live");
    const { status: _status, ...liveRow } = live;
    act(() => {
      convex().setQuery("interactions:liveForMe", [liveRow]);
      convex().setQuery("interactions:seatedForMe", [
        live,
        row("int_paused", "Bridge troll", "paused"),
        row("int_draft", "Tavern talk", "draft"),
        row("int_done", "Crypt riddle", "completed"),
      ]);
    });
    renderHome();

    const liveNow = screen.getByRole("region", { name: "Live now" });
    expect(within(liveNow).getByRole("heading", { name: "Goblin ambush" })).toBeInTheDocument();
    const groups = {
      Paused: "Bridge troll",
      "Coming up": "Tavern talk",
      Completed: "Crypt riddle",
    };
    for (const [title, name] of Object.entries(groups)) {
      const region = screen.getByRole("region", { name: title });
      expect(within(region).getAllByRole("listitem")).toHaveLength(1);
      expect(within(region).getByRole("heading", { name })).toBeInTheDocument();
      expect(within(region).getByText(/run by Dana the DM · playing Brenna/)).toBeInTheDocument();
      expect(within(region).queryByRole("button")).not.toBeInTheDocument();
    }
    // The live one is not listed twice.
    expect(screen.getAllByRole("heading", { name: "Goblin ambush" })).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Join live table: Goblin ambush" }));
    expect(useLiveModal.getState().open).toEqual({ interactionId: "int_live", name: "Goblin ambush" });
  });

  it("follows status changes Convex pushes and shows empty and loading states", () => {
    act(() => convex().setQuery("interactions:liveForMe", []));
    renderHome();
    expect(screen.getByRole("region", { name: "Paused" })).toHaveTextContent("Loading paused interactions");

    act(() => convex().setQuery("interactions:seatedForMe", [row("int_1", "Bridge troll", "draft")]));
    expect(screen.getByRole("region", { name: "Coming up" })).toHaveTextContent("Bridge troll");
    expect(screen.getByRole("region", { name: "Paused" })).toHaveTextContent(
      "Nothing paused for your characters",
    );

    act(() => convex().setQuery("interactions:seatedForMe", [row("int_1", "Bridge troll", "paused")]));
    expect(screen.getByRole("region", { name: "Paused" })).toHaveTextContent("Bridge troll");
    expect(screen.getByRole("region", { name: "Coming up" })).toHaveTextContent(
      "No upcoming interactions for your characters",
    );
    expect(screen.getByRole("region", { name: "Completed" })).toHaveTextContent(
      "No completed interactions yet",
    );
  });

  it("shows how a completed game went: the outcome and my characters' XP and loot", () => {
    act(() => {
      convex().setQuery("interactions:liveForMe", []);
      convex().setQuery("interactions:seatedForMe", [row("int_done", "Crypt riddle", "completed")]);
    });
    renderHome();
    const completed = screen.getByRole("region", { name: "Completed" });
    expect(completed).toHaveTextContent("Loading results");

    act(() =>
      convex().setQuery("interactions:summary", {
        status: "completed",
        awaitingDm: false,
        snapshot: null,
        results: {
          winner: "party",
          rounds: 3,
          endedAt: 1,
          savedAt: 1,
          xp: { char_1: 50, char_9: 50 },
          loot: [
            { entityId: "char_1", item: { id: "potion", name: "Potion of healing" } },
            { entityId: "char_9", item: { id: "gem", name: "Ruby" } },
          ],
        },
      }),
    );
    expect(completed).toHaveTextContent("The party won after 3 rounds.");
    const awards = within(completed).getByRole("list", { name: "Your awards in Crypt riddle" });
    expect(
      within(awards)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Brenna: 50 XP; loot: Potion of healing"]);
  });

  it("marks a game the viewer runs as the DM's, with awards only for a PC of theirs in it", () => {
    // the server lists only the DM's own PCs in a game they run, never their NPCs and monsters
    const mine = { ...row("int_mine", "Crypt", "completed"), runByMe: true, myCharacters: [] };
    const vex = [{ characterId: "char_v", entityId: "char_v", name: "Vex" }];
    const withPc = { ...row("int_pc", "Vault", "completed"), runByMe: true, myCharacters: vex };
    act(() => {
      convex().setQuery("interactions:liveForMe", []);
      convex().setQuery("interactions:seatedForMe", [
        mine,
        withPc,
        { ...mine, _id: "int_next", status: "draft" },
      ]);
      convex().setQuery("interactions:summary", {
        status: "completed",
        awaitingDm: false,
        snapshot: null,
        results: { winner: "party", rounds: 2, endedAt: 1, savedAt: 1, xp: { char_v: 40 }, loot: [] },
      });
    });
    renderHome();
    const completed = screen.getByRole("region", { name: "Completed" });
    const card = (name: string) => within(completed).getByRole("heading", { name }).closest("li")!;
    expect(card("Crypt")).toHaveTextContent("Combat · you are the DM");
    expect(card("Crypt")).toHaveTextContent("The party won after 2 rounds.");
    expect(within(card("Crypt")).queryByRole("list", { name: /Your awards/ })).not.toBeInTheDocument();
    expect(card("Vault")).toHaveTextContent("Combat · you are the DM · playing Vex");
    expect(within(card("Vault")).getByRole("list", { name: "Your awards in Vault" })).toHaveTextContent(
      "Vex: 40 XP",
    );
    expect(screen.getByRole("region", { name: "Coming up" })).toHaveTextContent("Combat · you are the DM");
  });

  it("words a lost parley as a parley, not as a fight", () => {
    act(() => {
      convex().setQuery("interactions:liveForMe", []);
      convex().setQuery("interactions:seatedForMe", [
        { ...row("int_talk", "Tavern talk", "completed"), kind: "social" },
      ]);
      convex().setQuery("interactions:summary", {
        status: "completed",
        awaitingDm: false,
        snapshot: null,
        results: { winner: "enemy", rounds: 1, endedAt: 1, savedAt: 1, xp: {}, loot: [] },
      });
    });
    renderHome();
    expect(screen.getByRole("region", { name: "Completed" })).toHaveTextContent(
      "The parley failed after 1 round.",
    );
  });

  it("says a group shows only the most recent when the server sent as many as it sends (50 per status)", () => {
    const many = (status: "live" | "completed", n: number) =>
      Array.from({ length: n }, (_, i) => row(`int_${status}_${i}`, `Game ${i}`, status));
    const live = many("live", 50).map(({ status: _status, ...r }) => r);
    act(() => {
      convex().setQuery("interactions:liveForMe", live);
      convex().setQuery("interactions:seatedForMe", many("completed", 50));
    });
    renderHome();
    const completed = screen.getByRole("region", { name: "Completed" });
    expect(within(completed).getAllByRole("heading", { level: 3 })).toHaveLength(50);
    expect(completed).toHaveTextContent("Showing the 50 most recent.");
    expect(screen.getByRole("region", { name: "Live now" })).toHaveTextContent("Showing the 50 most recent.");
    expect(screen.getByRole("region", { name: "Coming up" })).not.toHaveTextContent(/most recent/);

    // one fewer is everything there is: no note
    act(() => convex().setQuery("interactions:seatedForMe", many("completed", 49)));
    expect(screen.getByRole("region", { name: "Completed" })).not.toHaveTextContent(/most recent/);
  });
});
