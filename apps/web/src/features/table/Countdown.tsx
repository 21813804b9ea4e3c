import type { TurnView } from "@roundtable/live/engine";
import { Timer } from "lucide-react";
import { useEffect, useState } from "react";
import { cn } from "../../lib/utils";

export const formatMs = (ms: number): string => {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * Time left on a player's turn, computed every tick from the server's absolute deadline and
 * the estimated server clock (so it cannot drift); frozen while paused. DM-run turns have none.
 */
export function Countdown({
  turn,
  serverOffsetMs,
  now = Date.now,
}: {
  turn: TurnView | null;
  serverOffsetMs: number;
  now?: () => number;
}) {
  const deadline = turn?.deadline;
  const [, tick] = useState(0);
  useEffect(() => {
    if (deadline === undefined) return;
    const t = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(t);
  }, [deadline]);

  if (!turn) return null;
  if (deadline === undefined) {
    if (turn.remainingMs === undefined) return null;
    return (
      <span
        className="inline-flex items-center gap-1 text-sm tabular-nums"
        aria-label={`Turn timer paused with ${formatMs(turn.remainingMs)} left`}
      >
        <Timer className="size-4" aria-hidden /> {formatMs(turn.remainingMs)} (paused)
      </span>
    );
  }
  const left = deadline - (now() + serverOffsetMs);
  const low = left <= 15_000;
  return (
    // Not a live region: a per-second announcement would drown everything else.
    <span
      className={cn(
        "inline-flex items-center gap-1 text-sm font-medium tabular-nums",
        low && "text-destructive",
      )}
      data-testid="turn-countdown"
    >
      <Timer className="size-4" aria-hidden />
      <span className="sr-only">Time left on this turn: </span>
      {formatMs(left)}
      {low && <span className="sr-only"> (almost out)</span>}
    </span>
  );
}
