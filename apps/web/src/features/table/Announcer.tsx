import { useTable } from "./table-context";

/**
 * Screen-reader announcements of turn changes, "your turn", notices and resyncs. Both regions
 * stay mounted (live regions must exist before their text changes); urgent news is assertive.
 */
export function Announcer() {
  const a = useTable((s) => s.announcement);
  return (
    <div className="sr-only">
      <div role="status" aria-live="polite" aria-atomic data-testid="announce-polite">
        {a && !a.urgent ? <span key={a.id}>{a.text}</span> : null}
      </div>
      <div role="alert" aria-live="assertive" aria-atomic data-testid="announce-urgent">
        {a?.urgent ? <span key={a.id}>{a.text}</span> : null}
      </div>
    </div>
  );
}
