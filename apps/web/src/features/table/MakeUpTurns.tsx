import type { ViewState } from "@roundtable/live/engine";
import { History } from "lucide-react";
import { controls, type Seat } from "./model";

/**
 * Turns the viewer's characters missed while they were away. On reconnect the server schedules
 * each as a make-up turn right after the current one (the DM may skip it); this says so.
 */
export function MakeUpTurns({ view, seat }: { view: ViewState; seat: Seat }) {
  const mine = (id: string) => seat.role === "player" && controls(view, seat, id);
  const scheduled = view.makeUps.filter((m) => mine(m.entityId));
  const missed = view.missed.filter((m) => mine(m.entityId));
  if (scheduled.length === 0 && missed.length === 0) return null;
  const name = (id: string) => view.entities[id]?.name ?? "your character";
  return (
    <section aria-label="Make-up turns" className="grid gap-1 rounded-md border border-warning p-3 text-sm">
      <h3 className="flex items-center gap-1 font-semibold">
        <History className="size-4" aria-hidden /> Missed turns
      </h3>
      <ul className="list-disc pl-5">
        {scheduled.map((m) => (
          <li key={`s-${m.entityId}-${m.turnId}`}>
            {name(m.entityId)} missed a turn in round {m.round}: a make-up turn is scheduled right after the
            current turn.
          </li>
        ))}
        {missed.map((m) => (
          <li key={`m-${m.entityId}-${m.turnId}`}>
            {name(m.entityId)} missed a turn in round {m.round}; it will be offered as a make-up turn while
            you are connected.
          </li>
        ))}
      </ul>
    </section>
  );
}
