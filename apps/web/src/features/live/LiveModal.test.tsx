import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { DM, dmActor, FakeRoom, P1 } from "../../live-state/fake-room";
import { renderLiveModal } from "./live-modal-harness";
import { useLiveModal } from "./live-modal-store";

afterEach(() => useLiveModal.getState().close());

const table = () => screen.getByRole("dialog", { name: "The table: live table" });

describe("leaving the live table", () => {
  it("stays open on a click beside it", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: P1, audience: "player", room: new FakeRoom() });
    t.playUntil(() => true);
    await user.click(document.querySelector<HTMLElement>('[data-slot="dialog-overlay"]')!);
    expect(table()).toBeInTheDocument();
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
  });

  it("asks a player before ✕ closes it; Stay keeps the table, the chat draft and the keyboard", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: P1, audience: "player", room: new FakeRoom() });
    t.playUntil(() => true);
    await user.type(within(table()).getByLabelText("Message"), "hold the door");
    const close = within(table()).getByRole("button", { name: "Close" });
    await user.click(close);

    const ask = screen.getByRole("alertdialog", { name: "Leave the table?" });
    expect(ask).toHaveAccessibleDescription(/your turns may be recorded as missed while you are away/);
    expect(within(ask).getByRole("button", { name: "Stay" })).toHaveFocus();
    await user.click(within(ask).getByRole("button", { name: "Stay" }));

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(within(table()).getByLabelText("Message")).toHaveValue("hold the door");
    expect(close).toHaveFocus();
    expect(useLiveModal.getState().open).not.toBeNull();
  });

  it("keeps the keyboard in the table on Stay when what had it went meanwhile (the turn moved on)", async () => {
    const user = userEvent.setup();
    const room = new FakeRoom();
    const t = await renderLiveModal({ userId: P1, audience: "player", room });
    t.playUntil((e) => e.id === "pc1");
    within(table())
      .getByRole("button", { name: /^End turn/ })
      .focus();
    await user.keyboard("{Escape}");
    t.others({ type: "skipTurn", turnId: room.state.turn!.id }, dmActor); // the End turn button goes
    expect(within(table()).queryByRole("button", { name: /^End turn/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Stay" }));
    expect(table()).toHaveFocus();
  });

  it("closes on ✕ then Leave, and the table is no longer open", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: P1, audience: "player", room: new FakeRoom() });
    t.playUntil(() => true);
    await user.click(within(table()).getByRole("button", { name: "Close" }));
    await user.click(screen.getByRole("button", { name: "Leave" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(useLiveModal.getState().open).toBeNull();
  });

  it("asks the DM on Escape that play will wait; Escape again stays", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: DM, audience: "dm", room: new FakeRoom() });
    t.playUntil(() => true);
    await user.keyboard("{Escape}");
    expect(screen.getByRole("alertdialog", { name: "Leave the table?" })).toHaveAccessibleDescription(
      /play waits for you/,
    );
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(table()).toBeInTheDocument();
  });

  it("closes without asking once the game has ended", async () => {
    const user = userEvent.setup();
    const t = await renderLiveModal({ userId: P1, audience: "player", room: new FakeRoom() });
    t.playUntil(() => true);
    t.others({ type: "end" }, dmActor);
    await user.click(within(table()).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(useLiveModal.getState().open).toBeNull();
  });
});
