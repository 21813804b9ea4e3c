import type { Actor, Audience, Command, Entity } from "@roundtable/live/engine";
import { act, render, screen } from "@testing-library/react";
import { DM, type FakeRoom } from "../../live-state/fake-room";
import { playUntil } from "../table/test-harness";
import { fakeLive, LiveTestProviders } from "../../test/fake-live";
import { useLiveModal } from "./live-modal-store";
import { LiveTable } from "./LiveWatcher";

/**
 * Opens the live modal (as the app does, through its store) on a fake room run by the real
 * engine; `others` runs a command as someone else at the table and delivers its events.
 */
export async function renderLiveModal({
  userId,
  audience,
  room,
}: {
  userId: string;
  audience: Audience;
  room: FakeRoom;
}) {
  let emit: (data: unknown) => void = () => undefined;
  const { live } = fakeLive({
    subscriptions: {
      "interaction.events": (_input, e) => {
        emit = e;
        e(room.sync(userId, audience, userId === DM ? "dm" : "player"));
      },
    },
  });
  act(() => useLiveModal.getState().show(room.state.id, "The table"));
  render(
    <LiveTestProviders live={live}>
      <LiveTable />
    </LiveTestProviders>,
  );
  await screen.findByRole("status", { name: "Connection" });
  const others = (command: Command, by: Actor) =>
    act(() => room.run(command, by, userId, audience).forEach((e) => emit(e)));
  const table = { room, others };
  return { others, playUntil: (pick: (e: Entity) => boolean) => playUntil(table, pick) };
}
