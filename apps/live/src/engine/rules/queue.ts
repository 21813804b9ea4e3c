import { castDraft } from "immer";
import { requireControl, requireEntity } from "../access";
import type { QueueTurnCommand } from "../commands";
import { Rejection, reject } from "../errors";
import { queueShownToPlayers, type TurnStep } from "../state";
import { log, type Tx } from "../tx";
import { takeTurn } from "./actions";
import { useItem } from "./items";
import { moveEntity } from "./movement";
import { interactObject } from "./objects";
import { finishTurn } from "./turns";

export function queueTurn(tx: Tx, c: QueueTurnCommand): void {
  const e = requireEntity(tx.s, c.entityId);
  requireControl(tx.s, tx.ctx.actor, e);
  if (c.steps.length === 0) {
    if (!tx.s.queued[e.id]) reject("BAD_STATE", `${e.name} has no queued turn to cancel.`);
    delete tx.s.queued[e.id];
    return;
  }
  tx.s.queued[e.id] = castDraft({
    by: tx.ctx.actor.userId,
    role: tx.ctx.actor.role,
    at: tx.ctx.now,
    steps: c.steps,
  });
}

/** Runs one step exactly as if its command had been sent for the current turn. */
export function runStep(tx: Tx, entityId: string, turnId: number, step: TurnStep): void {
  switch (step.kind) {
    case "move":
      return moveEntity(tx, { type: "moveEntity", turnId, entityId, path: step.path });
    case "action":
      return takeTurn(tx, {
        type: "takeTurn",
        turnId,
        entityId,
        actionId: step.actionId,
        targets: step.targets,
        ...(step.point ? { point: step.point } : {}),
      });
    case "useItem":
      return useItem(tx, {
        type: "useItem",
        turnId,
        entityId,
        itemId: step.itemId,
        ...(step.targetId ? { targetId: step.targetId } : {}),
      });
    case "interact":
      return interactObject(tx, { type: "interactObject", turnId, entityId, objectId: step.objectId });
  }
}

/**
 * A queued turn runs when its entity's turn starts, validated then with the rights of whoever
 * queued it. If a step is refused, the rest is dropped and the turn is left for manual play.
 */
export function runQueuedTurn(tx: Tx, entityId: string): void {
  const s = tx.s;
  const q = s.queued[entityId]!;
  delete s.queued[entityId];
  const turnId = s.turn!.id;
  const qtx: Tx = { ...tx, ctx: { actor: { userId: q.by, role: q.role }, now: tx.ctx.now } };
  for (const [i, step] of q.steps.entries()) {
    try {
      runStep(qtx, entityId, turnId, step);
    } catch (err) {
      if (!(err instanceof Rejection)) throw err;
      const e = s.entities[entityId];
      const why = `${e?.name ?? entityId}'s queued turn stopped at step ${i + 1}: ${err.message}`;
      tx.events.push({
        type: "notice",
        userIds: [q.by],
        message: `${why} Play the rest of the turn yourself.`,
      });
      // Also in the log, so an owner who was away or catching up reads it after a sync. Only a
      // player's plan for a PC the players see is theirs to read; the DM's plans (for an ally NPC
      // too) are checked with the DM's rights and may name what players must not see.
      log(tx, why, q.role !== "player" || !queueShownToPlayers(s, entityId));
      return;
    }
    // a step may have ended the fight for this entity (e.g. a trap dropped it)
    if (s.turn?.id !== turnId) return;
  }
  finishTurn(qtx, "taken");
}
