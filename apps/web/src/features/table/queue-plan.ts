import {
  objectInReach,
  objectRule,
  spent,
  withChanges,
  type ActionDef,
  type Entity,
  type Item,
  type MapObject,
  type ObjectRefusalReason,
  type Position,
  type SureInteraction,
  type TurnStep,
  type ViewState,
} from "@roundtable/live/engine";
import {
  actionAvailable,
  CELL_FEET,
  cellText,
  distanceFeet,
  hostile,
  interactionAvailable,
  itemUsable,
  key,
  objectsInReach,
  reachable,
  type Availability,
  type Resources,
} from "./model";

/**
 * A queued turn is a plan of steps that the server runs in order when the creature's turn
 * starts, each exactly as if its command were sent then (rules/queue.ts). These pure reads
 * follow a plan through a fresh turn, so the queue panel offers only what that turn still has.
 */

/** The engine's limit on a queued turn (`QueueTurnCommand`: at most 6 steps). */
export const MAX_QUEUED_STEPS = 6;

/** Where a plan leaves its creature and what of a fresh turn it has not spent. */
export type PlanSoFar = {
  position: Position;
  r: Resources;
  dashed: boolean;
  stepsLeft: number;
  /** What the creature carries after the plan: a chest's loot taken, charges used up. */
  inventory: Item[];
  /** The map's objects as the plan leaves them, as far as this viewer can know (doors, chests, levers, traps). */
  objects: Record<string, MapObject>;
  /**
   * Objects the plan leaves in a state dice decide (a lock it tries to pick): the plan keeps
   * their state from before the attempt and offers nothing that depends on the outcome.
   */
  unsure: string[];
};

/** Feet a path costs: 5 a cell, 10 into difficult terrain (the engine's `pathCost`). */
export function pathFeet(v: Pick<ViewState, "map">, path: readonly Position[]): number {
  const difficult = new Set(v.map.difficult.map(key));
  return path.reduce((ft, p) => ft + (difficult.has(key(p)) ? 2 * CELL_FEET : CELL_FEET), 0);
}

const samePos = (a: Position, b: Position): boolean => a.x === b.x && a.y === b.y;

/** What the plan's world holds at some step: where the creature is, what it carries, the objects. */
type World = Pick<PlanSoFar, "position" | "inventory" | "objects" | "unsure">;

/** What interacting with an object does at this point of the plan, or why the engine would refuse it then. */
type ObjectInteraction = { ok: false; why: string } | { ok: true; verb: string; next: World };

/** The engine's refusals in the queue panel's few words. */
const WHY: Record<ObjectRefusalReason, string> = {
  missing: "not there",
  "out-of-reach": "out of reach",
  doorway: "someone in the doorway",
  emptied: "already open and empty",
  "no-key": "locked, no key",
  "no-handle": "does not open by hand",
  disarmed: "already disarmed",
};

const VERB: Record<SureInteraction["kind"], (unlocks: boolean) => string> = {
  close: () => "close",
  open: (unlocks) => (unlocks ? "unlock and open" : "open"),
  loot: (unlocks) => (unlocks ? "unlock, open and take what is inside" : "open and take what is inside"),
  pull: () => "pull",
};

/**
 * The engine's own rule (`objectInteraction`, rules/objectRules.ts) at this point of the plan:
 * the creature where the plan has taken it, with what it then carries, among the objects as
 * the plan leaves them.
 */
function interaction(v: ViewState, e: Entity, w: World, objectId: string): ObjectInteraction {
  const me = planned(e, w);
  const world = { objects: w.objects, entities: { ...v.entities, [e.id]: me } };
  const reach = objectInReach(world, me, objectId);
  if (!reach.ok) return { ok: false, why: WHY[reach.reason] };
  if (w.unsure.includes(objectId)) return { ok: false, why: "depends on an earlier roll" };
  const done = objectRule(world, me, reach.object);
  if (!done.ok) return { ok: false, why: WHY[done.reason] };
  switch (done.kind) {
    case "pickLock":
      // the dice decide; the plan cannot follow that, so the object is left as it was and marked unsure
      return { ok: true, verb: "pick the lock (may fail)", next: { ...w, unsure: [...w.unsure, objectId] } };
    case "disarm":
      // disarmed or set off, it is spent and in plain sight after: only the creature's fate is left to dice
      return {
        ok: true,
        verb: "try to disarm (may fail and set it off)",
        next: { ...w, objects: withChanges(w.objects, done.changes) },
      };
    default:
      return {
        ok: true,
        verb: VERB[done.kind](done.unlocks),
        next: {
          ...w,
          inventory: [...w.inventory, ...done.gained],
          objects: withChanges(w.objects, done.changes),
        },
      };
  }
}

/** Walking a path springs every armed trap on it (the engine's `moveEntity`): each is spent and seen after. */
function walk(w: World, path: readonly Position[]): World {
  const objects = { ...w.objects };
  for (const p of path)
    for (const o of Object.values(objects))
      if (o.kind === "trap" && o.armed && samePos(o.position, p)) objects[o.id] = { ...o, ...spent(o) };
  return { ...w, position: path[path.length - 1] ?? w.position, objects };
}

/** Walks `steps` through a fresh turn of `e`: a first object interaction is free, a second takes the action. */
export function planSoFar(v: ViewState, e: Entity, steps: readonly TurnStep[]): PlanSoFar {
  let w: World = { position: e.position, inventory: e.inventory, objects: v.map.objects, unsure: [] };
  let action = true;
  let bonus = true;
  let objectFree = true;
  let dashed = false;
  let moved = 0;
  const spend = (cost: "action" | "bonus") => {
    if (cost === "action") action = false;
    else bonus = false;
  };
  for (const s of steps) {
    if (s.kind === "move") {
      moved += pathFeet(v, s.path);
      w = walk(w, s.path);
    } else if (s.kind === "action") {
      const a = e.actions.find((x) => x.id === s.actionId);
      if (!a) continue;
      spend(a.cost ?? "action");
      if (a.kind === "dash") dashed = true;
    } else if (s.kind === "useItem") {
      const item = w.inventory.find((i) => i.id === s.itemId);
      if (item?.type !== "consumable") continue;
      spend(item.cost ?? "action");
      w = {
        ...w,
        inventory: w.inventory.map((i) => (i === item ? { ...item, charges: item.charges - 1 } : i)),
      };
    } else {
      // a second interaction takes the action: without one left the engine refuses it
      const affordable = objectFree || action;
      if (objectFree) objectFree = false;
      else action = false;
      const done = interaction(v, e, w, s.objectId);
      // a step the engine would refuse changes nothing (the turn would stop there anyway)
      if (affordable && done.ok) w = done.next;
    }
  }
  return {
    ...w,
    dashed,
    stepsLeft: MAX_QUEUED_STEPS - steps.length,
    r: {
      action,
      bonus,
      // a Dash earlier in the plan doubles what is left for the moves after it
      movementFt: Math.max(0, e.speed * (dashed ? 2 : 1) - moved),
      reaction: !e.reactionUsed,
      objectFree,
    },
  };
}

/** The creature where the plan has taken it, with what it then carries (for reach, distances, items). */
export const planned = (e: Entity, plan: Pick<PlanSoFar, "position" | "inventory">): Entity => ({
  ...e,
  position: plan.position,
  inventory: plan.inventory,
});

/**
 * The view with the map's objects as the plan leaves them (doors opened, traps spent); a door
 * left to a roll (a lock picked, then maybe a lever pulled) counts as shut: no way through it is sure.
 */
function plannedView(v: ViewState, plan: PlanSoFar): ViewState {
  const objects = { ...plan.objects };
  for (const id of plan.unsure) {
    const o = objects[id];
    if (o?.kind === "door") objects[id] = { ...o, open: false };
  }
  return { ...v, map: { ...v.map, objects } };
}

/** Whether the plan's turn still has what `a` spends (and a second Dash is refused). */
export function planActionAvailable(e: Entity, a: ActionDef, plan: PlanSoFar): Availability {
  if (a.kind === "dash" && plan.dashed) return { ok: false, why: "already dashing" };
  return actionAvailable(e, a, plan.r);
}

export const planItemUsable = (e: Entity, item: Item, plan: PlanSoFar): Availability =>
  itemUsable(e, item, plan.r);

export const planInteractionAvailable = (e: Entity, plan: PlanSoFar): Availability =>
  interactionAvailable(e, plan.r);

export type MoveOption = { key: string; path: Position[]; label: string };

/**
 * Cells the plan can still move to (from where it has got to, with the movement it has left),
 * cheapest first, each named as the map names it plus who or what it is next to.
 */
export function moveOptions(v: ViewState, e: Entity, plan: PlanSoFar): MoveOption[] {
  const from = planned(e, plan);
  const beside = (p: Position): string[] => [
    ...Object.values(v.entities)
      .filter((o) => o.id !== e.id && !o.defeated && distanceFeet(o.position, p) === CELL_FEET)
      .map((o) => (hostile(e, o) ? `${o.name} (enemy)` : o.name)),
    ...Object.values(plan.objects)
      .filter((o) => distanceFeet(o.position, p) === CELL_FEET)
      .map((o) => o.name),
  ];
  const end = (path: Position[]) => path[path.length - 1]!;
  // on the map as the plan leaves it: through a door it opened, not one it closed
  return [...reachable(plannedView(v, plan), from, plan.r.movementFt).entries()]
    .sort(([, a], [, b]) => a.cost - b.cost || end(a.path).y - end(b.path).y || end(a.path).x - end(b.path).x)
    .map(([k, r]) => {
      const to = end(r.path);
      const near = beside(to);
      const traps = r.traps.length > 0 ? `, sets off the ${r.traps.map((t) => t.name).join(" and ")}` : "";
      return {
        key: k,
        path: r.path,
        label: `${cellText(to)} (${r.cost} ft${traps})${near.length > 0 ? `, next to ${near.join(", ")}` : ""}`,
      };
    });
}

export type ObjectOption = {
  id: string;
  object: MapObject;
  /** What the interaction will do (open, close, pull…), or why the engine would refuse it then. */
  avail: Availability;
  verb: string;
};

/**
 * Objects within reach of where the plan has got to, in the state the plan leaves them, each
 * with what interacting will do then or why the engine would refuse it (a chest already
 * emptied, a lock without its key, a door the plan leaves to a roll). The turn's resources are
 * `planInteractionAvailable`'s to say.
 */
export function planObjects(v: ViewState, e: Entity, plan: PlanSoFar): ObjectOption[] {
  return objectsInReach(plannedView(v, plan), planned(e, plan))
    .filter((o) => !(o.hidden && e.side === "party"))
    .map((o) => {
      const done = interaction(v, e, plan, o.id);
      return done.ok
        ? { id: o.id, object: o, avail: { ok: true }, verb: done.verb }
        : { id: o.id, object: o, avail: { ok: false, why: done.why }, verb: "" };
    });
}

/**
 * The objects within reach on the creature's live turn, each with what interacting does now or
 * why the engine would refuse it: the turn is a plan's first step, from where the creature
 * stands with what it carries and the map's objects as this viewer sees them.
 */
export const objectsNow = (v: ViewState, e: Entity): ObjectOption[] => planObjects(v, e, planSoFar(v, e, []));

/** One step in words, as the plan list and the queued turn show it. */
export function describeStep(v: ViewState, e: Entity | undefined, s: TurnStep): string {
  const who = (id: string) => v.entities[id]?.name ?? "someone";
  switch (s.kind) {
    case "move": {
      const to = s.path[s.path.length - 1]!;
      return `Move ${pathFeet(v, s.path)} ft to ${cellText(to)}`;
    }
    case "action": {
      const name = e?.actions.find((a) => a.id === s.actionId)?.name ?? s.actionId;
      if (s.point) return `${name} centred on ${cellText(s.point)}`;
      return s.targets.length > 0 ? `${name} on ${s.targets.map(who).join(", ")}` : name;
    }
    case "useItem": {
      const name = e?.inventory.find((i) => i.id === s.itemId)?.name ?? s.itemId;
      return s.targetId && s.targetId !== e?.id ? `Use ${name} on ${who(s.targetId)}` : `Use ${name}`;
    }
    case "interact":
      return `Interact with ${v.map.objects[s.objectId]?.name ?? "an object"}`;
  }
}
