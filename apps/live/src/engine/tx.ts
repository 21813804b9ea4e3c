import { castDraft, current, isDraft, type Draft } from "immer";
import type { CommandContext } from "./commands";
import type { Effect, EngineEvent, SnapshotReason } from "./result";
import type { Rng } from "./rng";
import type { InteractionState } from "./state";
import { LIMITS, type TurnLogEntry } from "./state";

/** One command being applied: the draft plus what it will report. */
export interface Tx {
  s: Draft<InteractionState>;
  /** The state before the command (immutable; cheap to read). */
  before: InteractionState;
  ctx: CommandContext;
  rng: Rng;
  events: EngineEvent[];
  effects: Effect[];
  /** Log lines of this command, written as one entry (plus one DM-only entry) at the end. */
  lines: { text: string; dmOnly: boolean; round: number }[];
  /** How turns ended, for the saved turn log. */
  outcomes: TurnLogEntry[];
}

export function snapshot(tx: Tx, reason: SnapshotReason): void {
  if (!tx.effects.some((e) => e.type === "snapshot" && e.reason === reason))
    tx.effects.push({ type: "snapshot", reason });
}

/** Adds a line to this command's log entry (`dmOnly` lines go to a separate, DM-only entry). */
export function log(tx: Tx, text: string, dmOnly = false): void {
  tx.lines.push({ text, dmOnly, round: tx.s.round });
}

/** Records how a turn ended in the saved turn log. */
export function pushTurnLog(tx: Tx, entry: TurnLogEntry): void {
  tx.outcomes.push(entry);
}

/**
 * Writes the command's lines into the recent log (keyed by sequence number, oldest key
 * dropped) and everything into the saved turn log. One entry per command keeps patches small.
 */
export function flushLog(tx: Tx): void {
  const s = tx.s;
  const saved: TurnLogEntry[] = [];
  for (const dm of [false, true]) {
    const lines = tx.lines.filter((l) => l.dmOnly === dm);
    if (lines.length === 0) continue;
    const text = lines.map((l) => l.text).join(" ");
    const round = lines[0]!.round;
    const entry = dm
      ? { at: tx.ctx.now, round, text, dmOnly: true as const }
      : { at: tx.ctx.now, round, text };
    const n = ++s.seq.log;
    s.log[String(n)] = entry;
    delete s.log[String(n - LIMITS.log)];
    saved.push(entry);
    tx.events.push({ type: "log", entry });
  }
  saved.push(...tx.outcomes);
  if (saved.length > 0) appendToTurnLog(tx, saved);
  tx.lines.length = 0;
  tx.outcomes.length = 0;
}

/** Appends with one assignment (not a push per entry through the draft), trimming the oldest chunk. */
function appendToTurnLog(tx: Tx, items: TurnLogEntry[]): void {
  const outer = plain(tx.s.turnLog);
  const i = outer.length - 1;
  const last = outer[i];
  if (last && last.length + items.length <= LIMITS.chunk) {
    tx.s.turnLog[i] = castDraft([...last, ...items]);
    return;
  }
  const full = outer.length * LIMITS.chunk >= LIMITS.turnLog;
  tx.s.turnLog = castDraft([...(full ? outer.slice(1) : outer), items]);
}

/** A plain (non-draft) copy of a draft value, safe to keep after the command. */
export function plain<T>(v: T | Draft<T>): T {
  const out: unknown = isDraft(v) ? current(v as never) : v;
  return out as T;
}
