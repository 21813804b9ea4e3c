import type { ViewState } from "@roundtable/live/engine";
import { EyeOff } from "lucide-react";
import { NewLinesAnnouncer } from "./Announcer";
import { logEntries } from "./model";

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

/** New turn-log lines (attacks, damage, skips) read out whichever tab shows. */
export function TurnLogAnnouncer({ view }: { view: ViewState }) {
  const lines = logEntries(view).map((e) => ({
    seq: e.seq,
    text: `${e.dmOnly ? "DM only: " : ""}${e.text}`,
  }));
  return <NewLinesAnnouncer label="New turn results" lines={lines} />;
}
