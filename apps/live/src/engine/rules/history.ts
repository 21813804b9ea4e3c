import { requireFlow } from "../access";
import { reject } from "../errors";
import type { GameSnapshot, RedoEntry } from "../state";
import { pickGame, ROLLBACK_KEYS } from "../state";
import { log, pushTurnLog, type Tx } from "../tx";
import { isTimed, pushCheckpoint } from "./turns";

/**
 * Puts `game` back exactly. Only the timer differs: a restored player turn gets a fresh one.
 * The log is not part of the game: it keeps what happened and says that it was rolled back.
 */
function restore(tx: Tx, game: GameSnapshot, text: string): void {
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
  log(tx, text);
}

/**
 * Undo the last turn: drop the current turn's checkpoint and restore the start of the turn
 * before it exactly, so that entity plays again. Redo puts the undone state back.
 */
export function rollback(tx: Tx): void {
  requireFlow(tx.s, tx.ctx.actor, "roll back a turn");
  const before = tx.before;
  const top = before.history[before.history.length - 1];
  const prev = before.history[before.history.length - 2];
  if (!top || !prev) return reject("BAD_STATE", "There is no earlier turn to roll back to.");
  tx.srv.history = Object.freeze(before.history.slice(0, -1));
  const entry: RedoEntry = Object.freeze({ game: Object.freeze(pickGame(before)), checkpoint: top });
  tx.srv.redo = Object.freeze([...before.redo, entry]);
  const text = `The DM rolled back to the start of ${prev.label}.`;
  restore(tx, prev.game, text);
  const t = before.turn;
  pushTurnLog(tx, {
    at: tx.ctx.now,
    round: tx.s.round,
    text,
    ...(t
      ? { turn: { id: t.id, entityId: t.entityId, outcome: "rolled_back" as const, by: tx.ctx.actor.userId } }
      : {}),
  });
}

export function redo(tx: Tx): void {
  requireFlow(tx.s, tx.ctx.actor, "redo a turn");
  const entry = tx.before.redo[tx.before.redo.length - 1];
  if (!entry) return reject("BAD_STATE", "There is nothing to redo.");
  tx.srv.redo = Object.freeze(tx.before.redo.slice(0, -1));
  tx.srv.history = pushCheckpoint(tx.before.history, entry.checkpoint);
  const text = `The DM redid ${entry.checkpoint.label}.`;
  restore(tx, entry.game, text);
  const t = entry.game.turn;
  pushTurnLog(tx, {
    at: tx.ctx.now,
    round: tx.s.round,
    text,
    ...(t
      ? { turn: { id: t.id, entityId: t.entityId, outcome: "redone" as const, by: tx.ctx.actor.userId } }
      : {}),
  });
}
