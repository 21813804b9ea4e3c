import { z } from "zod";
import {
  Abilities,
  ActionDef,
  ConditionName,
  GameMap,
  Id,
  InteractionKind,
  Item,
  MapObject,
  Name,
  Position,
  Side,
  UserId,
} from "./setup";

/**
 * The whole state of one live interaction. `rng`, `history`, `redo`, `seq`, `chat` and
 * `turnLog` are server-only: `viewFor` never hands them to anyone (chat goes out per user via
 * `chatFor`). Everything is plain JSON so a snapshot is just this object.
 */

export const Status = z.enum(["lobby", "active", "awaiting_dm", "paused", "completed"]);
export type Status = z.infer<typeof Status>;

export const Condition = z.strictObject({
  name: ConditionName,
  /** Rounds left; one is taken off at the end of the bearer's turn (not the turn it was applied in). */
  rounds: z.int().min(1).max(100).optional(),
  /** Removed at the end of this entity's next turn. */
  endsWithTurnOf: Id.optional(),
  /** The turn it was applied in. */
  sinceTurn: z.int().min(0),
  source: Id.optional(),
});
export type Condition = z.infer<typeof Condition>;

export const Entity = z.strictObject({
  id: Id,
  name: Name,
  kind: z.enum(["pc", "npc", "monster"]),
  side: Side,
  ownerUserId: UserId.optional(),
  level: z.int(),
  xp: z.int(),
  hp: z.int(),
  maxHp: z.int(),
  tempHp: z.int().min(0),
  ac: z.int(),
  speed: z.int(),
  abilities: Abilities,
  position: Position,
  conditions: z.array(Condition),
  inventory: z.array(Item),
  actions: z.array(ActionDef),
  /** Uses left of limited actions, by action id. */
  usesLeft: z.record(z.string(), z.int().min(0)),
  /** Monsters and NPCs at 0 HP. */
  defeated: z.boolean(),
  /** PCs at 0 HP (healing brings them back). */
  unconscious: z.boolean(),
  /** Unknown to the players (never sent to them) until it acts. */
  hidden: z.boolean(),
  reactionUsed: z.literal(true).optional(),
  /** Neutral NPCs in a parley: +3 won over, -3 turned hostile. */
  attitude: z.int().min(-3).max(3).optional(),
});
export type Entity = z.infer<typeof Entity>;

export const Turn = z.strictObject({
  id: z.int().min(1),
  entityId: Id,
  startedAt: z.number(),
  /** Absolute server time the turn times out (player turns only). */
  deadline: z.number().optional(),
  /** While paused: what was left of the timer. */
  remainingMs: z.number().optional(),
  /** Absent while nothing has been done yet (pending). */
  status: z.literal("taken").optional(),
  actionUsed: z.literal(true).optional(),
  bonusUsed: z.literal(true).optional(),
  objectUsed: z.literal(true).optional(),
  dashed: z.literal(true).optional(),
  /** Feet moved so far. */
  moved: z.int().min(0).optional(),
  /** Who spent the action (so a second seat sending one gets a conflict, not "no action"). */
  actedBy: UserId.optional(),
  /** A make-up turn: the initiative order resumes after this entity. */
  makeUpFor: z.int().optional(),
  resumeAfter: Id.optional(),
});
export type Turn = z.infer<typeof Turn>;

/** A turn as players see it: whose turn it is stays secret while that entity is hidden. */
export type TurnView = Omit<Turn, "entityId"> & { entityId: string | null };

export const InitiativeEntry = z.strictObject({
  entityId: Id,
  initiative: z.int(),
  /**
   * A change the DM made during play, which takes effect when the next round begins: moving
   * someone within a round under way would cost the creatures it passes their turn, or give
   * someone a second one.
   */
  next: z.int().optional(),
  /**
   * The round this order began in, when changes made during the round before reordered it:
   * Backtrack does not cross back into that round, whose order is gone (rollback restores it).
   */
  since: z.int().optional(),
});
export type InitiativeEntry = z.infer<typeof InitiativeEntry>;

export const TurnStep = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("move"), path: z.array(Position).min(1).max(60) }),
  z.strictObject({
    kind: z.literal("action"),
    actionId: Id,
    targets: z.array(Id).max(10),
    point: Position.optional(),
  }),
  z.strictObject({ kind: z.literal("useItem"), itemId: Id, targetId: Id.optional() }),
  z.strictObject({ kind: z.literal("interact"), objectId: Id }),
]);
export type TurnStep = z.infer<typeof TurnStep>;

export const QueuedTurn = z.strictObject({
  by: UserId,
  role: z.enum(["dm", "player", "admin"]),
  at: z.number(),
  steps: z.array(TurnStep).min(1).max(6),
});
export type QueuedTurn = z.infer<typeof QueuedTurn>;

export const MissedTurn = z.strictObject({ entityId: Id, turnId: z.int(), round: z.int() });
export type MissedTurn = z.infer<typeof MissedTurn>;

export const LogEntry = z.strictObject({
  at: z.number(),
  round: z.int(),
  text: z.string(),
  /** Mentions something hidden from the players. */
  dmOnly: z.literal(true).optional(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const TurnOutcome = z.enum(["taken", "skipped", "timed_out", "rolled_back", "redone", "backtracked"]);
export type TurnOutcome = z.infer<typeof TurnOutcome>;

/** The full record kept for saving: every log line plus how each turn ended. */
export const TurnLogEntry = z.strictObject({
  at: z.number(),
  round: z.int(),
  text: z.string(),
  dmOnly: z.literal(true).optional(),
  turn: z.strictObject({ id: z.int(), entityId: Id, outcome: TurnOutcome, by: UserId.optional() }).optional(),
});
export type TurnLogEntry = z.infer<typeof TurnLogEntry>;

export const ChatChannel = z.enum(["party", "dm", "private"]);
export type ChatChannel = z.infer<typeof ChatChannel>;
export const ChatMessage = z.strictObject({
  id: z.int(),
  at: z.number(),
  from: UserId,
  channel: ChatChannel,
  text: z.string(),
  /** Everyone who may read it, the sender included. */
  recipients: z.array(UserId),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Presence = z.strictObject({ online: z.boolean(), at: z.number() });
export type Presence = z.infer<typeof Presence>;

export const LootAward = z.strictObject({ entityId: Id, item: Item });
export type LootAward = z.infer<typeof LootAward>;

export const Results = z.strictObject({
  winner: z.enum(["party", "enemy", "none"]),
  /** XP per PC entity id, from defeated monsters, shared equally. */
  xp: z.record(z.string(), z.int()),
  loot: z.array(LootAward),
  endedAt: z.number(),
  rounds: z.int(),
});
export type Results = z.infer<typeof Results>;

export const MapState = GameMap.omit({ objects: true }).extend({ objects: z.record(z.string(), MapObject) });
export type MapState = z.infer<typeof MapState>;

/** What rollback restores: the game — not the log (it says what happened, rollbacks included), chat, presence or version. */
export const ROLLBACK_KEYS = [
  "round",
  "order",
  "turn",
  "queued",
  "missed",
  "makeUps",
  "entities",
  "map",
  "loot",
  "rng",
] as const;

const gameShape = {
  round: z.int().min(0),
  order: z.array(InitiativeEntry),
  turn: Turn.nullable(),
  /** By entity id. */
  queued: z.record(z.string(), QueuedTurn),
  /** Turns that passed while their player was away. */
  missed: z.array(MissedTurn),
  /** Make-up turns scheduled to run right after the current one. */
  makeUps: z.array(MissedTurn),
  entities: z.record(z.string(), Entity),
  map: MapState,
  /** Items PCs took from chests. */
  loot: z.array(LootAward),
  /** mulberry32 state. */
  rng: z.int(),
};
export const GameSnapshot = z.strictObject(gameShape);
export type GameSnapshot = z.infer<typeof GameSnapshot>;

export const Checkpoint = z.strictObject({ label: z.string(), turnId: z.int(), game: GameSnapshot });
export type Checkpoint = z.infer<typeof Checkpoint>;

/** What redo puts back: the game as it was before the rollback, and the checkpoint it dropped. */
export const RedoEntry = z.strictObject({ game: GameSnapshot, checkpoint: Checkpoint });
export type RedoEntry = z.infer<typeof RedoEntry>;

export const InteractionState = z.strictObject({
  id: Id,
  name: Name,
  kind: InteractionKind,
  dmUserId: UserId,
  isTest: z.boolean(),
  status: Status,
  version: z.int().min(0),
  ...gameShape,
  /**
   * Recent log, one entry per command (plus one `dmOnly` entry), in chunks of `LIMITS.logChunk`
   * keyed by chunk number ("c2"), each keyed by sequence number ("e23"): appending copies one small chunk,
   * trimming drops a whole chunk (both one small patch). Read with `recentLog`.
   */
  log: z.record(z.string(), z.record(z.string(), LogEntry)),
  presence: z.record(z.string(), Presence),
  results: Results.nullable(),
  settings: z.strictObject({ turnTimeoutMs: z.int().min(1) }),
  // ---- server-only ----
  seq: z.strictObject({ turn: z.int(), log: z.int(), chat: z.int() }),
  /** Chunks of at most `LIMITS.chunk` (so appending copies one small array); read with `chatFor`. */
  chat: z.array(z.array(ChatMessage)),
  /** Chunks of at most `LIMITS.chunk`; read with `fullTurnLog`. */
  turnLog: z.array(z.array(TurnLogEntry)),
  history: z.array(Checkpoint),
  redo: z.array(RedoEntry),
});
export type InteractionState = z.infer<typeof InteractionState>;

/** In play: the fight or scene is running, with its DM or waiting for them. */
export const inPlay = (s: Pick<InteractionState, "status">): boolean =>
  s.status === "active" || s.status === "awaiting_dm";

/**
 * Away from the table: disconnected, or not there yet since the launch. A player's turn that
 * passes while they are away is missed, and made up when they come (rules/turns.ts).
 */
export const isAway = (presence: InteractionState["presence"], userId: string): boolean =>
  presence[userId]?.online !== true;

/** Players see a queued turn of a party-side entity they can see (the DM's plans stay secret). */
export const queueShownToPlayers = (s: Pick<InteractionState, "entities">, entityId: string): boolean => {
  const e = s.entities[entityId];
  return e !== undefined && e.side === "party" && !e.hidden;
};

export const SERVER_ONLY_KEYS = ["rng", "seq", "chat", "turnLog", "history", "redo", "version"] as const;

/**
 * Server-only keys `applyCommand` keeps out of the immer draft: they change without patches
 * (applying a command's patches to the old state gives the new state except these keys).
 * `version` and `rng` are set on the new state too: two patches fewer per command that every
 * viewer's filter dropped anyway.
 */
export const OUT_OF_DRAFT_KEYS = ["seq", "chat", "turnLog", "history", "redo", "version", "rng"] as const;

/** `log`: at least the last 50 recent-log entries (at most 60: whole chunks of 10 are dropped). */
export const LIMITS = { log: 50, logChunk: 10, turnLog: 2_000, chat: 1_000, history: 10, chunk: 40 } as const;

/**
 * Recent-log keys are not array indices ("c2", "e23"): V8 copies and freezes objects with
 * index-like keys about 10x slower, and the engine copies a chunk on every logged command.
 */
export const logChunkKey = (c: number): string => `c${c}`;
export const logEntryKey = (n: number): string => `e${n}`;
const keyNumber = (k: string): number => Number(k.slice(1));

/** The recent log oldest first, with each entry's sequence number (works on views too). */
export function recentLog<E extends LogEntry>(
  log: Record<string, Record<string, E>>,
): (E & { seq: number })[] {
  const out: (E & { seq: number })[] = [];
  const chunks = Object.keys(log).sort((a, b) => keyNumber(a) - keyNumber(b));
  for (const c of chunks) {
    const chunk = log[c]!;
    const keys = Object.keys(chunk).sort((a, b) => keyNumber(a) - keyNumber(b));
    for (const k of keys) out.push({ ...chunk[k]!, seq: keyNumber(k) });
  }
  return out;
}

/** The game part of a state (`ROLLBACK_KEYS`), as one object literal (one shape, no keyed stores). */
export const pickGame = (s: GameSnapshot): GameSnapshot => ({
  round: s.round,
  order: s.order,
  turn: s.turn,
  queued: s.queued,
  missed: s.missed,
  makeUps: s.makeUps,
  entities: s.entities,
  map: s.map,
  loot: s.loot,
  rng: s.rng,
});

/**
 * A shallow copy of a state as one object literal in `createInteraction`'s key order: what
 * immer's `{ ...base }` gives, but at a monomorphic site (immer's spread serves every shape,
 * ~25 ns a key there: ~0.7 µs for these 26). apply.ts gives it to the root draft.
 */
export const copyState = (s: InteractionState): InteractionState => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  dmUserId: s.dmUserId,
  isTest: s.isTest,
  status: s.status,
  version: s.version,
  round: s.round,
  order: s.order,
  turn: s.turn,
  queued: s.queued,
  missed: s.missed,
  makeUps: s.makeUps,
  entities: s.entities,
  map: s.map,
  log: s.log,
  loot: s.loot,
  rng: s.rng,
  presence: s.presence,
  results: s.results,
  settings: s.settings,
  seq: s.seq,
  chat: s.chat,
  turnLog: s.turnLog,
  history: s.history,
  redo: s.redo,
});

/** The chunks in one array (a loop: `flat()` of frozen arrays takes a slow path in V8, ~10x). */
function flatten<T>(chunks: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const c of chunks) for (const x of c) out.push(x);
  return out;
}
export const fullTurnLog = (s: Pick<InteractionState, "turnLog">): TurnLogEntry[] => flatten(s.turnLog);
export const fullChat = (s: Pick<InteractionState, "chat">): ChatMessage[] => flatten(s.chat);
