import type { ActionDef, Entity, Item, Position, TurnStep, ViewState } from "@roundtable/live/engine";
import {
  actionAvailable,
  CELL_FEET,
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
};

/** Feet a path costs: 5 a cell, 10 into difficult terrain (the engine's `pathCost`). */
export function pathFeet(v: Pick<ViewState, "map">, path: readonly Position[]): number {
  const difficult = new Set(v.map.difficult.map(key));
  return path.reduce((ft, p) => ft + (difficult.has(key(p)) ? 2 * CELL_FEET : CELL_FEET), 0);
}

/** Walks `steps` through a fresh turn of `e`: a first object interaction is free, a second takes the action. */
export function planSoFar(v: ViewState, e: Entity, steps: readonly TurnStep[]): PlanSoFar {
  let position = e.position;
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
      position = s.path[s.path.length - 1] ?? position;
    } else if (s.kind === "action") {
      const a = e.actions.find((x) => x.id === s.actionId);
      if (!a) continue;
      spend(a.cost ?? "action");
      if (a.kind === "dash") dashed = true;
    } else if (s.kind === "useItem") {
      const item = e.inventory.find((i) => i.id === s.itemId);
      if (item?.type === "consumable") spend(item.cost ?? "action");
    } else if (objectFree) objectFree = false;
    else action = false;
  }
  return {
    position,
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

/** The creature where the plan has taken it (for reach and distances). */
export const planned = (e: Entity, plan: PlanSoFar): Entity => ({ ...e, position: plan.position });

/** Whether the plan's turn still has what `a` spends (and a second Dash is refused). */
export function planActionAvailable(e: Entity, a: ActionDef, plan: PlanSoFar): Availability {
  if (a.kind === "dash" && plan.dashed) return { ok: false, why: "already dashing" };
  return actionAvailable(e, a, plan.r);
}

export const planItemUsable = (e: Entity, item: Item, plan: PlanSoFar): Availability =>
  itemUsable(e, item, plan.r);

export const planInteractionAvailable = (e: Entity, plan: PlanSoFar): Availability =>
  interactionAvailable(e, plan.r);

const cellText = (p: Position): string => `${p.x + 1}, ${p.y + 1}`;

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
    ...Object.values(v.map.objects)
      .filter((o) => distanceFeet(o.position, p) === CELL_FEET)
      .map((o) => o.name),
  ];
  const end = (path: Position[]) => path[path.length - 1]!;
  return [...reachable(v, from, plan.r.movementFt).entries()]
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

/** Objects within reach of where the plan has got to. */
export const planObjects = (v: ViewState, e: Entity, plan: PlanSoFar) => objectsInReach(v, planned(e, plan));

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
