import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CLOSE_RATE_LIMITED } from "@roundtable/live/protocol";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { applyCommand } from "@roundtable/live/engine";
import { produce } from "immer";
import { DM, dmActor, FakeRoom, P1, P2, p1Actor } from "../../live-state/fake-room";
import { flush, playUntil, renderTable } from "./test-harness";
import { LOST_IN_FLIGHT } from "./useCommand";

/** The room's own actor (its turn timer). */
const SYSTEM = { userId: "system", role: "admin" } as const;

describe("live table: player view", () => {
  it("shows the order, the round, the current turn and announces 'your turn' to its player", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    expect(await screen.findByRole("status", { name: "Connection" })).toHaveTextContent("Connected");
    const me = playUntil(t, (e) => e.ownerUserId === P1);

    expect(screen.getByTestId("round")).toHaveTextContent(`Round ${t.room.state.round}`);
    const order = screen.getByRole("list", { name: "Initiative order" });
    const current = within(order)
      .getAllByRole("listitem")
      .find((li) => li.getAttribute("aria-current") === "step");
    expect(current).toHaveTextContent(me.name);
    expect(current).toHaveTextContent("Current turn");
    expect(current).toHaveTextContent("You");
    // hidden ambushers are not in the player's order
    expect(order).not.toHaveTextContent("Goblin Lurker");
    expect(screen.getByTestId("announce-urgent")).toHaveTextContent(`Your turn: ${me.name}.`);
    expect(screen.getByRole("heading", { name: `${me.name}: your turn` })).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "What is left this turn" })).toHaveTextContent("Movement: 30 ft");
  });

  it("moves by keyboard: Move, arrow to a reachable cell, Enter; the token moves and movement left drops", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const me = playUntil(t, (e) => e.ownerUserId === P1);
    await user.click(screen.getByRole("button", { name: /^Move/ }));

    const grid = screen.getByRole("grid", { name: "Battle map" });
    const start = within(grid).getByRole("gridcell", { name: new RegExp(`${me.name} \\(ally, acting\\)`) });
    expect(start).toHaveAttribute("tabindex", "0");
    act(() => start.focus());
    // Find a neighbouring reachable cell by walking the keyboard.
    let key = "";
    for (const k of ["{ArrowLeft}", "{ArrowUp}", "{ArrowDown}"]) {
      await user.keyboard(k);
      if ((document.activeElement?.getAttribute("aria-label") ?? "").includes("reachable, 5 ft")) {
        key = k;
        break;
      }
      act(() => start.focus());
    }
    expect(key).not.toBe("");
    const target = document.activeElement!.getAttribute("data-cell")!;
    await user.keyboard("{Enter}");
    await flush();

    const [x, y] = target.split(",").map(Number);
    expect(t.calls).toContainEqual({
      path: "interaction.moveEntity",
      input: expect.objectContaining({ entityId: me.id, path: [{ x, y }] }) as unknown,
    });
    expect(t.room.state.entities[me.id]!.position).toEqual({ x, y });
    expect(
      within(grid).getByRole("gridcell", { name: new RegExp(`^${x! + 1}, ${y! + 1}; ${me.name}`) }),
    ).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "What is left this turn" })).toHaveTextContent("Movement: 25 ft");
  });

  it("casts a multi-target spell: picks several allies from the list, confirms, and the log shows it", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.id === "pc2");
    await user.click(screen.getByRole("button", { name: /^Bless/ }));
    const targets = screen.getByRole("group", { name: /Targets for Bless/ });
    await user.click(within(targets).getByRole("checkbox", { name: /Brenna/ }));
    await user.click(within(targets).getByRole("checkbox", { name: /Sable/ }));
    // the third one picked on the map
    await user.click(
      within(screen.getByRole("grid", { name: "Battle map" })).getByRole("gridcell", {
        name: /Ilya \(ally\)/,
      }),
    );
    expect(within(targets).getByRole("checkbox", { name: /Ilya/ })).toBeChecked();
    await user.click(screen.getByRole("button", { name: "Confirm Bless" }));
    await flush();

    expect(t.calls).toContainEqual({
      path: "interaction.takeTurn",
      input: expect.objectContaining({
        entityId: "pc2",
        actionId: "bless",
        targets: ["pc1", "pc3", "pc4"],
      }) as unknown,
    });
    await user.click(screen.getByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("log", { name: "Turn log" })).toHaveTextContent(/Bless/);
    expect(screen.getByRole("list", { name: "What is left this turn" })).toHaveTextContent("Action: used");
  });

  it("keeps the keyboard in the table after End turn: focus moves to the round and turn line", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const me = playUntil(t, (e) => e.ownerUserId === P1);
    await user.click(screen.getByRole("button", { name: "End turn" }));
    await flush();
    expect(t.room.state.turn?.entityId).not.toBe(me.id);
    expect(screen.queryByRole("button", { name: "End turn" })).toBeNull();
    expect(document.activeElement).toBe(screen.getByLabelText("Round and turn"));
  });

  it("shows the server's refusal in words next to the control that caused it", async () => {
    const user = userEvent.setup();
    const t = renderTable({
      userId: P1,
      audience: "player",
      override: {
        "interaction.endTurn": () => {
          throw new TRPCClientError("Too late: Brenna's turn 4 is already over.");
        },
      },
    });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.ownerUserId === P1);
    const end = screen.getByRole("button", { name: "End turn" });
    await user.click(end);
    const alert = await screen.findByText("Too late: Brenna's turn 4 is already over.");
    expect(end).toHaveAccessibleDescription("Too late: Brenna's turn 4 is already over.");
    expect(alert.closest("[role=alert]")).toBeInTheDocument();
  });

  it("tells a player who ended their turn too late why, after the turn has moved on", async () => {
    const user = userEvent.setup();
    const t = renderTable({
      userId: P1,
      audience: "player",
      override: {
        // As the live server does it: the timer ran out first, so the turn change arrives, then the refusal.
        "interaction.endTurn": (input) => {
          const { turnId, entityId } = input as { turnId: number; entityId: string };
          t.room.now = t.room.state.turn!.deadline!;
          t.room.run({ type: "timeout", turnId }, SYSTEM, P1, "player").forEach(t.receive);
          const r = applyCommand(
            t.room.state,
            { type: "endTurn", turnId, entityId },
            { actor: p1Actor, now: t.room.now },
          );
          if (r.ok) throw new Error("the engine took a turn that was over");
          throw TRPCClientError.from({
            error: { code: -32009, message: r.error.message, data: { appCode: r.error.code } },
          });
        },
      },
    });
    await screen.findByRole("status", { name: "Connection" });
    const me = playUntil(t, (e) => e.ownerUserId === P1);
    await user.click(screen.getByRole("button", { name: "End turn" }));

    const late = `Too late: ${me.name}'s turn ${t.room.state.turn!.id - 1} is already over (timed out).`;
    const notices = await screen.findByRole("list", { name: "Notices" });
    expect(notices).toHaveTextContent(late);
    expect(screen.getByTestId("announce-urgent")).toHaveTextContent(late);
    await user.click(within(notices).getByRole("button", { name: `Dismiss notice: ${late}` }));
    expect(screen.queryByRole("list", { name: "Notices" })).not.toBeInTheDocument();
  });

  it("disables actions while the connection is down and says so, then re-enables them", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.ownerUserId === P1);
    expect(screen.getByRole("button", { name: "End turn" })).toBeEnabled();
    t.setConnection("connecting");
    expect(screen.getByRole("status", { name: "Connection" })).toHaveTextContent("Reconnecting…");
    expect(screen.getByRole("button", { name: "End turn" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Send message" })).toBeDisabled();
    t.setConnection("pending");
    expect(screen.getByRole("button", { name: "End turn" })).toBeEnabled();
  });

  it("says so when the server turned the connection away for too many attempts from this network", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    // As tRPC's client reports a close: its error, caused by the socket's close event.
    const close = { code: CLOSE_RATE_LIMITED, reason: "Too many connection attempts: at most 10 per minute" };
    const closed = TRPCClientError.from(new Error("WebSocket closed", { cause: close }));
    t.setConnection("connecting", closed);
    expect(screen.getByRole("status", { name: "Connection" })).toHaveTextContent(
      "Too many connection attempts from this network: retrying in a moment…",
    );
    t.setConnection(
      "connecting",
      TRPCClientError.from(new Error("WebSocket closed", { cause: { code: 1006 } })),
    );
    expect(screen.getByRole("status", { name: "Connection" })).toHaveTextContent("Offline: retrying…");
  });

  it("sends a private message to the recipients picked, and shows it", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    await user.selectOptions(screen.getByLabelText("Channel"), "private");
    expect(screen.getByRole("button", { name: "Send message" })).toBeDisabled();
    await user.click(screen.getByRole("checkbox", { name: "Sable's player" }));
    await user.type(screen.getByLabelText("Message"), "meet me by the door");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    await flush();

    expect(t.calls).toContainEqual({
      path: "interaction.sendChat",
      input: { interactionId: t.room.state.id, channel: "private", text: "meet me by the door", to: [P2] },
    });
    expect(screen.getByRole("log", { name: "Chat messages" })).toHaveTextContent(
      "[Private] You → Sable's player: meet me by the door",
    );
    expect(screen.getByLabelText("Message")).toHaveValue("");
  });

  it("keeps what was typed while a message was on its way", async () => {
    const user = userEvent.setup();
    let answer: () => void = () => undefined;
    renderTable({
      userId: P1,
      audience: "player",
      override: {
        "interaction.sendChat": () => new Promise((resolve) => (answer = () => resolve({ version: 1 }))),
      },
    });
    await screen.findByRole("status", { name: "Connection" });
    const box = screen.getByLabelText("Message");
    await user.type(box, "hello");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    await user.type(box, " and the next line");
    act(() => answer());
    await flush();
    expect(box).toHaveValue("hello and the next line");
  });

  it("says a message may or may not have gone when the connection dropped before the answer", async () => {
    const user = userEvent.setup();
    renderTable({
      userId: P1,
      audience: "player",
      override: {
        "interaction.sendChat": () => {
          // as tRPC's socket client fails a call in flight when its socket closes
          throw TRPCClientError.from(new CloseEvent("close", { code: 1006 }));
        },
      },
    });
    await screen.findByRole("status", { name: "Connection" });
    await user.type(screen.getByLabelText("Message"), "did this go?");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    expect(await screen.findByText(LOST_IN_FLIGHT)).toBeInTheDocument();
    expect(screen.getByLabelText("Message")).toHaveValue("did this go?");
  });

  it("tells a returning player about turns missed while away, scheduled as make-up turns", () => {
    const t = renderTable({ userId: P1, audience: "player" });
    const p1 = { userId: P1, role: "player" } as const;
    t.others({ type: "presence", userId: P1, online: true }, p1);
    const pc = playUntil(t, (e) => e.ownerUserId === P1);
    t.others({ type: "presence", userId: P1, online: false }, p1);
    t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);
    const missed = screen.getByRole("region", { name: "Make-up turns" });
    expect(missed).toHaveTextContent(`${pc.name} missed a turn in round`);
    expect(missed).toHaveTextContent("will be offered as a make-up turn");

    t.others({ type: "presence", userId: P1, online: true }, p1);
    expect(screen.getByRole("region", { name: "Make-up turns" })).toHaveTextContent(
      "a make-up turn is scheduled right after the current turn",
    );
  });

  it("lets a player enter their own PC's initiative before the fight only", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const { name } = Object.values(t.room.state.entities).find((e) => e.ownerUserId === P1)!;
    expect(screen.getByLabelText(`Initiative for ${name}`)).toBeInTheDocument();
    expect(screen.queryByLabelText(/Initiative for Goblin/)).not.toBeInTheDocument();

    playUntil(t, () => true);
    expect(screen.queryByLabelText(`Initiative for ${name}`)).not.toBeInTheDocument();
  });

  it("queues the next turn when it is not the player's turn", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.ownerUserId !== P1);
    const panel = screen.getByRole("region", { name: "Queue your next turn" });
    await user.selectOptions(within(panel).getByLabelText("Character"), "pc1");
    await user.selectOptions(within(panel).getByLabelText("Action"), "javelin");
    await user.click(within(panel).getByRole("checkbox", { name: /^Goblin Cutter/ }));
    await user.click(within(panel).getByRole("button", { name: "Add to plan" }));
    await user.click(within(panel).getByRole("button", { name: "Queue turn for Brenna" }));
    await flush();
    expect(t.room.state.queued.pc1?.steps).toEqual([
      { kind: "action", actionId: "javelin", targets: ["gob1"] },
    ]);
    expect(within(panel).getByRole("list", { name: "Queued turn for Brenna" })).toHaveTextContent(
      "Javelin on Goblin Cutter",
    );
  });
});

describe("live table: DM view", () => {
  it("rolls initiative, starts, and rolls back only after confirming", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    expect(screen.getByText("You are the DM")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Roll initiative for everyone" }));
    await flush();
    // the DM sees the hidden ambushers in the order
    expect(screen.getByRole("list", { name: "Initiative order" })).toHaveTextContent("Goblin Lurker");
    await user.click(screen.getByRole("button", { name: "Start" }));
    await flush();
    expect(t.room.state.status).toBe("active");
    // play one turn so there is something to roll back
    await user.click(screen.getByRole("button", { name: "Skip turn" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Skip turn" }));
    await flush();
    const turnBefore = t.room.state.turn!.id;

    await user.click(screen.getByRole("button", { name: "Roll back" }));
    const dialog = screen.getByRole("alertdialog", { name: "Roll back the last turn?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(t.calls.filter((c) => c.path === "interaction.rollback")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Roll back" }));
    await user.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Roll back" }));
    await flush();
    expect(t.calls.filter((c) => c.path === "interaction.rollback")).toHaveLength(1);
    expect(t.room.state.turn!.id).not.toBe(turnBefore);
    expect(screen.getByRole("button", { name: "Redo" })).toBeEnabled();
  });

  it("marks a player character Away until its player has joined, as the server counts its turns missed", async () => {
    const t = renderTable({ userId: DM, audience: "dm", room: new FakeRoom() });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    const order = screen.getByRole("list", { name: "Initiative order" });
    const row = (name: string) =>
      within(order)
        .getAllByRole("listitem")
        .find((li) => li.textContent?.includes(name))!;
    const pcs = Object.values(t.room.state.entities).filter((e) => e.ownerUserId === P2);
    expect(pcs.length).toBeGreaterThan(0);
    for (const pc of pcs) expect(within(row(pc.name)).getByText("Away", { exact: true })).toBeVisible();
    t.others({ type: "presence", userId: P2, online: true }, { userId: P2, role: "player" });
    for (const pc of pcs) expect(within(row(pc.name)).queryByText("Away", { exact: true })).toBeNull();
  });

  it("shows who is connected and skips a disconnected player's turn", async () => {
    const user = userEvent.setup();
    const room = new FakeRoom();
    const t = renderTable({ userId: DM, audience: "dm", room });
    await screen.findByRole("status", { name: "Connection" });
    t.others({ type: "presence", userId: P1, online: true }, { userId: P1, role: "player" });
    t.others({ type: "presence", userId: P2, online: true }, { userId: P2, role: "player" });
    const pc = playUntil(t, (e) => e.ownerUserId === P2);
    t.others({ type: "presence", userId: P2, online: false }, { userId: P2, role: "player" });
    expect(screen.getByRole("list", { name: "Who is connected" })).toHaveTextContent(
      "Sable's player: disconnected",
    );
    await user.click(screen.getByRole("button", { name: `Skip ${pc.name}'s turn (player disconnected)` }));
    await flush();
    expect(t.room.state.turn!.entityId).not.toBe(pc.id);
    // a turn that passes while its player is away is recorded for a make-up turn
    expect(t.room.state.missed.map((m) => m.entityId)).toContain(pc.id);
  });
});

describe("live table: after a pause", () => {
  /** The DM pauses; the room leaves memory and every seat gets `closed`. */
  async function pausedTable(userId: string, audience: "dm" | "player") {
    const t = renderTable({
      userId,
      audience,
      override: {
        // Launching a paused interaction rebuilds its room from the snapshot (a new epoch) and resumes it.
        "interaction.launch": () => {
          t.room.epoch = "ep2";
          t.room.run({ type: "resume" }, dmActor, userId, audience);
          return { version: t.room.state.version, status: "live" };
        },
      },
    });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    t.others({ type: "pause" }, dmActor);
    return t;
  }

  it("offers the DM Resume on the closed table, which relaunches the room and rejoins it", async () => {
    const user = userEvent.setup();
    const t = await pausedTable(DM, "dm");
    const resume = screen.getByRole("button", { name: "Resume" });
    expect(resume.closest('[role="status"]')).toHaveTextContent("The DM paused the interaction");
    const subscriptions = () => t.calls.filter((c) => c.path === "interaction.events").length;
    expect(subscriptions()).toBe(1);

    await user.click(resume);
    await flush();
    expect(t.calls.map((c) => c.path)).toContain("interaction.launch");
    expect(subscriptions()).toBe(2);
    expect(screen.queryByRole("button", { name: "Resume" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Pause" })).toBeEnabled();
  });

  it("tells a player the table comes back when the DM resumes, with nothing to press", async () => {
    await pausedTable(P1, "player");
    const note = screen.getByText("The table comes back here when the DM resumes.");
    expect(note.closest('[role="status"]')).toHaveTextContent("The DM paused the interaction");
    expect(screen.queryByRole("button", { name: /Resume|Rejoin/ })).not.toBeInTheDocument();
  });
});

describe("live table: closed rooms", () => {
  it("offers a rejoin after an inactivity eviction, but not for a simulation an admin stopped", async () => {
    const idle = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    idle.receive(
      idle.room.closed("inactivity", "The room closed after a period of inactivity; rejoin to continue"),
    );
    expect(screen.getByRole("button", { name: "Rejoin the table" })).toBeInTheDocument();
    idle.unmount();

    const stopped = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    stopped.receive(stopped.room.closed("stopped", "An admin stopped the simulation"));
    const notice = screen.getAllByText("An admin stopped the simulation")[0]!;
    expect(notice).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Rejoin the table" })).not.toBeInTheDocument();
  });
});

describe("live table: a simulation's table", () => {
  /** A game under way whose DM seat is a simulation's (the harness's DM user sees it as its DM). */
  function simulationRoom(): FakeRoom {
    const room = new FakeRoom();
    room.run({ type: "rollInitiative", scope: "all" }, dmActor, DM, "dm");
    room.run({ type: "start" }, dmActor, DM, "dm");
    room.state = produce(room.state, (d) => {
      d.isTest = true;
      d.dmUserId = "sim:test-1:dm";
    });
    return room;
  }

  it("offers no Pause, which would end the simulation for good, but still offers End", async () => {
    renderTable({ userId: DM, audience: "dm", room: simulationRoom() });
    await screen.findByRole("status", { name: "Connection" });
    expect(screen.getByRole("button", { name: "End" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Pause" })).not.toBeInTheDocument();
  });

  it("offers no rejoin once its room closed for inactivity, and says it has ended", async () => {
    const t = renderTable({ userId: DM, audience: "dm", room: simulationRoom() });
    await screen.findByRole("status", { name: "Connection" });
    t.receive(
      t.room.closed("inactivity", "The room closed after a period of inactivity; rejoin to continue"),
    );
    expect(screen.getAllByText(/This simulation has ended/)[0]).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Rejoin the table" })).not.toBeInTheDocument();
  });

  it("once ended, sends no one to an interaction page a simulation does not have for its turn log", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm", room: simulationRoom() });
    await user.click(await screen.findByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("button", { name: "Show the full turn log" })).toBeInTheDocument();
    t.others({ type: "end" }, { userId: t.room.state.dmUserId, role: "dm" });
    await flush();
    expect(t.room.state.status).toBe("completed");
    expect(screen.queryByText(/The full turn log is on this interaction's page/)).toBeNull();
    expect(screen.queryByRole("button", { name: "Show the full turn log" })).toBeNull();
  });
});

describe("live table: DM notes", () => {
  it("lets the DM write a note to themself on the DM channel", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: DM, audience: "dm" });
    await screen.findByRole("status", { name: "Connection" });
    await user.selectOptions(screen.getByLabelText("Channel"), "dm");
    await user.type(screen.getByLabelText("Message"), "the lurker waits behind the door");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    await flush();

    expect(t.calls).toContainEqual({
      path: "interaction.sendChat",
      input: { interactionId: t.room.state.id, channel: "dm", text: "the lurker waits behind the door" },
    });
    expect(screen.getByRole("log", { name: "Chat messages" })).toHaveTextContent(
      "the lurker waits behind the door",
    );
  });
});
