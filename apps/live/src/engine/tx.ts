import { current, isDraft, type Draft } from "immer";
import type { CommandContext } from "./commands";
import type { Effect, EngineEvent, SnapshotReason } from "./result";
import type { Rng } from "./rng";
import type { ChatMessage, Checkpoint, InteractionState, RedoEntry } from "./state";
import { LIMITS, logChunkKey, logEntryKey, type TurnLogEntry } from "./state";

/**
 * The server-only bookkeeping of one command, kept out of the immer draft (drafting it cost
 * more than the game change itself): apply.ts puts it on the produced state afterwards.
 * Nobody but the server ever sees these keys, so they need no patches.
 */
export interface ServerSide {
  seq: { turn: number; log: number; chat: number };
  /** Replaced (never mutated) when it changes. */
  history: readonly Checkpoint[];
  redo: readonly RedoEntry[];
  /** Appended to the saved turn log / chat after the command. */
  turnLog: TurnLogEntry[];
  chat: ChatMessage[];
  /**
   * A checkpoint taken by the last turn start of the command, with nothing changing the game
   * after it: its game is read from the finished state instead of copying the draft.
   */
  pending: { label: string; turnId: number } | null;
}

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
  srv: ServerSide;
  /** immer's state of the root draft (see `peekRoot`); undefined if it ever looks different. */
  root: DraftState | undefined;
}

export function snapshot(tx: Tx, reason: SnapshotReason): void {
  if (!tx.effects.some((e) => e.type === "snapshot" && e.reason === reason))
    tx.effects.push({ type: "snapshot", reason });
}

/** Adds a line to this command's log entry (`dmOnly` lines go to a separate, DM-only entry). */
export function log(tx: Tx, text: string, dmOnly = false): void {
  tx.lines.push({ text, dmOnly, round: peekRoot(tx, "round") });
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
  const saved = tx.srv.turnLog;
  for (let dm = 0; dm < 2; dm++) {
    let text = "";
    let round = 0;
    for (const l of tx.lines)
      if (l.dmOnly === (dm === 1)) {
        if (text === "") round = l.round;
        text = text === "" ? l.text : `${text} ${l.text}`;
      }
    if (text === "") continue;
    // frozen before it goes into the draft: immer then need not walk it when finalising
    const entry = Object.freeze(
      dm === 1 ? { at: tx.ctx.now, round, text, dmOnly: true as const } : { at: tx.ctx.now, round, text },
    );
    const n = ++tx.srv.seq.log;
    const c = Math.floor(n / LIMITS.logChunk);
    const chunk = s.log[logChunkKey(c)];
    if (chunk) chunk[logEntryKey(n)] = entry;
    else {
      s.log[logChunkKey(c)] = { [logEntryKey(n)]: entry };
      delete s.log[logChunkKey(c - Math.ceil(LIMITS.log / LIMITS.logChunk) - 1)];
    }
    saved.push(entry);
    tx.events.push({ type: "log", entry });
  }
  for (const o of tx.outcomes) saved.push(o);
  tx.lines.length = 0;
  tx.outcomes.length = 0;
}

/**
 * Appends to a chunked log (chunks of `LIMITS.chunk`), copying only the last chunk, dropping the oldest beyond `max`.
 * Copies with spread, never `slice()`: V8 gives a slice of a frozen array frozen elements, and
 * pushing onto or replacing in it then takes a slow path (3-8x slower measured).
 */
export function appendChunks<T>(chunks: readonly (readonly T[])[], items: readonly T[], max: number): T[][] {
  const out = chunks as T[][];
  if (items.length === 0) return out;
  const last = out[out.length - 1];
  if (last && last.length + items.length <= LIMITS.chunk) {
    const chunk = [...last];
    for (const x of items) chunk.push(x);
    const next = [...out];
    next[next.length - 1] = Object.freeze(chunk) as T[];
    return Object.freeze(next) as T[][];
  }
  const next = [...out];
  if (next.length * LIMITS.chunk >= max) next.shift();
  next.push(Object.freeze([...items]) as T[]);
  return Object.freeze(next) as T[][];
}

/** Freezes what is not frozen yet, stopping at frozen objects (which immer and we keep deep-frozen). */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== "object" || Object.isFrozen(v)) return v;
  freezeNew(v);
  return v;
}

/** Freezes `v` (not frozen yet) and, depth first, every child not frozen yet (checked before the call: most are). */
function freezeNew(v: object): void {
  Object.freeze(v);
  if (Array.isArray(v)) {
    for (const x of v as unknown[])
      if (typeof x === "object" && x !== null && !Object.isFrozen(x)) freezeNew(x);
  } else
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === "object" && x !== null && !Object.isFrozen(x)) freezeNew(x);
    }
}

/** immer's per-draft state; `copy_ || base_` is what its own proxy reads from. */
const DRAFT_STATE = Symbol.for("immer-state");
export interface DraftState {
  base_?: object;
  copy_?: object | null;
  assigned_?: Map<string | number, boolean>;
}

/**
 * Gives a draft its copy before immer makes one, exactly as immer's `prepareCopy` would (an
 * empty `assigned_` map and a shallow copy of the base) but made by `copy`, a monomorphic
 * object literal instead of immer's one spread for every shape. No-op if the draft has its
 * copy already or its state looks different; tx.test.ts pins the behaviour.
 */
export function primeCopy<T extends object>(st: DraftState | undefined, copy: (base: T) => T): void {
  if (st === undefined || st.copy_ || !st.base_ || st.assigned_ !== undefined) return;
  st.assigned_ = new Map();
  st.copy_ = copy(st.base_ as T);
}

/**
 * Reads `obj[key]` without immer drafting it: through a draft, an ordinary read of an object
 * copies the parent and makes a proxy for the child even if nothing is written. Gives the
 * latest value (a draft only if one was made already). Use for reads; write through the draft.
 * Reads immer's draft state directly (10x cheaper than the proxy's property descriptor, which
 * is the fallback should that state ever look different); tx.test.ts pins the behaviour.
 */
export function peek<T extends object, K extends keyof T>(obj: T, key: K): T[K] {
  const st = (obj as { [DRAFT_STATE]?: DraftState })[DRAFT_STATE];
  if (st === undefined) return obj[key];
  const latest = (st.copy_ || st.base_) as T | undefined;
  return latest ? latest[key] : (Reflect.getOwnPropertyDescriptor(obj, key)?.value as T[K]);
}

/** immer's state behind a draft, if it has the shape `peek` reads. */
export function draftState(draft: object): DraftState | undefined {
  const st = (draft as { [DRAFT_STATE]?: DraftState })[DRAFT_STATE];
  return st && typeof st === "object" && "base_" in st ? st : undefined;
}

/**
 * `peek(tx.s, key)` without going through the root proxy: every read of a draft (even of its
 * own state, which `peek` does) is a proxy trap, ~50-90 ns; this reads the root's latest copy
 * from its state, captured once per command.
 */
export function peekRoot<K extends keyof InteractionState>(tx: Tx, key: K): Draft<InteractionState>[K] {
  const st = tx.root;
  if (st === undefined) return peek(tx.s, key);
  return ((st.copy_ || st.base_) as Draft<InteractionState>)[key];
}

/** A plain (non-draft) copy of a draft value, safe to keep after the command. */
export function plain<T>(v: T | Draft<T>): T {
  const out: unknown = isDraft(v) ? current(v as never) : v;
  return out as T;
}
