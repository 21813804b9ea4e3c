import { leverPuzzle, socialParley, type Entity } from "@roundtable/live/engine";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1, P2, p2Actor } from "../../live-state/fake-room";
import { trappedGap } from "../../test/trapped-gap";
import { flush, playUntil, renderTable, roomOf, type Harness } from "./test-harness";

const current = (t: Harness): Entity => t.room.state.entities[t.room.state.turn!.entityId]!;

/** The DM skips whoever is up. */
const skip = (t: Harness) => t.others({ type: "skipTurn", turnId: t.room.state.turn!.id }, dmActor);

const map = () => screen.getByRole("grid", { name: "Battle map" });

describe("table view: the battle map across turns", () => {
  it("keeps the keyboard on the map cell while others' turns pass, and starts each turn afresh", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const me = playUntil(t, (e) => e.ownerUserId === P1);
    // Half a plan: Move is picked, then the player arrows around the map.
    await user.click(screen.getByRole("button", { name: /^Move/ }));
    expect(screen.getByText(/^Move: pick a reachable cell/)).toBeInTheDocument();
    const start = within(map()).getByRole("gridcell", { name: new RegExp(`${me.name} \\(ally, acting\\)`) });
    act(() => start.focus());
    await user.keyboard("{ArrowRight}");
    const cell = document.activeElement!.getAttribute("data-cell");
    expect(cell).not.toBe(start.getAttribute("data-cell"));
    const stillOnTheCell = () => {
      const focused = document.activeElement as HTMLElement;
      expect(focused).toHaveAttribute("role", "gridcell");
      expect(map()).toContainElement(focused);
      expect(focused).toHaveAttribute("data-cell", cell);
    };

    // The DM skips turns (Brenna's, then anyone's) until one the player does not run is up.
    do {
      skip(t);
      stillOnTheCell();
    } while (current(t).ownerUserId === P1);
    const other = current(t);
    expect(
      screen.getByText(`Waiting for ${other.hidden ? "an unseen creature" : other.name} to act.`),
    ).toBeInTheDocument();
    // The move picked on the player's turn did not outlive it.
    expect(screen.getByText("Arrow keys move between cells.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Move/ })).toBeNull();

    // ...and on until the player's next turn: a fresh panel, nothing picked, the keyboard where it was.
    do {
      skip(t);
      stillOnTheCell();
    } while (current(t).ownerUserId !== P1);
    const next = current(t);
    expect(screen.getByRole("heading", { name: `${next.name}: your turn` })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /^Move/ })).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByText("Arrow keys move between cells.")).toBeInTheDocument();
  });

  it("puts the map's tab stop on the player's token when their turn starts, without taking the keyboard", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const message = screen.getByLabelText("Message");
    act(() => message.focus());
    const me = playUntil(t, (e) => e.ownerUserId === P1);
    const token = within(map()).getByRole("gridcell", { name: new RegExp(`${me.name} \\(ally, acting\\)`) });
    expect(token).toHaveAttribute("tabindex", "0");
    expect(message).toHaveFocus();
  });
});

describe("table view: objects sharing a cell", () => {
  it("names every object on the cell, the one that blocks it first (a chest in an open doorway)", async () => {
    const room = new FakeRoom();
    room.state = produce(room.state, (s) => {
      const at = s.map.objects.chest!.position;
      // listed after the chest, so a map keeping one object a cell would show only the open gate
      s.map.objects.gate = {
        id: "gate",
        name: "gate",
        kind: "door",
        position: at,
        open: true,
        locked: false,
      };
    });
    renderTable({ userId: P1, audience: "player", room });
    await screen.findByRole("status", { name: "Connection" });
    expect(within(map()).getByRole("gridcell", { name: /^19, 2;/ })).toHaveAccessibleName(
      "19, 2; goblin strongbox: closed; gate: open",
    );
  });
});

describe("table view: chat and turn log tabs", () => {
  it("keeps the chat draft, channel and recipients while the turn log is shown; the other panel is hidden", async () => {
    const user = userEvent.setup();
    renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    await user.selectOptions(screen.getByLabelText("Channel"), "private");
    await user.click(screen.getByRole("checkbox", { name: "Sable's player" }));
    await user.type(screen.getByLabelText("Message"), "flank the boss");

    await user.click(screen.getByRole("tab", { name: "Turn log" }));
    expect(screen.getByRole("log", { name: "Turn log" })).toBeVisible();
    // The chat panel is still there, but neither shown nor exposed to assistive technology.
    expect(screen.queryByRole("log", { name: "Chat messages" })).toBeNull();
    expect(screen.queryByRole("textbox", { name: "Message" })).toBeNull();

    await user.click(screen.getByRole("tab", { name: "Chat" }));
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("flank the boss");
    expect(screen.getByLabelText("Channel")).toHaveValue("private");
    expect(screen.getByRole("checkbox", { name: "Sable's player" })).toBeChecked();
    expect(screen.queryByRole("log", { name: "Turn log" })).toBeNull();
  });

  it("reads out new turn-log lines while the Chat tab is showing", async () => {
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const who = playUntil(t, (e) => !e.hidden);
    expect(screen.getByRole("tab", { name: "Chat" })).toHaveAttribute("aria-selected", "true");
    expect(screen.queryByRole("log", { name: "Turn log" })).toBeNull();

    skip(t);
    expect(screen.getByRole("log", { name: "New turn results" })).toHaveTextContent(
      `The DM skipped ${who.name}'s turn.`,
    );
  });

  /** The screen-reader-only region outside the tabs that reads out new chat messages. */
  const chatNews = () => screen.getByRole("log", { name: "New chat messages" });
  const party = (text: string) => ({ type: "sendChat", channel: "party", text }) as const;

  it("reads out chat messages from others that arrive while the Turn log tab is showing", async () => {
    const user = userEvent.setup();
    const room = new FakeRoom();
    room.run(party("said before you came"), p2Actor, P1, "player");
    const t = renderTable({ userId: P1, audience: "player", room });
    await screen.findByRole("status", { name: "Connection" });
    await user.click(screen.getByRole("tab", { name: "Turn log" }));
    // The chat panel, and its log, are hidden now.
    expect(screen.queryByRole("log", { name: "Chat messages" })).toBeNull();

    t.others(party("I've got the torch"), p2Actor);
    t.others({ type: "sendChat", channel: "private", to: [P1], text: "psst, the lever" }, p2Actor);
    expect(chatNews()).toHaveTextContent("Sable's player: I've got the torch");
    expect(chatNews()).toHaveTextContent("Sable's player, privately to You: psst, the lever");
    // What was said before the table opened is not news.
    expect(chatNews()).not.toHaveTextContent("said before you came");
  });

  it("reads each message out once while the Chat tab is showing, and not your own back to you", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    const messages = screen.getByRole("log", { name: "Chat messages" });

    t.others(party("I've got the torch"), p2Actor);
    // Shown in the chat, read out from one place only: the chat's own log is not live.
    expect(messages).toHaveTextContent("[Party] Sable's player: I've got the torch");
    expect(messages).toHaveAttribute("aria-live", "off");
    expect(within(chatNews()).getAllByText(/I've got the torch/)).toHaveLength(1);

    await user.type(screen.getByLabelText("Message"), "lead the way");
    await user.click(screen.getByRole("button", { name: "Send message" }));
    await flush();
    expect(messages).toHaveTextContent("[Party] You: lead the way");
    expect(chatNews()).not.toHaveTextContent("lead the way");
  });

  it("never reads out a private message between others", async () => {
    const user = userEvent.setup();
    const t = renderTable({ userId: P1, audience: "player" });
    await screen.findByRole("status", { name: "Connection" });
    await user.click(screen.getByRole("tab", { name: "Turn log" }));

    t.others({ type: "sendChat", channel: "private", to: [DM], text: "P1 is the traitor" }, p2Actor);
    t.others({ type: "sendChat", channel: "dm", text: "I pocket the gem" }, p2Actor);
    t.others({ type: "sendChat", channel: "private", to: [P2], text: "keep your distance from P1" }, dmActor);
    t.others(party("onwards"), p2Actor);
    expect(chatNews()).toHaveTextContent("Sable's player: onwards");
    // Not read out, and not anywhere on this player's page (hidden panels included).
    for (const text of [/traitor/, /pocket the gem/, /keep your distance/])
      expect(screen.queryByText(text)).toBeNull();
    expect(t.room.state.chat.flat()).toHaveLength(4);
  });
});

describe("table view: results", () => {
  /** The DM starts the interaction in `room` and ends it at once; returns the Results heading. */
  async function endedAt(room: FakeRoom) {
    const t = renderTable({ userId: P1, audience: "player", room });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, () => true);
    t.others({ type: "end" }, dmActor);
    return within(screen.getByRole("region", { name: "Results" })).getByRole("heading");
  }

  it("says a parley failed when an NPC turned hostile: there were no enemies to win it", async () => {
    const room = roomOf(socialParley(), { adjust: (s) => void (s.entities.chief!.attitude = -3) });
    const heading = await endedAt(room);
    expect(room.state.results?.winner).toBe("enemy");
    expect(heading).toHaveTextContent(/^The parley failed after 1 round$/);
  });

  it("says a puzzle ended with its chests still shut was left unsolved", async () => {
    const room = roomOf(leverPuzzle());
    const heading = await endedAt(room);
    expect(room.state.results?.winner).toBe("none");
    expect(heading).toHaveTextContent(/^The puzzle was left unsolved after 1 round$/);
  });
});

describe("table view: moving past a known trap", () => {
  /** P1 on Brenna's turn west of the trapped gap, with `speed` ft to move, Move picked. */
  async function atTheGap(speed: number) {
    const user = userEvent.setup();
    const room = new FakeRoom(produce(trappedGap(), (s) => void (s.entities.pc1!.speed = speed)));
    const t = renderTable({ userId: P1, audience: "player", room });
    await screen.findByRole("status", { name: "Connection" });
    playUntil(t, (e) => e.id === "pc1");
    await user.click(screen.getByRole("button", { name: /^Move/ }));
    // (6,2), past the gap: cells are named from 1
    const past = within(map()).getByRole("gridcell", { name: /^7, 3;/ });
    return { t, user, past };
  }
  const moved = (t: Harness) =>
    t.calls
      .filter((c) => c.path === "interaction.moveEntity")
      .map((c) => (c.input as { path: unknown }).path);

  it("walks round the trap when the movement allows, and the trap stays armed", async () => {
    const { t, user, past } = await atTheGap(30);
    expect(past).toHaveAccessibleName(/reachable, 30 ft$/);
    await user.click(past);
    await flush();
    expect(moved(t)).toHaveLength(1);
    expect(moved(t)[0]).not.toContainEqual({ x: 5, y: 2 });
    expect(t.room.state.entities.pc1!.position).toEqual({ x: 6, y: 2 });
    expect(t.room.state.map.objects.snare).toMatchObject({ armed: true });
  });

  it("warns on a cell only reached over the trap, and still lets the player go that way", async () => {
    const { t, user, past } = await atTheGap(25);
    expect(past).toHaveAccessibleName(/reachable, 10 ft, sets off the snare trap$/);
    expect(
      screen.getByText(/A cell marked ! is only reached over an armed trap, which goes off\./),
    ).toBeVisible();
    await user.click(past);
    await flush();
    expect(moved(t)).toEqual([
      [
        { x: 5, y: 2 },
        { x: 6, y: 2 },
      ],
    ]);
    expect(t.room.state.map.objects.snare).toMatchObject({ armed: false });
  });
});
