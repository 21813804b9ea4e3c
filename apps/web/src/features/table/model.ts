import {
  CELL_FEET,
  CHECK_RANGE_FT,
  distanceFeet,
  inPlay,
  isActive,
  isStunned,
  reachableCells,
  recentLog,
  winner,
  type ActionDef,
  type Entity,
  type Item,
  type MapObject,
  type Position,
  type ReachableCell,
  type ViewState,
} from "@roundtable/live/engine";
import { controlsEntity } from "../../live-state/announce";
import type { SeatRole } from "../../live-state/live-store";
import { outcomeNowText } from "../interactions/outcome-text";

/** Pure reads of the viewer's state for the table screens (the server still decides everything). */

// Grid rules come from the engine, so the table shows exactly what the server will accept.
export { CELL_FEET, distanceFeet, isActive };
export const key = (p: Position): string => `${p.x},${p.y}`;
/** A cell as the map names it to people: column, row, counted from 1. */
export const cellText = (p: Position): string => `${p.x + 1}, ${p.y + 1}`;
export const hostile = (a: Entity, b: Entity): boolean =>
  (a.side === "party" && b.side === "enemy") || (a.side === "enemy" && b.side === "party");
/** The engine's: the fight or scene is running, with its DM or waiting for them. */
export { inPlay };

export type Seat = { userId: string | null; role: SeatRole | null };

/** Runs the table's flow: its DM, or an admin at a test table. */
export const runsTable = (v: Pick<ViewState, "isTest">, seat: Seat): boolean =>
  seat.role === "dm" || (seat.role === "admin" && v.isTest);

export const controls = (v: ViewState, seat: Seat, entityId: string | null): boolean =>
  controlsEntity(v, seat.userId, seat.role, entityId);

/** The entity whose turn it is, if this seat plays it and the interaction is running. */
export function myTurnEntity(v: ViewState, seat: Seat): Entity | null {
  if (!inPlay(v) || !v.turn?.entityId) return null;
  return controls(v, seat, v.turn.entityId) ? (v.entities[v.turn.entityId] ?? null) : null;
}

/** The characters this seat plays (players: their PCs; DM: NPCs and monsters). */
export const myEntities = (v: ViewState, seat: Seat): Entity[] =>
  Object.values(v.entities).filter((e) => controls(v, seat, e.id));

export type Resources = {
  action: boolean;
  bonus: boolean;
  movementFt: number;
  reaction: boolean;
  objectFree: boolean;
};

export function resourcesLeft(v: ViewState, e: Entity): Resources {
  const t = v.turn;
  const mine = t?.entityId === e.id;
  return {
    action: mine ? !t.actionUsed : false,
    bonus: mine ? !t.bonusUsed : false,
    movementFt: mine ? Math.max(0, e.speed * (t.dashed ? 2 : 1) - (t.moved ?? 0)) : 0,
    reaction: !e.reactionUsed,
    objectFree: mine ? !t.objectUsed : false,
  };
}

export type Availability = { ok: boolean; why?: string };

/** Why a control is disabled, for its name: " (no action left)"; nothing when it is not. */
export const whyText = (a: Availability): string => (a.ok ? "" : ` (${a.why})`);

const STUNNED: Availability = { ok: false, why: "stunned" };

function costLeft(cost: "action" | "bonus", r: Resources): Availability {
  if (cost === "action" && !r.action) return { ok: false, why: "no action left" };
  if (cost === "bonus" && !r.bonus) return { ok: false, why: "no bonus action left" };
  return { ok: true };
}

/** What an action spends, and whether that is still there this turn. */
export function actionAvailable(e: Entity, a: ActionDef, r: Resources): Availability {
  if (isStunned(e)) return STUNNED;
  const cost = costLeft(a.cost ?? "action", r);
  if (!cost.ok) return cost;
  if (a.uses !== undefined && (e.usesLeft[a.id] ?? 0) <= 0) return { ok: false, why: "no uses left" };
  if (a.kind === "attack" && a.weaponId) {
    const w = e.inventory.find((i) => i.id === a.weaponId);
    if (!w || w.type !== "weapon" || !w.equipped) return { ok: false, why: "weapon not equipped" };
  }
  return { ok: true };
}

/** Using a consumable spends its cost: the action unless the item says bonus (the engine's `useItem`). */
export function itemUsable(e: Entity, item: Item, r: Resources): Availability {
  if (item.type !== "consumable") return { ok: false, why: "not usable" };
  if (isStunned(e)) return STUNNED;
  if (item.charges <= 0) return { ok: false, why: "no charges left" };
  return costLeft(item.cost ?? "action", r);
}

/**
 * Interacting with an object, and equipping or stowing, takes the turn's one free object
 * interaction, then the action (the engine's `interactObject` and `equipItem`).
 */
export function interactionAvailable(e: Entity, r: Resources): Availability {
  if (isStunned(e)) return STUNNED;
  if (!r.objectFree && !r.action) return { ok: false, why: "free interaction and action used" };
  return { ok: true };
}

/** `min` 0: the target is optional (a check may name the creature it is meant to sway). */
export type TargetSpec =
  | { kind: "none" }
  | { kind: "entities"; min: 0 | 1; max: number; side: "enemy" | "ally" | "any" }
  | { kind: "point"; radius: number };

export function targetSpec(a: ActionDef): TargetSpec {
  switch (a.kind) {
    case "attack":
      return { kind: "entities", min: 1, max: 1, side: "enemy" };
    case "spell":
      if (a.area) return { kind: "point", radius: a.area.radius };
      if (a.targets.type === "self") return { kind: "none" };
      return { kind: "entities", min: 1, max: a.targets.max, side: a.targets.type };
    case "help":
      return { kind: "entities", min: 1, max: 1, side: "ally" };
    case "check":
      // only a check that names a neutral NPC changes its attitude (which wins a parley)
      return { kind: "entities", min: 0, max: 1, side: "any" };
    default:
      return { kind: "none" };
  }
}

/** How far `a` reaches; the engine never measures a reach under one cell. */
export function actionRange(a: ActionDef): number {
  switch (a.kind) {
    case "attack":
    case "spell":
      return Math.max(a.range, CELL_FEET);
    case "help":
      return CELL_FEET;
    case "check":
      return Math.max(a.range ?? CHECK_RANGE_FT, CELL_FEET);
    default:
      return 0;
  }
}

const onSide = (side: "enemy" | "ally" | "any", by: Entity, t: Entity): boolean =>
  side === "any" || (side === "ally" ? t.side === by.side : t.side !== by.side);

/**
 * Who the server lets `by` pick for `a` wherever they stand (the engine's `requireTarget` and
 * side checks): on the right side, seen, and standing, except that a healing spell may reach an
 * ally who is down. Only a spell may name its caster (a check on oneself sways no one).
 */
export function eligibleTargets(v: ViewState, by: Entity, a: ActionDef): Entity[] {
  const spec = targetSpec(a);
  if (spec.kind !== "entities") return [];
  const downOk = a.kind === "spell" && a.heal !== undefined;
  return Object.values(v.entities).filter(
    (t) =>
      !t.defeated &&
      (downOk || isActive(t)) &&
      // the party never targets what the DM hides (an admin's view still has it)
      (!t.hidden || by.side !== "party") &&
      onSide(spec.side, by, t) &&
      (t.id !== by.id || a.kind === "spell"),
  );
}

/** Who `by` may pick for `a` now, nearest first: eligible and in range. */
export function validTargets(v: ViewState, by: Entity, a: ActionDef): Entity[] {
  const range = actionRange(a);
  return eligibleTargets(v, by, a)
    .filter((t) => distanceFeet(by.position, t.position) <= range)
    .sort((x, y) => distanceFeet(by.position, x.position) - distanceFeet(by.position, y.position));
}

export type Trap = Extract<MapObject, { kind: "trap" }>;
/** `traps`: the armed traps this viewer knows of that the path steps on (each goes off). */
export type Reach = Map<string, { cost: number; path: Position[]; traps: Trap[] }>;

/**
 * Armed traps in this viewer's view: a player's view never holds a hidden one, so these are
 * the ones the party has found (the DM's holds them all). The engine springs every one on a step.
 */
export const knownTraps = (v: Pick<ViewState, "map">): Trap[] =>
  Object.values(v.map.objects).filter((o): o is Trap => o.kind === "trap" && o.armed);

/**
 * Cells `e` can end a move on with `budgetFt` left: the engine's own `reachableCells`, the
 * same rules `moveEntity` checks, so the table never offers a cell the server would refuse
 * (a player's view lacks hidden objects, but where one blocks, a secret door say, its cell is
 * wall there: only a creature hidden from this viewer can still block one). The path to each
 * avoids known armed traps when a route within the budget does (the cheapest such); a cell only
 * reached over one stays on offer, its `traps` named, as the engine allows it and a player may
 * mean to.
 */
export function reachable(v: ViewState, e: Entity, budgetFt: number): Reach {
  const traps = knownTraps(v);
  // a cell may hold two traps: both go off
  const trapAt = new Map<string, Trap[]>();
  for (const t of traps) trapAt.set(key(t.position), [...(trapAt.get(key(t.position)) ?? []), t]);
  const along = (path: Position[]) => path.flatMap((p) => trapAt.get(key(p)) ?? []);
  // a second search with the traps as walls: whatever it reaches, it reaches without one
  const safe = new Map<string, ReachableCell>();
  if (traps.length > 0) {
    const walled = { ...v, map: { ...v.map, blocked: [...v.map.blocked, ...traps.map((t) => t.position)] } };
    for (const r of reachableCells(walled, e, budgetFt)) safe.set(key(r.position), r);
  }
  const out: Reach = new Map();
  for (const r of reachableCells(v, e, budgetFt)) {
    const k = key(r.position);
    let best = safe.get(k) ?? r;
    // onto a trap, but over another on the way: try a way that crosses none before it
    if (!safe.has(k) && trapAt.has(k) && r.path.slice(0, -1).some((p) => trapAt.has(key(p))))
      best = ontoTrap(v, e, r, safe, budgetFt);
    out.set(k, { cost: best.cost, path: best.path, traps: along(best.path) });
  }
  return out;
}

/**
 * A trap cell picked as the destination is stepped on by choice, but the way there need not
 * cross another: the cheapest trap-free path to a neighbour (or the start), then one step.
 */
function ontoTrap(
  v: ViewState,
  e: Entity,
  direct: ReachableCell,
  safe: ReadonlyMap<string, ReachableCell>,
  budgetFt: number,
): ReachableCell {
  const to = direct.position;
  const step = v.map.difficult.some((d) => d.x === to.x && d.y === to.y) ? 2 * CELL_FEET : CELL_FEET;
  let best: ReachableCell | null = null;
  for (const n of [{ position: e.position, cost: 0, path: [] }, ...safe.values()]) {
    if (distanceFeet(n.position, to) !== CELL_FEET || n.cost + step > budgetFt) continue;
    if (!best || n.cost + step < best.cost)
      best = { position: to, cost: n.cost + step, path: [...n.path, to] };
  }
  return best ?? direct;
}

/** Objects next to `e` (interactions need adjacency). */
export const objectsInReach = (v: ViewState, e: Entity): MapObject[] =>
  Object.values(v.map.objects).filter((o) => distanceFeet(e.position, o.position) <= CELL_FEET);

/** How hurt a creature looks; players see this (not numbers) for creatures that are not theirs. */
export function condition(e: Entity): string {
  if (e.defeated) return "Defeated";
  if (e.unconscious) return "Unconscious";
  if (e.hp >= e.maxHp) return "Unhurt";
  return e.hp * 2 <= e.maxHp ? "Bloodied" : "Wounded";
}

/** Exact HP for the DM and for the party's own side; a condition word otherwise. */
export function hpText(e: Entity, seat: Seat): string {
  if (seat.role !== "player" || e.side === "party") {
    const temp = e.tempHp > 0 ? ` (+${e.tempHp} temp)` : "";
    const state = e.defeated || e.unconscious ? `, ${condition(e).toLowerCase()}` : "";
    return `${e.hp}/${e.maxHp} HP${temp}${state}`;
  }
  return condition(e);
}

/** A signed number as read aloud: "+2", "−1" (a minus sign, not a hyphen), "0". */
export const signed = (n: number): string => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

/**
 * A parley NPC's attitude in words (the engine's rule: the party wins once every NPC is at +3
 * and loses when any is at −3), or null for a creature without one.
 */
export function attitudeText(e: Pick<Entity, "attitude">): string | null {
  const a = e.attitude;
  if (a === undefined) return null;
  if (a >= 3) return "won over (attitude +3 of 3)";
  if (a <= -3) return "hostile (attitude −3 of 3)";
  return `attitude ${signed(a)} of 3 (won over at +3, hostile at −3)`;
}

const names = (es: Entity[]): string => es.map((e) => e.name).join(" and ");

/**
 * What ending the interaction now would give, and why: the engine's own `winner` on the DM's
 * view (which holds every creature), so the End dialog says what `end` will compute, in the
 * results' words for its kind (outcome-text: a parley fails, a puzzle's party is defeated).
 */
export function outcomeNow(v: ViewState): string {
  const w = winner(v);
  const all = Object.values(v.entities);
  const party = all.filter((e) => e.side === "party");
  if (w === "enemy") {
    const verdict = outcomeNowText(v.kind, w);
    if (party.length > 0 && !party.some(isActive)) return `${verdict}: no one in the party is standing.`;
    return `${verdict}: ${names(all.filter((e) => e.attitude === -3))} turned hostile.`;
  }
  if (w === "party") {
    const verdict = outcomeNowText(v.kind, w);
    if (v.kind === "social") return `${verdict}: every NPC is won over.`;
    if (v.kind === "puzzle") return `${verdict}: every chest is open.`;
    return `${verdict}: no enemy is standing.`;
  }
  if (v.kind === "social") {
    const left = all.filter((e) => e.attitude !== undefined && e.attitude < 3);
    if (left.length === 0) return "No winner yet.";
    const where = left.map((e) => `${e.name} is at attitude ${signed(e.attitude!)}`).join(", ");
    return `No winner yet: ${where}; every NPC must be won over (+3) for the party to win.`;
  }
  if (v.kind === "puzzle" && Object.values(v.map.objects).some((o) => o.kind === "chest"))
    return "No winner yet: not every chest is open.";
  if (v.kind === "combat" && all.some((e) => e.side === "enemy"))
    return "No winner yet: both sides still have someone standing.";
  return "No winner yet.";
}

export function objectState(o: MapObject): string {
  switch (o.kind) {
    case "door":
      return o.open ? "open" : o.locked ? "closed, locked" : "closed";
    case "chest":
      return o.open ? "open" : o.locked ? "closed, locked" : "closed";
    case "lever":
      return o.on ? "pulled" : "not pulled";
    case "trap":
      return o.armed ? "armed" : "disarmed";
  }
}

/** Everyone at the table: the DM, every PC's player, anyone who connected. */
export function members(v: ViewState): string[] {
  const set = new Set<string>([v.dmUserId]);
  for (const e of Object.values(v.entities)) if (e.ownerUserId) set.add(e.ownerUserId);
  for (const u of Object.keys(v.presence)) set.add(u);
  return [...set];
}

/** A person named by what they play (the view has user ids, not names). */
export function personName(v: ViewState, userId: string, me: string | null): string {
  if (userId === me) return "You";
  if (userId === v.dmUserId) return "The DM";
  const pcs = Object.values(v.entities)
    .filter((e) => e.ownerUserId === userId)
    .map((e) => e.name);
  return pcs.length > 0 ? `${pcs.join(" & ")}'s player` : userId;
}

/** The recent log, oldest first. */
export const logEntries = (v: ViewState) =>
  recentLog(v.log).map((entry) => ({ key: String(entry.seq), ...entry }));
