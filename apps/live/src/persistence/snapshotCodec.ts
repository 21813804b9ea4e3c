import type { Checkpoint, GameSnapshot, InteractionState, RedoEntry } from "../engine/state";
import { pickGame } from "../engine/state";
import type { StoredSnapshot } from "./store";

/**
 * How a room's state is written as a snapshot, and read back.
 *
 * The ten rollback checkpoints and the redo entries are whole games, but consecutive games
 * differ in a few entities, so each is written as the changes from a neighbouring game
 * (`Op`s) instead of in full: the newest checkpoint from the current game, each older one
 * from the next newer; the newest redo entry's checkpoint from the current game, its game from
 * its checkpoint, and each older entry's checkpoint from the next newer entry's game. Games
 * that share subtrees (what the engine's immer states do) are compared by reference; games
 * that do not (a room rebuilt from a snapshot) structurally, with the same output. Decoding
 * rebuilds equal values with the unchanged subtrees shared with the game they were diffed
 * against, so a rebuilt room holds one copy of what its checkpoints have in common.
 *
 * With an `Externalize` function, the turn log's and chat's chunks before the last (which never
 * change again) are named instead of written: the store keeps them apart, once each
 * (`LogChunk`s, store.ts), and gives them back to `decodeSnapshot` by name.
 *
 * A list whose length changed is written as one splice of what lies between the elements it
 * kept at either end (format 3; format 2, still read, wrote such a list whole).
 *
 * `format` tells the two kinds of snapshot apart: a state written before this codec (a plain
 * `InteractionState`, whose strict schema has no `format` key) loads as it is. Everything here
 * is plain JSON with no `$`-prefixed keys and bounded nesting and array lengths (Convex values).
 */

export const SNAPSHOT_FORMAT = 3;
/** Formats `decodeSnapshot` reads: 2 (before splices) and the current one. */
const READABLE_FORMATS: readonly unknown[] = [2, SNAPSHOT_FORMAT];

type Key = string | number;
/**
 * `[path, value]` puts `value` at `path` (the empty path: the whole game); `[path]` removes an
 * object key; `[path, start, deleteCount, items]` (format 3) replaces `deleteCount` elements of
 * the list at `path` from index `start` with `items` (written whole), as `Array.prototype.splice`.
 */
export type Op = [Key[], unknown] | [Key[]] | [Key[], number, number, unknown[]];

export type EncodedCheckpoint = { label: string; turnId: number; diff: Op[] };
export type EncodedRedo = { diff: Op[]; checkpoint: EncodedCheckpoint };

/** The turn log's and chat's chunks before their last, by key, where they are stored apart. */
export type ChunkKeys = { turnLog: string[]; chat: string[] };

export type EncodedSnapshot = {
  format: typeof SNAPSHOT_FORMAT;
  /**
   * The state with `history` and `redo` empty (a valid state on its own); with `chunks`, its
   * `turnLog` and `chat` hold only their last chunk.
   */
  state: InteractionState;
  /** Same order as `state.history` (oldest first). */
  history: EncodedCheckpoint[];
  /** Same order as `state.redo`. */
  redo: EncodedRedo[];
  /** The earlier chunks of `turnLog` and `chat`, oldest first, stored apart (`LogChunk`s). */
  chunks?: ChunkKeys;
};

/**
 * Stores a full log chunk apart and names it: chunks before the last never change (the engine
 * only appends to the last one and drops the oldest), so each is written once.
 */
export type Externalize = (chunk: readonly unknown[]) => string;

/** More changes than this in one game: the game is written whole (bounds the array's length). */
const MAX_OPS = 1_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is object => typeof v === "object" && v !== null;
const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isState(v: unknown): v is InteractionState {
  return (
    isObj(v) && !hasOwn(v, "format") && Array.isArray((v as Obj).history) && Array.isArray((v as Obj).redo)
  );
}

/**
 * The snapshot to write for a state: `EncodedSnapshot` for an `InteractionState`, anything
 * else as it is (the writer's callers own what a snapshot is). Pure; shares the state's values.
 */
export function encodeSnapshot(state: unknown, externalize?: Externalize): unknown {
  if (!isState(state)) return state;
  const current = pickGame(state);
  const history: EncodedCheckpoint[] = new Array<EncodedCheckpoint>(state.history.length);
  let from: GameSnapshot = current;
  for (let i = state.history.length - 1; i >= 0; i--) {
    const cp = state.history[i]!;
    history[i] = encodeCheckpoint(from, cp);
    from = cp.game;
  }
  const redo: EncodedRedo[] = new Array<EncodedRedo>(state.redo.length);
  from = current;
  for (let i = state.redo.length - 1; i >= 0; i--) {
    const entry = state.redo[i]!;
    const checkpoint = encodeCheckpoint(from, entry.checkpoint);
    redo[i] = { diff: diffGame(entry.checkpoint.game, entry.game), checkpoint };
    from = entry.game;
  }
  if (!externalize)
    return { format: SNAPSHOT_FORMAT, state: { ...state, history: [], redo: [] }, history, redo };
  const turnLog = splitChunks(state.turnLog, externalize);
  const chat = splitChunks(state.chat, externalize);
  const encoded: EncodedSnapshot = {
    format: SNAPSHOT_FORMAT,
    state: { ...state, history: [], redo: [], turnLog: turnLog.last, chat: chat.last },
    history,
    redo,
    chunks: { turnLog: turnLog.keys, chat: chat.keys },
  };
  return encoded;
}

function splitChunks<T>(chunks: readonly T[][], externalize: Externalize): { keys: string[]; last: T[][] } {
  const keys: string[] = [];
  for (let i = 0; i < chunks.length - 1; i++) keys.push(externalize(chunks[i]!));
  return { keys, last: chunks.length > 0 ? [chunks[chunks.length - 1]!] : [] };
}

function encodeCheckpoint(from: GameSnapshot, cp: Checkpoint): EncodedCheckpoint {
  return { label: cp.label, turnId: cp.turnId, diff: diffGame(from, cp.game) };
}

/** The changes that turn `from` into `to`. */
export function diffGame(from: GameSnapshot, to: GameSnapshot): Op[] {
  const ops: Op[] = [];
  diffInto(from, to, [], ops);
  return ops.length > MAX_OPS ? [[[], to]] : ops;
}

function diffInto(a: unknown, b: unknown, path: Key[], ops: Op[]): void {
  if (a === b) return;
  if (isObj(a) && isObj(b)) {
    const arrays = Array.isArray(a);
    if (arrays === Array.isArray(b)) {
      if (
        arrays
          ? diffArray(a as unknown[], b as unknown[], path, ops)
          : diffObject(a as Obj, b as Obj, path, ops)
      )
        return;
    }
  }
  ops.push([path.slice(), b]);
}

/**
 * Element by element when the length is the same. Otherwise (an item used up, a loot award
 * added) one splice of what lies between the longest common prefix and suffix, its new
 * elements written whole; false (write `b` whole) when nothing is common at either end.
 */
function diffArray(a: unknown[], b: unknown[], path: Key[], ops: Op[]): boolean {
  if (a.length === b.length) {
    for (let i = 0; i < b.length; i++) {
      if (a[i] === b[i]) continue;
      path.push(i);
      diffInto(a[i], b[i], path, ops);
      path.pop();
    }
    return true;
  }
  const min = Math.min(a.length, b.length);
  let head = 0;
  while (head < min && same(a[head], b[head])) head++;
  let tail = 0;
  while (tail < min - head && same(a[a.length - 1 - tail], b[b.length - 1 - tail])) tail++;
  if (head === 0 && tail === 0) return false;
  ops.push([path.slice(), head, a.length - head - tail, b.slice(head, b.length - tail)]);
  return true;
}

/**
 * Equal values, however shared: what `diffInto` finds no change between (by reference first;
 * structurally otherwise, so a rebuilt room's games give the same splices as the engine's).
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isObj(a) || !isObj(b)) return false;
  const ops: Op[] = [];
  diffInto(a, b, [], ops);
  return ops.length === 0;
}

/**
 * Key by key when decoding keeps the key order (`b`'s keys are `a`'s, some removed, new ones
 * after them); false: write `b` whole. An object of plain values with most of them changed
 * (a turn, a position) is written whole too: smaller than a change per key.
 */
function diffObject(a: Obj, b: Obj, path: Key[], ops: Op[]): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const start = ops.length;
  if (!sameKeys(ka, kb)) {
    const order: string[] = [];
    for (const k of ka) if (hasOwn(b, k)) order.push(k);
    for (const k of kb) if (!hasOwn(a, k)) order.push(k);
    if (!sameKeys(order, kb)) return false;
    for (const k of ka) if (!hasOwn(b, k) && a[k] !== undefined) ops.push([[...path, k]]);
  }
  let plain = true;
  for (const k of kb) {
    const av = hasOwn(a, k) ? a[k] : undefined;
    const bv = b[k];
    if (isObj(bv)) plain = false;
    if (av === bv) continue;
    path.push(k);
    if (bv === undefined) ops.push([path.slice()]);
    else diffInto(av, bv, path, ops);
    path.pop();
  }
  if (plain && path.length > 0 && (ops.length - start) * 2 > kb.length) {
    ops.length = start;
    return false;
  }
  return true;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A snapshot that is neither a full state nor a well-formed `EncodedSnapshot`. */
export class SnapshotFormatError extends Error {
  override readonly name = "SnapshotFormatError";
}

/**
 * The state a stored snapshot holds, to be validated with the engine's schema: a full state
 * (the format before this codec) as it is, an `EncodedSnapshot` decoded. Throws
 * `SnapshotFormatError` for an unknown format or a malformed encoding.
 */
export function decodeSnapshot(stored: unknown, chunks: ReadonlyMap<string, unknown> = new Map()): unknown {
  if (!isObj(stored) || !hasOwn(stored, "format")) return stored;
  const raw = stored as Obj;
  if (!READABLE_FORMATS.includes(raw.format))
    throw new SnapshotFormatError(`unknown snapshot format ${JSON.stringify(raw.format)?.slice(0, 40)}`);
  const state = raw.state;
  if (!isObj(state) || Array.isArray(state)) throw new SnapshotFormatError("snapshot has no state object");
  const s = state as Obj;
  if (!isEmptyList(s.history) || !isEmptyList(s.redo))
    throw new SnapshotFormatError("an encoded snapshot's state has history or redo entries");
  const history = list(raw.history, "history");
  const redo = list(raw.redo, "redo");
  const current = pickGame(state as GameSnapshot);
  const splices = raw.format !== 2;

  const checkpoints: Checkpoint[] = new Array<Checkpoint>(history.length);
  let from: GameSnapshot = current;
  for (let i = history.length - 1; i >= 0; i--) {
    const cp = decodeCheckpoint(from, history[i], `history[${i}]`, splices);
    checkpoints[i] = cp;
    from = cp.game;
  }
  const entries: RedoEntry[] = new Array<RedoEntry>(redo.length);
  from = current;
  for (let i = redo.length - 1; i >= 0; i--) {
    const e = redo[i];
    if (!isObj(e)) throw new SnapshotFormatError(`redo[${i}] is not an object`);
    const checkpoint = decodeCheckpoint(from, (e as Obj).checkpoint, `redo[${i}].checkpoint`, splices);
    const game = applyOps(checkpoint.game, (e as Obj).diff, `redo[${i}]`, splices);
    entries[i] = { game, checkpoint };
    from = game;
  }
  const out: Obj = { ...s, history: checkpoints, redo: entries };
  if (raw.chunks !== undefined) {
    if (!isObj(raw.chunks)) throw new SnapshotFormatError("chunks is not an object");
    const keys = raw.chunks as Obj;
    out.turnLog = joinChunks(keys.turnLog, s.turnLog, chunks, "turnLog");
    out.chat = joinChunks(keys.chat, s.chat, chunks, "chat");
  }
  return out;
}

/** The chunks stored apart (by key, from the store), then the inline last one. */
function joinChunks(
  keys: unknown,
  inline: unknown,
  chunks: ReadonlyMap<string, unknown>,
  name: string,
): unknown[] {
  const out: unknown[] = [];
  for (const key of list(keys, `chunks.${name}`)) {
    const chunk = typeof key === "string" ? chunks.get(key) : undefined;
    if (!Array.isArray(chunk))
      throw new SnapshotFormatError(`${name}: chunk ${String(key).slice(0, 40)} is missing`);
    out.push(chunk);
  }
  return [...out, ...list(inline, name)];
}

/** `decodeSnapshot` of what a store gave back: the state with the log chunks it names. */
export function decodeStored(snapshot: Pick<StoredSnapshot, "state" | "chunks">): unknown {
  return decodeSnapshot(snapshot.state, new Map((snapshot.chunks ?? []).map((c) => [c.key, c.entries])));
}

function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

function list(v: unknown, name: string): unknown[] {
  if (!Array.isArray(v)) throw new SnapshotFormatError(`${name} is not a list`);
  return v;
}

function decodeCheckpoint(from: GameSnapshot, v: unknown, where: string, splices: boolean): Checkpoint {
  if (!isObj(v)) throw new SnapshotFormatError(`${where} is not an object`);
  const { label, turnId, diff } = v as Obj;
  // label and turnId as stored: the engine's schema checks them with the rest.
  return { label, turnId, game: applyOps(from, diff, where, splices) } as Checkpoint;
}

/**
 * `base` with `ops` applied, copying only the containers on the changed paths (the rest is
 * `base`'s, shared). Containers copied here are changed in place by later ops. Splices only
 * with `splices` (format 3 on; a format-2 snapshot has none).
 */
export function applyOps(base: GameSnapshot, ops: unknown, where = "diff", splices = true): GameSnapshot {
  if (!Array.isArray(ops)) throw new SnapshotFormatError(`${where}: the changes are not a list`);
  const fresh = new Set<object>();
  let root: unknown = base;
  for (const op of ops) {
    if (
      !Array.isArray(op) ||
      (op.length !== 1 && op.length !== 2 && !(splices && op.length === 4)) ||
      !Array.isArray(op[0])
    )
      throw new SnapshotFormatError(`${where}: malformed change`);
    const path = op[0] as unknown[];
    const change: Change =
      op.length === 1
        ? REMOVE
        : op.length === 2
          ? { value: op[1] }
          : { start: op[1], count: op[2], items: op[3] };
    root = put(root, path, 0, change, fresh, where);
  }
  return root as GameSnapshot;
}

const REMOVE = Symbol("remove");

/** What an op does at the end of its path. */
type Change = typeof REMOVE | { value: unknown } | { start: unknown; count: unknown; items: unknown };

function put(
  node: unknown,
  path: unknown[],
  i: number,
  change: Change,
  fresh: Set<object>,
  where: string,
): unknown {
  if (i === path.length) {
    if (change === REMOVE) {
      if (i === 0) throw new SnapshotFormatError(`${where}: cannot remove the whole game`);
      return REMOVE;
    }
    if ("value" in change) return change.value;
    return splice(node, change, fresh, where);
  }
  if (!isObj(node)) throw new SnapshotFormatError(`${where}: a change goes through a plain value`);
  const key = path[i];
  const last = i === path.length - 1;
  if (Array.isArray(node)) {
    if (typeof key !== "number" || !Number.isInteger(key) || key < 0 || key >= node.length)
      throw new SnapshotFormatError(`${where}: bad list index`);
    const child = put(node[key], path, i + 1, change, fresh, where);
    if (child === REMOVE) throw new SnapshotFormatError(`${where}: cannot remove a list element`);
    const copy = fresh.has(node) ? (node as unknown[]) : node.slice();
    copy[key] = child;
    fresh.add(copy);
    return copy;
  }
  if (typeof key !== "string") throw new SnapshotFormatError(`${where}: bad key`);
  const o = node as Obj;
  const has = hasOwn(o, key);
  if (!last && !has) throw new SnapshotFormatError(`${where}: a change goes through a missing key`);
  const child = put(has ? o[key] : undefined, path, i + 1, change, fresh, where);
  if (child === REMOVE) {
    const copy: Obj = {};
    for (const k of Object.keys(o)) if (k !== key) define(copy, k, o[k]);
    fresh.add(copy);
    return copy;
  }
  const copy = fresh.has(o) ? o : { ...o };
  define(copy, key, child);
  fresh.add(copy);
  return copy;
}

/** `node` (a list) with a splice applied: a new list sharing the elements it keeps. */
function splice(
  node: unknown,
  { start, count, items }: { start: unknown; count: unknown; items: unknown },
  fresh: Set<object>,
  where: string,
): unknown[] {
  if (!Array.isArray(node)) throw new SnapshotFormatError(`${where}: a splice of something not a list`);
  if (
    typeof start !== "number" ||
    typeof count !== "number" ||
    !Number.isInteger(start) ||
    !Number.isInteger(count) ||
    start < 0 ||
    count < 0 ||
    start + count > node.length ||
    !Array.isArray(items)
  )
    throw new SnapshotFormatError(`${where}: malformed splice`);
  const out: unknown[] = [];
  for (let k = 0; k < start; k++) out.push(node[k]);
  for (const item of items) out.push(item);
  for (let k = start + count; k < node.length; k++) out.push(node[k]);
  fresh.add(out);
  return out;
}

/** `o[k] = v`, also for a key named `__proto__` (an own property, never the prototype). */
function define(o: Obj, k: string, v: unknown): void {
  if (k === "__proto__")
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}
