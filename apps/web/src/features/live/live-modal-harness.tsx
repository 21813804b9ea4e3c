import type { Actor, Audience, Command, Entity } from "@roundtable/live/engine";
import { act, render, screen } from "@testing-library/react";
import { DM, dmActor, type FakeRoom } from "../../live-state/fake-room";
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
  /** The DM rolls and starts, then skips turns until `pick` likes whoever is up. */
  const playUntil = (pick: (e: Entity) => boolean) => {
    others({ type: "rollInitiative", scope: "all" }, dmActor);
    others({ type: "start" }, dmActor);
    for (let i = 0; i < 30; i++) {
      const turn = room.state.turn!;
      if (pick(room.state.entities[turn.entityId]!)) return;
      others({ type: "skipTurn", turnId: turn.id }, dmActor);
    }
    throw new Error("never got the turn");
  };
  return { others, playUntil };
}
