import { cellKey, inBounds, isWall, NEIGHBOUR_STEPS, occupant } from "../grid";
import type { Position } from "../setup";
import type { Entity, InteractionState } from "../state";

/**
 * Shortest walkable path (breadth first, walls/closed doors/others' cells avoided) from the
 * entity to any cell for which `goal` holds; the start cell is not included. Null if none.
 */
export function findPath(
  s: InteractionState,
  e: Entity,
  goal: (p: Position) => boolean,
  maxCells = 400,
): Position[] | null {
  if (goal(e.position)) return [];
  const start = e.position;
  const prev = new Map<number, number>();
  const pos = new Map<number, Position>();
  const startKey = cellKey(start);
  prev.set(startKey, -1);
  pos.set(startKey, start);
  const queue: Position[] = [start];
  for (let qi = 0; qi < queue.length && qi < maxCells * 8; qi++) {
    const cur = queue[qi]!;
    for (const d of NEIGHBOUR_STEPS) {
      const n = { x: cur.x + d.x, y: cur.y + d.y };
      const k = cellKey(n);
      if (prev.has(k) || !inBounds(s.map, n) || isWall(s, n) || occupant(s, n, e.id)) continue;
      prev.set(k, cellKey(cur));
      pos.set(k, n);
      if (goal(n)) {
        const path: Position[] = [];
        for (let at = k; at !== startKey; at = prev.get(at)!) path.push(pos.get(at)!);
        return path.reverse();
      }
      queue.push(n);
    }
  }
  return null;
}
