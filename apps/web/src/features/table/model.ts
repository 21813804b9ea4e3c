import {
  CELL_FEET,
  distanceFeet,
  isActive,
  reachableCells,
  recentLog,
  type ActionDef,
  type Entity,
  type MapObject,
  type Position,
  type ViewState,
} from "@roundtable/live/engine";
import { controlsEntity } from "../../live-state/announce";
import type { SeatRole } from "../../live-state/live-store";

/** Pure reads of the viewer's state for the table screens (the server still decides everything). */

// Grid rules come from the engine, so the table shows exactly what the server will accept.
export { CELL_FEET, distanceFeet, isActive };
export const key = (p: Position): string => `${p.x},${p.y}`;
export const hostile = (a: Entity, b: Entity): boolean =>
  (a.side === "party" && b.side === "enemy") || (a.side === "enemy" && b.side === "party");
export const inPlay = (v: Pick<ViewState, "status">): boolean =>
  v.status === "active" || v.status === "awaiting_dm";

export type Seat = { userId: string | null; role: SeatRole | null };

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

/** What an action spends, and whether that is still there this turn. */
export function actionAvailable(e: Entity, a: ActionDef, r: Resources): { ok: boolean; why?: string } {
  const cost = a.cost ?? "action";
  if (cost === "action" && !r.action) return { ok: false, why: "no action left" };
  if (cost === "bonus" && !r.bonus) return { ok: false, why: "no bonus action left" };
  if (a.uses !== undefined && (e.usesLeft[a.id] ?? 0) <= 0) return { ok: false, why: "no uses left" };
  if (a.kind === "attack" && a.weaponId) {
    const w = e.inventory.find((i) => i.id === a.weaponId);
    if (!w || w.type !== "weapon" || !w.equipped) return { ok: false, why: "weapon not equipped" };
  }
  return { ok: true };
}

export type TargetSpec =
  | { kind: "none" }
  | { kind: "entities"; max: number; side: "enemy" | "ally" | "any" }
  | { kind: "point"; radius: number };

export function targetSpec(a: ActionDef): TargetSpec {
  switch (a.kind) {
    case "attack":
      return { kind: "entities", max: 1, side: "enemy" };
    case "spell":
      if (a.area) return { kind: "point", radius: a.area.radius };
      if (a.targets.type === "self") return { kind: "none" };
      return { kind: "entities", max: a.targets.max, side: a.targets.type };
    case "help":
      return { kind: "entities", max: 1, side: "ally" };
    case "check":
      return { kind: "none" };
    default:
      return { kind: "none" };
  }
}

export const actionRange = (a: ActionDef): number =>
  a.kind === "attack" || a.kind === "spell"
    ? Math.max(a.range, 5)
    : a.kind === "help"
      ? 5
      : a.kind === "check"
        ? (a.range ?? 0)
        : 0;

/** Who `by` may pick for `a`, nearest first: right side, in range, still standing. */
export function validTargets(v: ViewState, by: Entity, a: ActionDef): Entity[] {
  const spec = targetSpec(a);
  if (spec.kind !== "entities") return [];
  const range = actionRange(a);
  return Object.values(v.entities)
    .filter((t) => !t.defeated && (isActive(t) || spec.side !== "enemy"))
    .filter((t) =>
      spec.side === "enemy"
        ? t.side !== by.side && t.id !== by.id
        : spec.side === "ally"
          ? t.side === by.side && (a.kind !== "help" || t.id !== by.id)
          : true,
    )
    .filter((t) => distanceFeet(by.position, t.position) <= range)
    .sort((x, y) => distanceFeet(by.position, x.position) - distanceFeet(by.position, y.position));
}

export type Reach = Map<string, { cost: number; path: Position[] }>;

/**
 * Cells `e` can end a move on with `budgetFt` left (cheapest path to each): the engine's own
 * `reachableCells`, the same rules `moveEntity` checks, so the table never offers a cell the
 * server would refuse (only a creature hidden from this viewer can still block one).
 */
export function reachable(v: ViewState, e: Entity, budgetFt: number): Reach {
  const out: Reach = new Map();
  for (const r of reachableCells(v, e, budgetFt)) out.set(key(r.position), { cost: r.cost, path: r.path });
  return out;
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
