import type { Patch } from "immer";
import { blocksCell, cellKey, cellSet } from "./grid";
import type { EngineEvent } from "./result";
import type { Position } from "./setup";
import type {
  ChatMessage,
  Entity,
  InteractionState,
  LogEntry,
  MapState,
  QueuedTurn,
  Turn,
  TurnView,
} from "./state";
import { queueShownToPlayers, SERVER_ONLY_KEYS } from "./state";

/** The live server fans out per audience, not per connection; admins see what the DM sees. */
export type Audience = "dm" | "player";

type ServerOnly = (typeof SERVER_ONLY_KEYS)[number];
export type ViewState = Omit<InteractionState, ServerOnly | "turn"> & {
  turn: TurnView | null;
  /** DM only: whether rollback / redo would do something. */
  canRollback?: boolean;
  canRedo?: boolean;
};

const serverOnly = new Set<string>(SERVER_ONLY_KEYS);

const visibleEntity = (s: InteractionState, id: string): boolean => {
  const e = s.entities[id];
  return e !== undefined && !e.hidden;
};
/** Players see the turn masked while its entity, or the one a make-up turn resumes after, is hidden. */
const maskedTurn = (s: InteractionState): boolean =>
  s.turn !== null &&
  (!visibleEntity(s, s.turn.entityId) ||
    (s.turn.resumeAfter !== undefined && !visibleEntity(s, s.turn.resumeAfter)));
/** Whether the turn names one of `ids`: whose turn it is, or whom a make-up turn resumes after. */
const mentions = (t: Turn | null, ids: ReadonlySet<string>): boolean =>
  t !== null && (ids.has(t.entityId) || (t.resumeAfter !== undefined && ids.has(t.resumeAfter)));
const visibleObject = (s: InteractionState, id: string): boolean => {
  const o = s.map.objects[id];
  return o !== undefined && !o.hidden;
};

function filterRecord<T>(rec: Record<string, T>, keep: (k: string, v: T) => boolean): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k in rec) if (keep(k, rec[k]!)) out[k] = rec[k]!;
  return out;
}

type MapObject = MapState["objects"][string];
const visibleObjects = (map: MapState): Record<string, MapObject> =>
  filterRecord<MapObject>(map.objects, (_, o) => !o.hidden);
const NO_CELLS: readonly Position[] = [];

/**
 * The cells players read as wall though they cannot see what blocks them: where the engine's
 * `isWall` blocks only because of a hidden object (`blocksCell`: a secret door looks like wall;
 * a closed door, a chest or a lever blocks, a trap never), so not cells in `map.blocked` nor
 * ones a visible object blocks too. Sorted by row then column (equal sets are equal arrays).
 */
function hiddenWalls(map: MapState): readonly Position[] {
  let hidden: Map<number, Position> | undefined;
  let shown: Set<number> | undefined;
  for (const id in map.objects) {
    const o = map.objects[id]!;
    if (!blocksCell(o)) continue;
    if (o.hidden) (hidden ??= new Map()).set(cellKey(o.position), o.position);
    else (shown ??= new Set()).add(cellKey(o.position));
  }
  if (!hidden) return NO_CELLS;
  const walls = cellSet(map.blocked);
  const out: Position[] = [];
  for (const [k, p] of hidden) if (!walls.has(k) && !shown?.has(k)) out.push(p);
  return out.length > 0 ? out.sort((a, b) => a.y - b.y || a.x - b.x) : NO_CELLS;
}

const sameCells = (a: readonly Position[], b: readonly Position[]): boolean =>
  a.length === b.length && a.every((p, i) => p.x === b[i]!.x && p.y === b[i]!.y);

/** `map.blocked` as players see it: the walls, then the cells `hiddenWalls` adds. */
const playerBlocked = (map: MapState, walls: readonly Position[]): Position[] =>
  walls.length > 0 ? [...map.blocked, ...walls] : map.blocked;

/** A recent-log chunk without its DM-only entries (the same object when it has none). */
function publicChunk(chunk: Record<string, LogEntry>): Record<string, LogEntry> {
  for (const n in chunk) if (chunk[n]!.dmOnly) return filterRecord<LogEntry>(chunk, (_, l) => !l.dmOnly);
  return chunk;
}

/** The turn without the ids of hidden entities. */
function playerTurn(s: InteractionState, t: Turn): TurnView {
  const { resumeAfter, ...rest } = t;
  const view: TurnView = visibleEntity(s, t.entityId) ? rest : { ...rest, entityId: null };
  if (resumeAfter !== undefined && visibleEntity(s, resumeAfter)) view.resumeAfter = resumeAfter;
  return view;
}

/** The value of one top-level view key for players. */
function playerKey(s: InteractionState, key: string): unknown {
  switch (key) {
    case "entities":
      return filterRecord<Entity>(s.entities, (_, e) => !e.hidden);
    case "order":
      return s.order.filter((o) => visibleEntity(s, o.entityId));
    case "turn":
      return s.turn && maskedTurn(s) ? playerTurn(s, s.turn) : s.turn;
    case "queued":
      return filterRecord<QueuedTurn>(s.queued, (id) => queueShownToPlayers(s, id));
    case "log": {
      const out: Record<string, Record<string, LogEntry>> = {};
      for (const c in s.log) out[c] = publicChunk(s.log[c]!);
      return out;
    }
    case "map": {
      // what hides something that blocks movement reads as wall (the planner offers no way through)
      const objects = visibleObjects(s.map);
      return { ...s.map, blocked: playerBlocked(s.map, hiddenWalls(s.map)), objects };
    }
    default:
      return (s as unknown as Record<string, unknown>)[key];
  }
}

/** What an audience may see: never dice state, history, chat or the saved turn log; players never see hidden things. */
export function viewFor(s: InteractionState, audience: Audience): ViewState {
  const out: Record<string, unknown> = {};
  for (const k in s) {
    if (serverOnly.has(k)) continue;
    out[k] = audience === "dm" ? (s as unknown as Record<string, unknown>)[k] : playerKey(s, k);
  }
  if (audience === "dm") {
    out.canRollback = s.history.length >= 2;
    out.canRedo = s.redo.length > 0;
  }
  return out as ViewState;
}

/** The chat history `userId` may read. */
export const chatFor = (s: InteractionState, userId: string): ChatMessage[] => {
  const out: ChatMessage[] = [];
  for (const chunk of s.chat) for (const m of chunk) if (m.recipients.includes(userId)) out.push(m);
  return out;
};

/**
 * Filters a command's patches for an audience without re-diffing the state: server-only
 * paths are dropped, and for players a hidden entity or object coming into (or out of) view
 * becomes one add (or remove), and a change to the cells hidden objects block (`hiddenWalls`)
 * one replace of `map.blocked`. Applying the result to `viewFor(before)` gives `viewFor(after)`.
 */
export function filterPatches(
  patches: readonly Patch[],
  before: InteractionState,
  after: InteractionState,
  audience: Audience,
): Patch[] {
  const out: Patch[] = [];
  if (audience === "dm") {
    for (const p of patches) if (!serverOnly.has(String(p.path[0]))) out.push(p);
    if (before.history.length >= 2 !== after.history.length >= 2)
      out.push({ op: "replace", path: ["canRollback"], value: after.history.length >= 2 });
    if (before.redo.length > 0 !== after.redo.length > 0)
      out.push({ op: "replace", path: ["canRedo"], value: after.redo.length > 0 });
    return out;
  }
  // Created on first use: most commands replace no whole key and flip no one's visibility.
  let whole: Set<string> | undefined;
  let flipped: Set<string> | undefined;
  let shown: Set<string> | undefined;
  let orderTouched = false;
  let turnMasked = false;
  let turnKept = false;
  for (const p of patches) {
    // Indexed, not destructured: destructuring runs the array iterator for every patch.
    const path = p.path;
    const top = String(path[0]);
    const k1 = path[1];
    const k2 = path[2];
    if (serverOnly.has(top) || whole?.has(top)) continue;
    if (
      path.length === 1 &&
      (top === "entities" ||
        top === "order" ||
        top === "turn" ||
        top === "queued" ||
        top === "log" ||
        top === "map")
    ) {
      (whole ??= new Set()).add(top);
      continue;
    }
    switch (top) {
      case "entities": {
        const id = String(k1);
        const vb = visibleEntity(before, id);
        const va = visibleEntity(after, id);
        if (vb && va) out.push(p);
        else if (vb !== va && !flipped?.has(id)) {
          (flipped ??= new Set()).add(id);
          out.push(
            va
              ? { op: "add", path: ["entities", id], value: after.entities[id] }
              : { op: "remove", path: ["entities", id] },
          );
        }
        break;
      }
      case "order":
        orderTouched = true;
        break;
      case "turn": {
        if (maskedTurn(before) || maskedTurn(after)) turnMasked = true;
        else {
          // kept in place, so a player's delta reads like the DM's (one shared body) unless masked below
          out.push(p);
          turnKept = true;
        }
        break;
      }
      case "queued": {
        const vb = queueShownToPlayers(before, String(k1));
        const va = queueShownToPlayers(after, String(k1));
        if (vb && va) out.push(p);
        else if (vb !== va) (whole ??= new Set()).add("queued");
        break;
      }
      case "log": {
        // a whole chunk comes (without its DM-only entries) or goes; an entry only if public
        if (k2 === undefined) {
          if (p.op === "remove") out.push(p);
          else out.push({ ...p, value: publicChunk(p.value as Record<string, LogEntry>) });
          break;
        }
        const from = p.op === "remove" ? before : after;
        if (from.log[String(k1)]?.[String(k2)]?.dmOnly !== true) out.push(p);
        break;
      }
      case "map": {
        if (k1 !== "objects") {
          out.push(p);
          break;
        }
        if (k2 === undefined) {
          (whole ??= new Set()).add("map");
          break;
        }
        const id = String(k2);
        const vb = visibleObject(before, id);
        const va = visibleObject(after, id);
        if (vb && va) out.push(p);
        else if (vb !== va && !shown?.has(id)) {
          (shown ??= new Set()).add(id);
          out.push(
            va
              ? { op: "add", path: ["map", "objects", id], value: after.map.objects[id] }
              : { op: "remove", path: ["map", "objects", id] },
          );
        }
        break;
      }
      default:
        out.push(p);
    }
  }
  if (whole?.has("entities")) {
    orderTouched = true;
    turnMasked = true;
  }
  // someone appearing or vanishing changes the initiative order and maybe the turn and queue
  if (flipped) {
    orderTouched = true;
    if (mentions(before.turn, flipped) || mentions(after.turn, flipped)) turnMasked = true;
  }
  if ((flipped || whole?.has("entities")) && queueShownChanged(before, after))
    (whole ??= new Set()).add("queued");
  if (orderTouched && !whole?.has("order"))
    out.push({ op: "replace", path: ["order"], value: playerKey(after, "order") });
  // a masked or wholly replaced turn goes out as one replace: drop the parts kept in place
  const result =
    turnKept && (turnMasked || whole?.has("turn")) ? out.filter((p) => p.path[0] !== "turn") : out;
  if (turnMasked && !whole?.has("turn"))
    result.push({ op: "replace", path: ["turn"], value: playerKey(after, "turn") });
  // a hidden object that blocks (or no longer does: revealed, opened by a lever) changes the walls
  // players see; the objects are only looked at when they changed (unchanged ones are shared).
  // map.blocked itself is the setup's walls: no command writes it.
  if (!whole?.has("map") && before.map.objects !== after.map.objects) {
    const now = hiddenWalls(after.map);
    if (!sameCells(hiddenWalls(before.map), now))
      result.push({ op: "replace", path: ["map", "blocked"], value: playerBlocked(after.map, now) });
  }
  if (whole) for (const k of whole) result.push({ op: "replace", path: [k], value: playerKey(after, k) });
  return result;
}

/** Whether a queued turn came into or out of the players' view because its entity did. */
function queueShownChanged(before: InteractionState, after: InteractionState): boolean {
  for (const id in before.queued)
    if (queueShownToPlayers(before, id) !== queueShownToPlayers(after, id)) return true;
  for (const id in after.queued)
    if (queueShownToPlayers(before, id) !== queueShownToPlayers(after, id)) return true;
  return false;
}

/** The events an audience may receive (chat and notices still go only to their listed users). */
export function eventsFor(events: readonly EngineEvent[], audience: Audience): EngineEvent[] {
  if (audience === "dm") return [...events];
  const out: EngineEvent[] = [];
  for (const e of events) {
    if (e.type === "log" && e.entry.dmOnly) continue;
    if (e.type === "turn" && (e.dmOnly || e.turn?.resumeAfter !== undefined)) {
      const turn: TurnView | null = e.turn && (e.dmOnly ? { ...e.turn, entityId: null } : { ...e.turn });
      // an event cannot tell whether the entity a make-up turn resumes after is hidden (the view can)
      if (turn) delete turn.resumeAfter;
      out.push({ type: "turn", round: e.round, turn });
      continue;
    }
    out.push(e);
  }
  return out;
}
