/**
 * The live server tracks every `events` item with `<roomEpoch>:<version>:<seq>`: the epoch
 * changes when the room is rebuilt, `seq` rises by one per event the room emits (not every one
 * reaches every viewer), `version` is the state version the event belongs to.
 */
export type EventId = { epoch: string; version: number; seq: number };

export function parseEventId(id: string | undefined | null): EventId | null {
  if (!id) return null;
  const parts = id.split(":");
  if (parts.length !== 3) return null;
  const [epoch, version, seq] = parts as [string, string, string];
  const v = Number(version);
  const s = Number(seq);
  if (!epoch || !Number.isSafeInteger(v) || !Number.isSafeInteger(s)) return null;
  return { epoch, version: v, seq: s };
}
