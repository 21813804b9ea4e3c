import { castDraft, current, isDraft } from "immer";
import { indexIn, someIn } from "../arrays";
import { requireControl, requireEntity, requireFlow } from "../access";
import type { BacktrackTurnCommand, EndTurnCommand, SkipTurnCommand, TimeoutCommand } from "../commands";
import { reject } from "../errors";
import { isActive } from "../grid";
import type {
  Checkpoint,
  Entity,
  GameSnapshot,
  InteractionState,
  Turn,
  TurnOutcome,
  TurnView,
} from "../state";
import { isAway, LIMITS, ROLLBACK_KEYS, type InitiativeEntry } from "../state";
import { deepFreeze, log, peek, peekRoot, plain, pushTurnLog, snapshot, type Tx } from "../tx";
import { settlePendingInitiative } from "./initiative";
import { runQueuedTurn } from "./queue";

/** Player turns have a timer; DM-run turns do not. */
export const isTimed = (e: Entity): boolean => e.kind === "pc";

/** The current turn, read without drafting it (write through `tx.s.turn`). */
export function currentTurn(tx: Tx): Turn {
  const t = peekRoot(tx, "turn");
  if (!t) return reject("BAD_STATE", "No one has the turn right now.");
  return t;
}

/**
 * The checks every turn-bound command shares: the entity exists, the sender controls it, the
 * command was meant for the current turn, and it is that entity's turn.
 */
export function requireTurnOf(tx: Tx, entityId: string, turnId: number): { turn: Turn; entity: Entity } {
  const entity = requireEntity({ entities: plain(peekRoot(tx, "entities")) }, entityId);
  requireControl(tx.s, tx.ctx.actor, entity);
  const turn = plain(peekRoot(tx, "turn"));
  if (!turn) return reject("BAD_STATE", "No one has the turn right now.");
  if (turn.id !== turnId) staleTurn(tx, turnId, entityId);
  if (turn.entityId !== entityId) reject("NOT_YOUR_TURN", `It is not ${entity.name}'s turn.`);
  if (!isActive(entity)) reject("BAD_STATE", `${entity.name} is down and cannot act.`);
  return { turn, entity };
}

/** A command for a turn that is over: a conflict if that entity's turn already ended, else stale. */
export function staleTurn(tx: Tx, turnId: number, entityId?: string): never {
  const s = tx.s;
  const cur = s.turn;
  if (entityId) {
    const recent = tx.before.turnLog.slice(-2).flat();
    for (let i = recent.length - 1; i >= 0; i--) {
      const t = recent[i]?.turn;
      if (t && t.id === turnId && t.entityId === entityId) {
        const name = s.entities[entityId]?.name ?? entityId;
        return reject(
          "CONFLICT",
          `Too late: ${name}'s turn ${turnId} is already over (${t.outcome.replace("_", " ")}).`,
        );
      }
    }
  }
  const now = cur ? `it is now turn ${cur.id}` : "no turn is running";
  return reject("STALE_TURN", `That was meant for turn ${turnId}, but ${now}.`);
}

/** Spends the action (or bonus action) of the current turn; `checkCost` has vetted it. */
export function spend(tx: Tx, cost: "action" | "bonus" | "object"): void {
  const t = tx.s.turn!;
  if (cost === "action") {
    t.actionUsed = true;
    t.actedBy = tx.ctx.actor.userId;
  } else if (cost === "bonus") t.bonusUsed = true;
  else t.objectUsed = true;
  t.status = "taken";
}

/**
 * Saves the start of a turn for rollback. Deferred: if nothing changes the game after it in
 * this command, apply.ts takes the game from the finished (frozen) state, sharing its objects.
 */
function checkpoint(tx: Tx, label: string, turnId: number): void {
  settleCheckpoint(tx);
  tx.srv.pending = { label, turnId };
}

/** Copies the game out of the draft for a pending checkpoint, before anything changes it. */
export function settleCheckpoint(tx: Tx): void {
  const p = tx.srv.pending;
  if (!p) return;
  tx.srv.pending = null;
  const s = tx.s;
  const game = {} as Record<string, unknown>;
  for (const k of ROLLBACK_KEYS) {
    const v: unknown = s[k];
    // the turn may be a fresh object this command keeps changing: copy it
    game[k] =
      k === "rng"
        ? tx.rng.state
        : isDraft(v)
          ? current(v as object)
          : k === "turn" && v
            ? { ...(v as Turn) }
            : v;
  }
  tx.srv.history = pushCheckpoint(tx.srv.history, { ...p, game: deepFreeze(game as GameSnapshot) });
}

/** The history with `cp` appended, keeping the last `LIMITS.history` (a new frozen array). */
export function pushCheckpoint(history: readonly Checkpoint[], cp: Checkpoint): readonly Checkpoint[] {
  const kept = [...history]; // not slice(): see appendChunks
  if (kept.length >= LIMITS.history) kept.shift();
  kept.push(Object.freeze(cp));
  return Object.freeze(kept);
}

/** Makes `entityId` the current entity: fresh resources, timer, checkpoint, queued turn. */
export function beginTurn(tx: Tx, entityId: string, makeUp?: { forTurn: number; resumeAfter: string }): void {
  const s = tx.s;
  const e = peek(peekRoot(tx, "entities"), entityId);
  const hadDeadline = peekRoot(tx, "turn")?.deadline !== undefined;
  const turn: Turn = { id: ++tx.srv.seq.turn, entityId, startedAt: tx.ctx.now };
  if (makeUp) {
    turn.makeUpFor = makeUp.forTurn;
    turn.resumeAfter = makeUp.resumeAfter;
  }
  if (isTimed(e) && peekRoot(tx, "status") !== "paused") {
    turn.deadline = tx.ctx.now + peekRoot(tx, "settings").turnTimeoutMs;
    tx.effects.push({ type: "setDeadline", at: turn.deadline });
  } else if (hadDeadline) tx.effects.push({ type: "clearDeadline" });
  s.turn = turn;
  if (e.reactionUsed) delete s.entities[entityId]!.reactionUsed;
  tx.events.push(
    e.hidden
      ? { type: "turn", round: peekRoot(tx, "round"), turn: { ...turn }, dmOnly: true }
      : { type: "turn", round: peekRoot(tx, "round"), turn: { ...turn } },
  );
  if (makeUp) log(tx, `${e.name} takes a make-up turn (for missed turn ${makeUp.forTurn}).`, e.hidden);
  checkpoint(tx, `${e.name}'s turn`, turn.id);
  if (peekRoot(tx, "queued")[entityId]) {
    settleCheckpoint(tx); // the queued turn changes the game after the checkpoint
    runQueuedTurn(tx, entityId);
  }
}

/** Ends the current turn with `outcome`, expires conditions, and moves to the next turn. */
export function finishTurn(tx: Tx, outcome: TurnOutcome): void {
  const s = tx.s;
  const t = peekRoot(tx, "turn");
  if (!t) return;
  settleCheckpoint(tx);
  const e = peek(peekRoot(tx, "entities"), t.entityId);
  pushTurnLog(tx, {
    at: tx.ctx.now,
    round: peekRoot(tx, "round"),
    text: `${e.name}'s turn ${outcome.replace("_", " ")}`,
    ...(e.hidden ? { dmOnly: true as const } : {}),
    turn: { id: t.id, entityId: e.id, outcome, by: tx.ctx.actor.userId },
  });
  expireConditions(tx, t);
  if (
    (outcome === "skipped" || outcome === "timed_out") &&
    e.kind === "pc" &&
    e.ownerUserId &&
    isAway(peekRoot(tx, "presence"), e.ownerUserId)
  )
    s.missed.push({ entityId: e.id, turnId: t.makeUpFor ?? t.id, round: s.round });
  advance(tx, t);
}

function expireConditions(tx: Tx, t: Turn): void {
  for (const plainEnt of Object.values(plain(peekRoot(tx, "entities")))) {
    if (plainEnt.conditions.length === 0) continue;
    const bearer = plainEnt.id === t.entityId;
    if (!bearer && !someIn(plainEnt.conditions, (c) => c.endsWithTurnOf === t.entityId)) continue;
    const keep = [];
    let changed = false;
    for (let i = 0; i < plainEnt.conditions.length; i++) {
      const c = plainEnt.conditions[i]!;
      if (c.endsWithTurnOf === t.entityId) {
        changed = true;
        continue;
      }
      if (bearer && c.rounds !== undefined && c.sinceTurn !== t.id) {
        changed = true;
        if (c.rounds > 1) keep.push({ ...c, rounds: c.rounds - 1 });
        continue;
      }
      keep.push(c);
    }
    if (changed) tx.s.entities[plainEnt.id]!.conditions = keep; // drafted only when it changes
  }
}

/** Next turn: a scheduled make-up turn first, else the next active entity in initiative order. */
export function advance(tx: Tx, from: Turn): void {
  const s = tx.s;
  while (peekRoot(tx, "makeUps").length > 0) {
    const m = s.makeUps.shift()!;
    const ent = s.entities[m.entityId];
    if (ent && isActive(ent))
      return beginTurn(tx, ent.id, { forTurn: m.turnId, resumeAfter: from.resumeAfter ?? from.entityId });
  }
  const r = { order: plain(peekRoot(tx, "order")), entities: plain(peekRoot(tx, "entities")) };
  const order = r.order;
  const after = from.resumeAfter ?? from.entityId;
  const start = indexIn(order, (o) => o.entityId === after);
  for (let i = 1; i <= order.length; i++) {
    const j = start + i;
    if (j === order.length) {
      // wrapped past the last entity in initiative order: the round is over
      s.round += 1;
      snapshot(tx, "round_end");
      const settled = settlePendingInitiative(order, r, s.round);
      if (settled) {
        s.order = castDraft(deepFreeze(settled));
        return beginFirstActive(tx, settled, r.entities);
      }
    }
    const next = order[j % order.length];
    const ent = next && r.entities[next.entityId];
    if (ent && isActive(ent)) return beginTurn(tx, ent.id);
  }
  noTurn(tx);
}

function beginFirstActive(tx: Tx, order: readonly InitiativeEntry[], entities: InteractionState["entities"]) {
  for (const o of order) {
    const ent = entities[o.entityId];
    if (ent && isActive(ent)) return beginTurn(tx, ent.id);
  }
  noTurn(tx);
}

/** No one can act: the DM rolls back, backtracks or ends the interaction. */
function noTurn(tx: Tx): void {
  if (peekRoot(tx, "turn")?.deadline !== undefined) tx.effects.push({ type: "clearDeadline" });
  tx.s.turn = null;
  tx.events.push({ type: "turn", round: tx.s.round, turn: null });
}

export function endTurn(tx: Tx, c: EndTurnCommand): void {
  requireTurnOf(tx, c.entityId, c.turnId);
  finishTurn(tx, "taken");
}

export function skipTurn(tx: Tx, c: SkipTurnCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "skip a turn");
  const t = currentTurn(tx);
  if (t.id !== c.turnId) staleTurn(tx, c.turnId);
  const e = peek(peekRoot(tx, "entities"), t.entityId);
  log(tx, `The DM skipped ${e.name}'s turn.`, e.hidden);
  finishTurn(tx, "skipped");
}

export function timeout(tx: Tx, c: TimeoutCommand): void {
  const t = currentTurn(tx);
  if (t.id !== c.turnId) staleTurn(tx, c.turnId);
  if (t.deadline === undefined || tx.ctx.now < t.deadline)
    reject("BAD_STATE", "This turn has not run out of time.");
  const e = peek(peekRoot(tx, "entities"), t.entityId);
  log(tx, `${e.name}'s turn timed out.`, e.hidden);
  finishTurn(tx, "timed_out");
}

/**
 * Where `backtrackTurn` would move the pointer from `turn`: the entity whose turn it becomes and
 * the round, or null when it refuses (nothing earlier in round 1, no one earlier still
 * standing, or the round before had another order: see InitiativeEntry.since). Pure, so the
 * DM's table disables Backtrack exactly when the engine would refuse it.
 */
export function backtrackTarget(
  s: Pick<InteractionState, "order" | "round" | "entities">,
  turn: Pick<TurnView, "entityId" | "resumeAfter">,
): { entityId: string; round: number } | null {
  const from = turn.resumeAfter ?? turn.entityId;
  if (from === null) return null; // whose turn it is is hidden from this viewer: nothing to tell
  const order = s.order;
  const start = indexIn(order, (o) => o.entityId === from);
  let round = s.round;
  // a regular turn steps back from its own place, a make-up turn from just after `resumeAfter`
  for (let i = turn.resumeAfter === undefined ? 1 : 0; i < order.length; i++) {
    const j = start - i;
    if (j === -1) {
      // round 1 has none before it; a round whose order changed as it began keeps no copy of the old one
      if (round <= 1 || order[0]?.since === round) return null;
      round -= 1;
    }
    const prev = order[(j + order.length) % order.length];
    const ent = prev && s.entities[prev.entityId];
    if (ent && isActive(ent)) return { entityId: ent.id, round };
  }
  return null;
}

/**
 * Moves the pointer back one turn without undoing anything. A make-up turn came right after
 * `resumeAfter`'s turn, so that is the one before it; the make-up turn comes again after it.
 */
export function backtrackTurn(tx: Tx, c: BacktrackTurnCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "go back a turn");
  const s = tx.s;
  const t = currentTurn(tx);
  if (t.id !== c.turnId) staleTurn(tx, c.turnId);
  const to = backtrackTarget(
    { order: peekRoot(tx, "order"), round: s.round, entities: peekRoot(tx, "entities") },
    t,
  );
  if (!to)
    return reject(
      "BAD_STATE",
      peekRoot(tx, "order")[0]?.since === s.round
        ? "The initiative order changed as this round began, so Backtrack cannot go into the round before; roll back instead."
        : "There is no earlier turn to go back to.",
    );
  if (to.round !== s.round) s.round = to.round;
  const ent = s.entities[to.entityId]!;
  const e = s.entities[t.entityId]!;
  const hidden = ent.hidden || e.hidden;
  pushTurnLog(tx, {
    at: tx.ctx.now,
    round: s.round,
    text: `Back to ${ent.name}'s turn`,
    ...(hidden ? { dmOnly: true as const } : {}),
    turn: { id: t.id, entityId: e.id, outcome: "backtracked", by: tx.ctx.actor.userId },
  });
  log(tx, `The DM went back to ${ent.name}'s turn.`, hidden);
  if (t.makeUpFor !== undefined)
    s.makeUps.unshift({ entityId: t.entityId, turnId: t.makeUpFor, round: s.round });
  return beginTurn(tx, ent.id);
}
