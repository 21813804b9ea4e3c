import type { ViewState } from "@roundtable/live/engine";
import { EyeOff } from "lucide-react";
import { useState } from "react";
import { logEntries } from "./model";

/** How many new lines the announcer keeps (older ones leave it quietly). */
const ANNOUNCED = 5;

/** The recent turn log (the DM also sees DM-only lines, marked in words). Newest last. */
export function TurnLog({ view }: { view: ViewState }) {
  const entries = logEntries(view);
  return (
    // role="log" on its own element: on the <ol> it would hide the list from its <li>s. Not live
    // itself: new lines are read out by <TurnLogAnnouncer>, whichever tab is showing.
    <div
      role="log"
      aria-label="Turn log"
      aria-live="off"
      className="max-h-72 overflow-y-auto rounded-md border p-2 text-sm"
    >
      <ol className="grid gap-1">
        {entries.length === 0 && <li className="text-muted-foreground">Nothing has happened yet.</li>}
        {entries.map((e) => (
          <li key={e.key} className="grid grid-cols-[auto_1fr] gap-2">
            <span className="text-xs text-muted-foreground tabular-nums">R{e.round}</span>
            <span>
              {e.dmOnly && (
                <span className="mr-1 inline-flex items-center gap-0.5 text-xs font-medium">
                  <EyeOff className="size-3" aria-hidden /> DM only:
                </span>
              )}
              {e.text}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * Reads out turn-log lines as they arrive (attacks, damage, skips), for screen readers only.
 * It sits outside the tabs: the log's own panel is hidden while Chat shows, and a hidden live
 * region says nothing. Lines already there when the table opened are not news.
 */
export function TurnLogAnnouncer({ view }: { view: ViewState }) {
  const entries = logEntries(view);
  const [after] = useState(() => entries.at(-1)?.seq ?? 0);
  const fresh = entries.filter((e) => e.seq > after).slice(-ANNOUNCED);
  return (
    <div role="log" aria-label="New turn results" className="sr-only">
      {fresh.map((e) => (
        <p key={e.key}>
          {e.dmOnly && "DM only: "}
          {e.text}
        </p>
      ))}
    </div>
  );
}
