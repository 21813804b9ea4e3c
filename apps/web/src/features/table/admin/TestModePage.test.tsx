import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { AuthContext } from "../../../auth/context";
import type { AuthAdapter, Role } from "../../../auth";
import { fakeLive, LiveTestProviders } from "../../../test/fake-live";
import { useLiveModal } from "../../live/live-modal-store";
import { TestModePage } from "./TestModePage";

afterEach(() => useLiveModal.getState().close());

function auth(role: Role): AuthAdapter {
  return {
    isLoaded: true,
    user: { id: role === "admin" ? "user_demo_admin" : "user_demo_p1", name: role, role },
    getToken: () => Promise.resolve("t"),
    getConvexToken: () => Promise.resolve("t"),
    signOut: () => Promise.resolve(),
    SignIn: () => null,
  };
}

const baseSim = {
  interactionId: "test-abc",
  scenario: "goblinAmbush",
  seed: 42,
  speed: 5,
  seats: { dm: "bot", players: "random" },
  status: "running",
  commands: 12,
  rejected: 1,
  turns: 9,
  timeouts: 2,
  snapshotsWritten: 4,
  round: 2,
  winner: null as string | null,
  startedAt: 1_000,
  endedAt: null as number | null,
};

const headlessReport = {
  scenario: "leverPuzzle",
  seed: 9,
  seats: { dm: "bot", players: "sensible" },
  winner: "party",
  stopped: "completed",
  rounds: 4,
  turns: 17,
  timeouts: 2,
  defeats: 0,
  commands: 40,
  rejected: 3,
  snapshotsRequested: 5,
  log: ["The interaction begins.", "Ilya pulls the lever."],
};

function renderPage(
  role: Role,
  fail: Partial<Record<"admin.startSimulation" | "admin.runHeadless", string>> = {},
) {
  const sims: (typeof baseSim)[] = [];
  const { live, calls } = fakeLive({
    mutations: {
      "admin.scenarios": () => ["goblinAmbush", "socialParley", "leverPuzzle"],
      "admin.simulations": () => sims,
      "admin.startSimulation": () => {
        if (fail["admin.startSimulation"]) throw new Error(fail["admin.startSimulation"]);
        sims.push({ ...baseSim });
        return baseSim;
      },
      "admin.stopSimulation": () => {
        sims[0] = { ...baseSim, status: "stopped", winner: "none", endedAt: 31_000 };
        return sims[0];
      },
      "admin.runHeadless": () => {
        if (fail["admin.runHeadless"]) throw new Error(fail["admin.runHeadless"]);
        return headlessReport;
      },
    },
  });
  render(
    <AuthContext.Provider value={auth(role)}>
      <LiveTestProviders live={live}>
        <TestModePage />
      </LiveTestProviders>
    </AuthContext.Provider>,
  );
  return { calls };
}

describe("admin test mode", () => {
  it("is hidden from non-admins and asks the live server for nothing", () => {
    const { calls } = renderPage("user");
    expect(screen.getByText("Admins only")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Start simulation" })).not.toBeInTheDocument();
    expect(calls).toEqual([]);
  });

  it("starts a simulation with the chosen seats, seed and speed, opens it to watch, and stops it", async () => {
    const user = userEvent.setup();
    const { calls } = renderPage("admin");
    await user.selectOptions(await screen.findByLabelText("Player seats"), "random");
    await user.type(screen.getByLabelText("Seed"), "42");
    await user.clear(screen.getByLabelText("Speed"));
    await user.type(screen.getByLabelText("Speed"), "5");
    await user.click(screen.getByRole("button", { name: "Start simulation" }));

    expect(calls).toContainEqual({
      path: "admin.startSimulation",
      input: { scenario: "goblinAmbush", speed: 5, dm: "bot", players: "random", maxRounds: 20, seed: 42 },
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(useLiveModal.getState().open).toEqual({
      interactionId: "test-abc",
      name: "Simulation: Goblin ambush",
    });

    const started = new Date(baseSim.startedAt).toLocaleTimeString();
    const name = `Goblin ambush, seed 42, started at ${started}`;
    const item = await screen.findByRole("listitem", { name });
    expect(within(item).getByText("Running")).toBeInTheDocument();
    // Counted for the bots only: the labels say so, as an admin's own commands are not counted.
    expect(item).toHaveTextContent(`Bot commands${baseSim.commands}`);
    expect(item).toHaveTextContent("Bot errors (rejected)1");
    expect(item).toHaveTextContent("Turns9");
    expect(item).toHaveTextContent("Timeouts2");
    expect(item).toHaveTextContent("Snapshots written4");
    // Named by scenario, seed and start time (the visible text is short; an id is not a name).
    expect(within(item).getByRole("button", { name: `Watch ${name}` })).toHaveTextContent(/^Watch$/);
    await user.click(within(item).getByRole("button", { name: `Stop ${name}` }));
    expect(calls).toContainEqual({ path: "admin.stopSimulation", input: { interactionId: "test-abc" } });
    const stopped = await screen.findByRole("listitem", { name });
    expect(await within(stopped).findByText("Stopped")).toBeInTheDocument();
    // The winner in words, as a combat's results say it.
    expect(stopped).toHaveTextContent("WinnerNo side won");
  });

  it("refuses a bad speed beside the field and sends nothing", async () => {
    const user = userEvent.setup();
    const { calls } = renderPage("admin");
    await user.clear(await screen.findByLabelText("Speed"));
    await user.type(screen.getByLabelText("Speed"), "0");
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    expect(screen.getByLabelText("Speed")).toHaveAccessibleDescription(/Between 0.1 and 1000/);
    expect(calls.some((c) => c.path === "admin.startSimulation")).toBe(false);
  });

  it("moves focus to the first invalid field, as the other forms do", async () => {
    const user = userEvent.setup();
    renderPage("admin");
    await user.type(await screen.findByLabelText("Seed"), "-1");
    await user.clear(screen.getByLabelText("Speed"));
    await user.click(screen.getByRole("button", { name: "Run headless to a report" }));
    await waitFor(() => expect(screen.getByLabelText("Seed")).toHaveFocus());

    await user.clear(screen.getByLabelText("Seed"));
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    await waitFor(() => expect(screen.getByLabelText("Speed")).toHaveFocus());
  });

  it("runs a scenario headless and shows its report", async () => {
    const user = userEvent.setup();
    renderPage("admin");
    await screen.findByRole("option", { name: "Lever puzzle" });
    await user.selectOptions(screen.getByLabelText("Scenario"), "leverPuzzle");
    await user.selectOptions(screen.getByLabelText("DM seat"), "human");
    const run = screen.getByRole("button", { name: "Run headless to a report" });
    // "Me" has no seat in a headless run: the button says bots play every seat.
    expect(run).toHaveAccessibleDescription(/played by bots in every seat/);
    await user.click(run);
    const report = await screen.findByRole("region", { name: "Simulation report" });
    expect(report).toHaveTextContent("Rounds4");
    expect(report).toHaveTextContent("Turns17");
    expect(report).toHaveTextContent("Timeouts2");
    expect(report).toHaveTextContent("Snapshots requested5");
    expect(report).toHaveTextContent("Errors (rejected)3");
    expect(report).toHaveTextContent("Played by: DM bot, players sensible bots");
    expect(report).toHaveTextContent("WinnerThe party won");
    // Announced: the finished report's heading takes focus.
    expect(within(report).getByRole("heading", { name: "Report: Lever puzzle, seed 9" })).toHaveFocus();
  });

  it("shows the error of the action just taken, not a stale one from the other button", async () => {
    const user = userEvent.setup();
    renderPage("admin", {
      "admin.startSimulation": "10 simulations are already running",
      "admin.runHeadless": "The headless run failed",
    });
    await user.click(await screen.findByRole("button", { name: "Start simulation" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("10 simulations are already running");
    await user.click(screen.getByRole("button", { name: "Run headless to a report" }));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("The headless run failed"));
    expect(screen.queryByText("10 simulations are already running")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Start simulation" }));
    await waitFor(() =>
      expect(screen.getByRole("alert")).toHaveTextContent("10 simulations are already running"),
    );
    expect(screen.queryByText("The headless run failed")).not.toBeInTheDocument();
  });
});
