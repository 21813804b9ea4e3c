import { useState } from "react";
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

/** How many new lines a NewLinesAnnouncer keeps (older ones leave it quietly). */
const KEPT = 5;

/**
 * Reads out lines as they arrive (`seq` increasing), for screen readers only: placed outside
 * the Chat / Turn log tabs, whose hidden panel's own live region would say nothing. Lines there
 * when the table opened are not news.
 */
export function NewLinesAnnouncer({
  label,
  lines,
}: {
  label: string;
  lines: readonly { seq: number; text: string }[];
}) {
  const [after] = useState(() => lines.at(-1)?.seq ?? 0);
  const fresh = lines.filter((l) => l.seq > after).slice(-KEPT);
  return (
    <div role="log" aria-label={label} className="sr-only">
      {fresh.map((l) => (
        <p key={l.seq}>{l.text}</p>
      ))}
    </div>
  );
}
