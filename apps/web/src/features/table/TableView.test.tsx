import type { Entity } from "@roundtable/live/engine";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1, P2, p2Actor } from "../../live-state/fake-room";
import { flush, playUntil, renderTable, type Harness } from "./test-harness";

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
