import type { ViewState } from "@roundtable/live/engine";
import { History } from "lucide-react";
import { controls, runsTable, type Seat } from "./model";

/**
 * Turns characters missed while their players were away. On reconnect the server schedules
 * each as a make-up turn right after the current one (the DM may skip it); this says so: to a
 * player for their own characters, to whoever runs the table for everyone.
 */
export function MakeUpTurns({ view, seat }: { view: ViewState; seat: Seat }) {
  const runs = runsTable(view, seat);
  const shown = (id: string) => runs || (seat.role === "player" && controls(view, seat, id));
  const scheduled = view.makeUps.filter((m) => shown(m.entityId));
  const missed = view.missed.filter((m) => shown(m.entityId));
  if (scheduled.length === 0 && missed.length === 0) return null;
  const name = (id: string) => view.entities[id]?.name ?? (runs ? id : "your character");
  return (
    <section aria-label="Make-up turns" className="grid gap-1 rounded-md border border-warning p-3 text-sm">
      <h3 className="flex items-center gap-1 font-semibold">
        <History className="size-4" aria-hidden /> Missed turns
      </h3>
      <ul className="list-disc pl-5">
        {scheduled.map((m) => (
          <li key={`s-${m.entityId}-${m.turnId}`}>
            {name(m.entityId)} missed a turn in round {m.round}: a make-up turn is scheduled right after the
            current turn{runs && "; you may skip it"}.
          </li>
        ))}
        {missed.map((m) => (
          <li key={`m-${m.entityId}-${m.turnId}`}>
            {name(m.entityId)} missed a turn in round {m.round};{" "}
            {runs
              ? "it will be offered as a make-up turn once their player reconnects."
              : "it will be offered as a make-up turn while you are connected."}
          </li>
        ))}
      </ul>
    </section>
  );
}
