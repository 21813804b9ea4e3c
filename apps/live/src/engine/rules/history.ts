import { requireFlow } from "../access";
import { reject } from "../errors";
import type { Checkpoint, GameSnapshot, RedoEntry, Turn, TurnOutcome } from "../state";
import { pickGame, ROLLBACK_KEYS } from "../state";
import type { RedoCommand, RollbackCommand } from "../commands";
import { log, peekRoot, pushTurnLog, type Tx } from "../tx";
import { offerMakeUpsToThoseHere } from "./social";
import { isTimed, pushCheckpoint, staleTurn } from "./turns";

/**
 * A rollback or redo acts on whatever turn is current, so it names the one the DM saw when they
 * asked (null: no one had the turn); once the turn has moved on it is refused, like a late skip.
 */
function requireExpectedTurn(tx: Tx, turnId: number | null): void {
  const cur = peekRoot(tx, "turn");
  if ((cur?.id ?? null) === turnId) return;
  if (turnId !== null) staleTurn(tx, turnId);
  reject("STALE_TURN", `That was meant for when no one had the turn, but it is now turn ${cur!.id}.`);
}

/**
 * Puts `game` back exactly. Only the timer differs: a restored player turn gets a fresh one.
 * The log is not part of the game: it keeps what happened and says that it was rolled back.
 */
function restore(tx: Tx, game: GameSnapshot): void {
  const s = tx.s as unknown as Record<string, unknown>;
  for (const k of ROLLBACK_KEYS)
    if (k === "rng")
      tx.rng.state = game.rng; // the dice state is kept out of the draft (server-only)
    else if (s[k] !== game[k]) s[k] = k === "turn" && game.turn ? { ...game.turn } : game[k];
  const t = tx.s.turn;
  const e = t && tx.s.entities[t.entityId];
  if (t && e && isTimed(e)) {
    t.deadline = tx.ctx.now + tx.s.settings.turnTimeoutMs;
    tx.effects.push({ type: "setDeadline", at: t.deadline });
  } else tx.effects.push({ type: "clearDeadline" });
  const hidden = e?.hidden ? { dmOnly: true as const } : {};
  tx.events.push({ type: "turn", round: tx.s.round, turn: t ? { ...t } : null, ...hidden });
}

/**
 * Logs that `game` was restored to or from `cp`'s turn, and how `t` ended. Players get no
 * hidden entity's name: while it is hidden they read a neutral line, the DM a DM-only one.
 */
function logRestore(
  tx: Tx,
  game: GameSnapshot,
  cp: Checkpoint,
  say: (turn: string) => string,
  t: Turn | null,
  outcome: TurnOutcome,
): void {
  const id = cp.game.turn?.entityId;
  const hidden = id !== undefined && game.entities[id]?.hidden !== false;
  const text = say(cp.label);
  if (hidden) log(tx, say("a hidden creature's turn"));
  log(tx, text, hidden);
  pushTurnLog(tx, {
    at: tx.ctx.now,
    round: game.round,
    text,
    ...(hidden ? { dmOnly: true as const } : {}),
    ...(t ? { turn: { id: t.id, entityId: t.entityId, outcome, by: tx.ctx.actor.userId } } : {}),
  });
}

/**
 * Undo the last turn: drop the current turn's checkpoint and restore the start of the turn
 * before it exactly, so that entity plays again. Redo puts the undone state back.
 */
export function rollback(tx: Tx, c: RollbackCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "roll back a turn");
  requireExpectedTurn(tx, c.turnId);
  const before = tx.before;
  const top = before.history[before.history.length - 1];
  const prev = before.history[before.history.length - 2];
  if (!top || !prev) return reject("BAD_STATE", "There is no earlier turn to roll back to.");
  tx.srv.history = Object.freeze(before.history.slice(0, -1));
  const entry: RedoEntry = Object.freeze({ game: Object.freeze(pickGame(before)), checkpoint: top });
  tx.srv.redo = Object.freeze([...before.redo, entry]);
  restore(tx, prev.game);
  const say = (turn: string) => `The DM rolled back to the start of ${turn}.`;
  logRestore(tx, prev.game, prev, say, before.turn, "rolled_back");
  offerMakeUpsToThoseHere(tx, prev.game);
}

export function redo(tx: Tx, c: RedoCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "redo a turn");
  requireExpectedTurn(tx, c.turnId);
  const entry = tx.before.redo[tx.before.redo.length - 1];
  if (!entry) return reject("BAD_STATE", "There is nothing to redo.");
  tx.srv.redo = Object.freeze(tx.before.redo.slice(0, -1));
  tx.srv.history = pushCheckpoint(tx.before.history, entry.checkpoint);
  restore(tx, entry.game);
  logRestore(tx, entry.game, entry.checkpoint, (turn) => `The DM redid ${turn}.`, entry.game.turn, "redone");
  offerMakeUpsToThoseHere(tx, entry.game);
}
