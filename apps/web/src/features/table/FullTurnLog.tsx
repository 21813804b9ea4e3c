import type { TurnLogEntry, TurnOutcome, ViewState } from "@roundtable/live/engine";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "../../components/ui/button";
import { errorMessage } from "../../lib/errors";
import { useTRPC } from "../../live/trpc";
import { useTableContext } from "./table-context";

const OUTCOME: Record<TurnOutcome, string> = {
  taken: "turn taken",
  skipped: "turn skipped",
  timed_out: "turn timed out",
  rolled_back: "turn rolled back",
  redone: "turn redone",
  backtracked: "turn backtracked",
};

/** One saved line as a list item: its round, whether only the DM sees it, and its words. */
export function TurnLogLine({
  entry: e,
  nameOf,
}: {
  entry: TurnLogEntry;
  nameOf: (entityId: string) => string | undefined;
}) {
  return (
    <li className="grid grid-cols-[auto_1fr] gap-2">
      <span className="text-xs text-muted-foreground tabular-nums">R{e.round}</span>
      <span>
        {e.dmOnly && <span className="mr-1 text-xs font-medium">DM only:</span>}
        {describeEntry(e, nameOf)}
      </span>
    </li>
  );
}

/** One saved line in words: the text, or how a turn ended and whose it was (`nameOf` an entity). */
function describeEntry(e: TurnLogEntry, nameOf: (entityId: string) => string | undefined): string {
  if (!e.turn) return e.text;
  const who = nameOf(e.turn.entityId) ?? e.turn.entityId;
  const outcome = `${who}: ${OUTCOME[e.turn.outcome]}`;
  return e.text ? `${e.text} (${outcome})` : outcome;
}

/**
 * The DM's whole saved turn log from the server (the table keeps only the recent lines):
 * loaded on demand, refreshed by hand, DM-only lines marked in words.
 */
export function FullTurnLog({ view }: { view: ViewState }) {
  const { interactionId } = useTableContext();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const log = useQuery(trpc.interaction.turnLog.queryOptions({ interactionId }, { enabled: open }));
  if (!open)
    return (
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        Show the full turn log
      </Button>
    );
  return (
    <section aria-label="Full turn log" className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="outline" onClick={() => void log.refetch()} disabled={log.isFetching}>
          Refresh
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
          Hide the full turn log
        </Button>
      </div>
      {log.isPending && <p className="text-sm text-muted-foreground">Loading the full turn log…</p>}
      {log.isError && (
        <p role="alert" className="text-sm text-destructive">
          Could not load the full turn log: {errorMessage(log.error)}
        </p>
      )}
      {log.data && (
        <ol className="grid max-h-96 gap-1 overflow-y-auto rounded-md border p-2 text-sm">
          {log.data.length === 0 && <li className="text-muted-foreground">Nothing has happened yet.</li>}
          {log.data.map((e, i) => (
            <TurnLogLine key={i} entry={e} nameOf={(id) => view.entities[id]?.name} />
          ))}
        </ol>
      )}
    </section>
  );
}
