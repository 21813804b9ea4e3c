import { CELL_FEET, cellKey, cellSet, hostile, inBounds, isWall, NEIGHBOUR_STEPS, occupant } from "./grid";
import { movementLeft } from "./rules/movement";
import type { Position } from "./setup";
import type { Entity, InteractionState, Turn } from "./state";

/** A cell a creature can end a move on: the cheapest path there (start cell excluded) and its cost in feet. */
export interface ReachableCell {
  position: Position;
  cost: number;
  path: Position[];
}

type Grid = Pick<InteractionState, "map" | "entities"> & {
  turn?: (Pick<Turn, "dashed" | "moved"> & { entityId: string | null }) | null;
};

/**
 * Every cell `who` can end a move on with `budgetFt` (default: the movement left in its own
 * current turn, else none), by exactly the rules `moveEntity` checks (`pathCost`): 5 ft a step,
 * diagonals too, 10 ft into difficult terrain, on the map, never into a wall or closed door,
 * through allies but not hostile creatures, never ending on anyone. Works on a state or on a
 * viewer's `ViewState` (a player's view lacks hidden creatures, whose cells the server would
 * still refuse). Cheapest first.
 */
export function reachableCells(v: Grid, who: string | Entity, budgetFt?: number): ReachableCell[] {
  const e = typeof who === "string" ? v.entities[who] : who;
  if (!e) return [];
  const turn = v.turn;
  const budget = budgetFt ?? (turn && turn.entityId === e.id ? movementLeft(e, turn) : 0);
  if (budget < CELL_FEET) return [];
  const difficult = cellSet(v.map.difficult);
  const best = new Map<number, ReachableCell>([
    [cellKey(e.position), { position: e.position, cost: 0, path: [] }],
  ]);
  // costs are 5 or 10 ft, so a bucket queue by cost is an exact Dijkstra
  const buckets: Position[][] = [[e.position]];
  for (let cost = 0; cost <= budget; cost += CELL_FEET) {
    for (const p of buckets[cost / CELL_FEET] ?? []) {
      const here = best.get(cellKey(p))!;
      if (here.cost !== cost) continue;
      for (const d of NEIGHBOUR_STEPS) {
        const n = { x: p.x + d.x, y: p.y + d.y };
        if (!inBounds(v.map, n) || isWall(v, n)) continue;
        const occ = occupant(v, n, e.id);
        if (occ && hostile(e, occ)) continue;
        const c = cost + (difficult.has(cellKey(n)) ? 2 * CELL_FEET : CELL_FEET);
        if (c > budget) continue;
        const k = cellKey(n);
        const prev = best.get(k);
        if (prev && prev.cost <= c) continue;
        best.set(k, { position: n, cost: c, path: [...here.path, n] });
        (buckets[c / CELL_FEET] ??= []).push(n);
      }
    }
  }
  const out: ReachableCell[] = [];
  for (const r of best.values()) if (r.cost > 0 && !occupant(v, r.position, e.id)) out.push(r);
  return out.sort((a, b) => a.cost - b.cost);
}
