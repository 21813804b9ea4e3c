import { enablePatches, Immer } from "immer";
import { Command, type CommandContext, type CommandType } from "./commands";
import { Rejection } from "./errors";
import type { ApplyResult, Effect, EngineEvent } from "./result";
import { Rng } from "./rng";
import { takeTurn } from "./rules/actions";
import { backtrackTurn, endTurn, finishTurn, pushCheckpoint, skipTurn, timeout } from "./rules/turns";
import { isActive } from "./grid";
import {
  end,
  hideShown,
  pause,
  resume,
  startClock,
  stopClock,
  revealHidden,
  rollInitiative,
  start,
  updateInitiative,
} from "./rules/flow";
import { rollback, redo } from "./rules/history";
import { equipItem, useItem } from "./rules/items";
import { moveEntity } from "./rules/movement";
import { interactObject } from "./rules/objects";
import { queueTurn } from "./rules/queue";
import { presence, sendChat, setAttitude } from "./rules/social";
import {
  copyState,
  fullChat,
  fullTurnLog,
  LIMITS,
  pickGame,
  type Checkpoint,
  type RedoEntry,
  type InteractionState,
  type Status,
} from "./state";
import {
  appendChunks,
  deepFreeze,
  draftState,
  flushLog,
  peek,
  peekRoot,
  primeCopy,
  type ServerSide,
  type Tx,
} from "./tx";

enablePatches();
/**
 * Our own instance, so nobody else's global immer settings change the engine's behaviour.
 * States are still deep-frozen: `withServerSide` freezes the new objects itself (stopping at
 * frozen ones), a little cheaper than immer's autoFreeze walk (measured 1.03-1.04x).
 */
const immer = new Immer({ autoFreeze: false, useStrictIteration: false });

type Handler = (tx: Tx, c: never) => void;
const handlers: Record<CommandType, Handler> = {
  start,
  pause,
  resume,
  end,
  rollInitiative,
  updateInitiative,
  takeTurn,
  moveEntity,
  useItem,
  equipItem,
  interactObject,
  endTurn,
  queueTurn,
  skipTurn,
  backtrackTurn,
  rollback,
  redo,
  reveal: revealHidden,
  hide: hideShown,
  setAttitude,
  timeout,
  stopClock,
  startClock,
  sendChat,
  presence,
};

const PLAY: Status[] = ["active", "awaiting_dm"];
/** In which statuses each command makes sense. */
const allowed: Record<CommandType, Status[]> = {
  start: ["lobby"],
  pause: PLAY,
  resume: ["paused"],
  end: ["lobby", "active", "awaiting_dm", "paused"],
  rollInitiative: ["lobby"],
  updateInitiative: ["lobby", ...PLAY],
  takeTurn: PLAY,
  moveEntity: PLAY,
  useItem: PLAY,
  equipItem: ["lobby", ...PLAY],
  interactObject: PLAY,
  endTurn: PLAY,
  queueTurn: ["lobby", ...PLAY],
  skipTurn: PLAY,
  backtrackTurn: PLAY,
  rollback: PLAY,
  redo: PLAY,
  reveal: ["lobby", ...PLAY],
  hide: ["lobby", ...PLAY],
  // lobby too: the DM may set an NPC's starting mood before the first turn (setup has no attitude)
  setAttitude: ["lobby", ...PLAY],
  timeout: PLAY,
  stopClock: PLAY,
  startClock: PLAY,
  sendChat: ["lobby", ...PLAY],
  presence: ["lobby", ...PLAY, "paused"],
};
/** Commands that leave the game (and so the redo stack) alone. */
const KEEPS_REDO = new Set<CommandType>([
  "rollback",
  "redo",
  "sendChat",
  "presence",
  "stopClock",
  "startClock",
]);

const statusText: Record<Status, string> = {
  lobby: "has not started yet",
  active: "is running",
  awaiting_dm: "is waiting for the DM",
  paused: "is paused",
  completed: "is over",
};

const EMPTY: readonly never[] = Object.freeze([]);

/** `v` deep-frozen if the command replaced it (module level: tsx names inner arrows on every call). */
const f = <T>(v: T, old: unknown): T => (v === old ? v : deepFreeze(v));

/**
 * The produced state plus the server-only keys kept out of the draft (no patches for them:
 * they never reach a viewer). Unchanged keys keep their old (shared, frozen) values.
 */
function withServerSide(
  before: InteractionState,
  produced: InteractionState,
  srv: ServerSide,
  rng: number,
): InteractionState {
  let history = srv.history;
  if (srv.pending) {
    const { label, turnId } = srv.pending;
    const game = pickGame(produced);
    game.rng = rng;
    history = pushCheckpoint(history, { label, turnId, game: Object.freeze(game) });
  }
  const q = srv.seq;
  const p = before.seq;
  const changed = q.turn !== p.turn || q.log !== p.log || q.chat !== p.chat;
  // One object literal (one hidden class for every state, unlike immer's generic copy) in the
  // order createInteraction uses; only the keys this command replaced need freezing.
  const b = before;
  const o = produced;
  return Object.freeze({
    id: o.id,
    name: o.name,
    kind: o.kind,
    dmUserId: o.dmUserId,
    isTest: o.isTest,
    status: o.status,
    version: b.version + 1,
    round: o.round,
    order: f(o.order, b.order),
    turn: f(o.turn, b.turn),
    queued: f(o.queued, b.queued),
    missed: f(o.missed, b.missed),
    makeUps: f(o.makeUps, b.makeUps),
    entities: f(o.entities, b.entities),
    map: f(o.map, b.map),
    log: f(o.log, b.log),
    loot: f(o.loot, b.loot),
    rng,
    presence: f(o.presence, b.presence),
    results: f(o.results, b.results),
    settings: f(o.settings, b.settings),
    seq: changed ? Object.freeze(q) : p,
    chat: appendChunks(b.chat, deepFreeze(srv.chat), LIMITS.chat),
    turnLog: appendChunks(b.turnLog, deepFreeze(srv.turnLog), LIMITS.turnLog),
    history: history as Checkpoint[],
    redo: srv.redo as RedoEntry[],
  });
}

/**
 * Applies one command. Accepted: the new state (version + 1), its change as immer patches,
 * events for the table and effects for the room. Rejected: a typed error, state untouched.
 * The command is checked against the `Command` schema first.
 */
export function applyCommand(state: InteractionState, command: Command, ctx: CommandContext): ApplyResult {
  const parsed = Command.safeParse(command);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: "INVALID_COMMAND",
        message: `Invalid command: ${issue ? `${issue.path.join(".") || "command"}: ${issue.message}` : "malformed"}`,
      },
    };
  }
  return applyValidCommand(state, parsed.data, ctx);
}

/**
 * `applyCommand` for a command already parsed with the `Command` schema (the live server's
 * tRPC inputs are those schemas), so the hot path does not parse it twice.
 */
export function applyValidCommand(state: InteractionState, cmd: Command, ctx: CommandContext): ApplyResult {
  if (!allowed[cmd.type].includes(state.status))
    return {
      ok: false,
      error: {
        code: "BAD_STATE",
        message: `You cannot do that now: the interaction ${statusText[state.status]}.`,
      },
    };
  const events: EngineEvent[] = [];
  const effects: Effect[] = [];
  const srv: ServerSide = {
    seq: { ...state.seq },
    history: state.history,
    redo: KEEPS_REDO.has(cmd.type) || state.redo.length === 0 ? state.redo : EMPTY,
    turnLog: [],
    chat: [],
    pending: null,
  };
  try {
    const rng = new Rng(state.rng);
    const [produced, patches] = immer.produceWithPatches(state, (draft) => {
      const root = draftState(draft);
      primeCopy(root, copyState); // nearly every command drafts a root key, which copies the root
      const tx: Tx = {
        s: draft,
        before: state,
        ctx,
        rng,
        events,
        effects,
        lines: [],
        outcomes: [],
        srv,
        root,
      };
      (handlers[cmd.type] as (tx: Tx, c: Command) => void)(tx, cmd);
      // an entity that went down on its own turn (a trap, an opportunity attack) is done
      for (
        let guard = 0;
        guard < 100 && (peekRoot(tx, "status") === "active" || peekRoot(tx, "status") === "awaiting_dm");
        guard++
      ) {
        const turn = peekRoot(tx, "turn");
        const e = turn && peek(peekRoot(tx, "entities"), turn.entityId);
        if (!e || isActive(e)) break;
        finishTurn(tx, "taken");
      }
      flushLog(tx);
    });
    // A command that changed nothing in the game keeps the redo stack: it has no patches, so
    // the room sends no delta, and the DM's canRedo flag (sent with a delta) must stay true.
    if (patches.length === 0) srv.redo = state.redo;
    const next = withServerSide(state, produced, srv, rng.state);
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      if (e.type === "close" && e.reason === "completed")
        effects[i] = { ...e, finalState: next, turnLog: fullTurnLog(next), chatLog: fullChat(next) };
    }
    return { ok: true, state: next, patches, events, effects };
  } catch (err) {
    if (err instanceof Rejection) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
}
