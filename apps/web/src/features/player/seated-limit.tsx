/**
 * How many interactions of one status the player's lists get: convex/interactions.ts
 * MAX_SEATED_PER_STATUS (liveForMe and seatedForMe return at most that many of each status, most
 * recently changed first). A copy, so the bundle imports no server code; seated-limit.test.ts
 * fails if the two disagree.
 */
export const SEATED_PER_STATUS = 50;

/** Says a group may be cut short: the server sent as many as it ever sends. */
export function MostRecentNote({ count }: { count: number }) {
  if (count < SEATED_PER_STATUS) return null;
  return <p className="mt-2 text-sm text-muted-foreground">Showing the {SEATED_PER_STATUS} most recent.</p>;
}
