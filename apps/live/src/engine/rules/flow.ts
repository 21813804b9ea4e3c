import { castDraft } from "immer";
import { requireControl, requireEntity, requireFlow, runsFlow } from "../access";
import type { HideCommand, RevealCommand, RollInitiativeCommand, UpdateInitiativeCommand } from "../commands";
import { reject } from "../errors";
import { isActive } from "../grid";
import type { MapObject } from "../setup";
import type { Entity, InitiativeEntry, InteractionState } from "../state";
import { deepFreeze, log, peekRoot, plain, snapshot, type Tx } from "../tx";
import { has, removeCondition } from "./combat";
import { computeResults } from "./outcome";
import { offerMakeUpsToThoseHere } from "./social";
import { sortOrder } from "./initiative";
import { beginTurn } from "./turns";

function roll(tx: Tx, onlyMissing: boolean, npcsOnly: boolean): void {
  const s = tx.s;
  // read without drafting: iterating the draft's entities would draft every one of them
  const ents = plain(peekRoot(tx, "entities"));
  const have = new Map(plain(peekRoot(tx, "order")).map((o) => [o.entityId, o.initiative]));
  const next: InitiativeEntry[] = [];
  for (const e of Object.values(ents)) {
    const keep = have.get(e.id);
    const reroll = keep === undefined || (!onlyMissing && (!npcsOnly || e.kind !== "pc"));
    const initiative = reroll ? tx.rng.die(20) + e.abilities.dex : keep;
    next.push({ entityId: e.id, initiative });
  }
  const order = sortOrder(next, { entities: ents });
  s.order = castDraft(deepFreeze(order)); // frozen first: immer need not walk it when finalising
  log(
    tx,
    `Initiative: ${order
      .filter((o) => !ents[o.entityId]?.hidden)
      .map((o) => `${ents[o.entityId]?.name} ${o.initiative}`)
      .join(", ")}.`,
  );
}

export function rollInitiative(tx: Tx, c: RollInitiativeCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "roll initiative");
  roll(tx, false, c.scope === "npcs");
}

export function updateInitiative(tx: Tx, c: UpdateInitiativeCommand): void {
  const s = tx.s;
  const e = requireEntity(s, c.entityId);
  // players enter their own PC's roll before the fight; the DM may set anyone's at any time
  // (a player reordering mid-round could take a second turn in it)
  if (e.kind !== "pc" || !runsFlow(s, tx.ctx.actor)) {
    if (e.kind !== "pc") requireFlow(s, tx.ctx.actor, "set a creature's initiative");
    else if (s.status !== "lobby")
      requireFlow(s, tx.ctx.actor, "change initiative once the interaction has started");
    else requireControl(s, tx.ctx.actor, e);
  }
  const order = plain(peekRoot(tx, "order"));
  const entry = order.find((o) => o.entityId === e.id);
  if (s.status !== "lobby" && entry) {
    // this round keeps its order (see InitiativeEntry.next); the new one starts with the next
    const changed = c.initiative !== entry.initiative;
    const pending = order.map((o) =>
      o !== entry
        ? o
        : { entityId: o.entityId, initiative: o.initiative, ...(changed ? { next: c.initiative } : {}) },
    );
    s.order = castDraft(deepFreeze(pending));
    log(
      tx,
      changed
        ? `${e.name}'s initiative becomes ${c.initiative} from round ${s.round + 1}.`
        : `${e.name}'s initiative stays ${c.initiative}.`,
      e.hidden,
    );
    return;
  }
  const rest = order.filter((o) => o.entityId !== e.id);
  rest.push({ entityId: e.id, initiative: c.initiative });
  s.order = castDraft(deepFreeze(sortOrder(rest, { entities: plain(peekRoot(tx, "entities")) })));
  log(tx, `${e.name}'s initiative is now ${c.initiative}.`, e.hidden);
}

export function start(tx: Tx): void {
  const s = tx.s;
  requireFlow(s, tx.ctx.actor, "start the interaction");
  const ents = plain(peekRoot(tx, "entities"));
  if (peekRoot(tx, "order").length < Object.keys(ents).length) roll(tx, true, false);
  const first = plain(peekRoot(tx, "order")).find((o) => {
    const e = ents[o.entityId];
    return e !== undefined && isActive(e);
  });
  if (!first) return reject("BAD_STATE", "No one is able to act, so the interaction cannot start.");
  s.status = "active";
  s.round = 1;
  log(tx, "The interaction begins.");
  beginTurn(tx, first.entityId);
}

/** The player's turn keeps the time it has left; false when no turn clock was running. */
function freezeTurnClock(tx: Tx): boolean {
  const t = tx.s.turn;
  if (t?.deadline === undefined) return false;
  t.remainingMs = Math.max(0, t.deadline - tx.ctx.now);
  delete t.deadline;
  tx.effects.push({ type: "clearDeadline" });
  return true;
}

/** The player's turn runs again with the time it kept; false when none was kept. */
function thawTurnClock(tx: Tx): boolean {
  const t = tx.s.turn;
  if (t?.remainingMs === undefined) return false;
  t.deadline = tx.ctx.now + t.remainingMs;
  delete t.remainingMs;
  tx.effects.push({ type: "setDeadline", at: t.deadline });
  return true;
}

export function pause(tx: Tx): void {
  const s = tx.s;
  requireFlow(s, tx.ctx.actor, "pause");
  s.status = "paused";
  freezeTurnClock(tx);
  log(tx, "The DM paused the interaction.");
  snapshot(tx, "pause");
  tx.effects.push({ type: "close", reason: "paused" });
}

export function resume(tx: Tx): void {
  const s = tx.s;
  requireFlow(s, tx.ctx.actor, "resume");
  s.status =
    s.presence[s.dmUserId]?.online === false && tx.ctx.actor.userId !== s.dmUserId ? "awaiting_dm" : "active";
  thawTurnClock(tx);
  log(tx, "The interaction resumes.");
  offerMakeUpsToThoseHere(tx, tx.before);
}

/** The server is stopping (the room's own command): the turn's clock stops, in play. */
export function stopClock(tx: Tx): void {
  if (!freezeTurnClock(tx)) reject("BAD_STATE", "No turn clock is running.");
}

/** The room was rebuilt by the next server (the room's own command): the clock runs again. */
export function startClock(tx: Tx): void {
  if (!thawTurnClock(tx)) reject("BAD_STATE", "No turn clock was stopped.");
}

/** A lost parley failed, however it was lost (the web's results say so too: outcome-text.ts). */
function overLine(kind: InteractionState["kind"], winner: "party" | "enemy" | "none"): string {
  if (winner === "none") return "The interaction is over.";
  if (winner === "party") return "The interaction is over: the party wins.";
  return kind === "social"
    ? "The interaction is over: the parley has failed."
    : "The interaction is over: the party is defeated.";
}

export function end(tx: Tx): void {
  const s = tx.s;
  requireFlow(s, tx.ctx.actor, "end the interaction");
  if (s.turn?.deadline !== undefined) tx.effects.push({ type: "clearDeadline" });
  s.turn = null;
  s.queued = {};
  s.status = "completed";
  const results = computeResults(
    { kind: s.kind, round: s.round, entities: plain(s.entities), map: plain(s.map), loot: plain(s.loot) },
    tx.ctx.now,
  );
  s.results = castDraft(deepFreeze(results)); // frozen first: immer need not walk it when finalising
  log(tx, overLine(s.kind, results.winner));
  snapshot(tx, "complete");
  // finalState, turnLog and chatLog are filled in by applyCommand from the finished state
  tx.effects.push({
    type: "close",
    reason: "completed",
    results,
    finalState: null as never,
    turnLog: [],
    chatLog: [],
  });
}

/**
 * What `reveal` and `hide` act on: the entity or map object called `c.id` (`of` picks when both
 * share the id), the entity unless only the object is one the command can change.
 */
function creatureOrObject(
  tx: Tx,
  c: RevealCommand | HideCommand,
  entityFits: (e: Entity) => boolean,
  objectFits: (o: MapObject) => boolean,
): { e: Entity; o?: undefined } | { e?: undefined; o: MapObject } {
  // read from the state before the command: nothing has changed yet, and no draft is made
  const e = c.of === "object" ? undefined : tx.before.entities[c.id];
  const o = c.of === "entity" ? undefined : tx.before.map.objects[c.id];
  if (e && (entityFits(e) || !o || !objectFits(o))) return { e };
  if (!o) return reject("INVALID_TARGET", `There is no creature or object called ${c.id} here.`);
  return { o };
}

/**
 * The DM shows the players a hidden creature (a DM-secret one, or one that took the Hide action:
 * both are cleared) or a hidden map object, at any time the interaction is open; no turn needed.
 * Players get it whole in their delta (view.ts) and can target or use it from then on.
 */
export function revealHidden(tx: Tx, c: RevealCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "reveal hidden creatures and objects");
  const entityHidden = (e: Entity) => e.hidden || has(e, "hidden");
  const { e, o } = creatureOrObject(tx, c, entityHidden, (o) => o.hidden === true);
  if (e) {
    if (!entityHidden(e))
      return reject("BAD_STATE", `${e.name} is not hidden: the players can already see them.`);
    const d = tx.s.entities[e.id]!;
    removeCondition(d, "hidden");
    if (d.hidden) d.hidden = false;
    log(tx, `The DM reveals ${e.name}.`);
    return;
  }
  if (!o.hidden) return reject("BAD_STATE", `The ${o.name} is not hidden: the players can already see it.`);
  tx.s.map.objects[o.id]!.hidden = false;
  log(tx, `The DM reveals the ${o.name}.`);
}

/**
 * `reveal`'s inverse: the DM hides a creature or map object from the players again, at any time
 * the interaction is open; no turn needed. Players get it removed in their delta (view.ts: a
 * blocking object's cell reads as wall, a hidden creature's turn is masked); the line is DM-only.
 * A player character is never hidden (its player must see it); a creature keeps its conditions,
 * and shows itself again when it acts (combat.ts `reveal`). Defeated creatures may go too.
 */
export function hideShown(tx: Tx, c: HideCommand): void {
  requireFlow(tx.s, tx.ctx.actor, "hide creatures and objects from the players");
  const { e, o } = creatureOrObject(
    tx,
    c,
    (e) => e.kind !== "pc" && !e.hidden,
    (o) => !o.hidden,
  );
  if (e) {
    if (e.kind === "pc")
      return reject("INVALID_TARGET", `${e.name} is a player character: their player must see them.`);
    if (e.hidden) return reject("BAD_STATE", `${e.name} is already hidden from the players.`);
    tx.s.entities[e.id]!.hidden = true;
    log(tx, `The DM hides ${e.name} from the players.`, true);
    return;
  }
  if (o.hidden) return reject("BAD_STATE", `The ${o.name} is already hidden from the players.`);
  tx.s.map.objects[o.id]!.hidden = true;
  log(tx, `The DM hides the ${o.name} from the players.`, true);
}
