import { isDraft, original } from "immer";
import type { MapObject, Position } from "./setup";
import type { Entity, InteractionState, MapState } from "./state";

export const CELL_FEET = 5;
/** The eight grid steps (diagonals cost the same as straight steps, as in 5e's default rule). */
export const NEIGHBOUR_STEPS: readonly Position[] = [
  { x: 1, y: 0 },
  { x: -1, y: 0 },
  { x: 0, y: 1 },
  { x: 0, y: -1 },
  { x: 1, y: 1 },
  { x: 1, y: -1 },
  { x: -1, y: 1 },
  { x: -1, y: -1 },
];
export const cellKey = (p: Position): number => p.y * 1000 + p.x;
export const samePos = (a: Position, b: Position): boolean => a.x === b.x && a.y === b.y;
/** 5e grid distance: diagonals count as one cell. */
export const distanceFeet = (a: Position, b: Position): number =>
  Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y)) * CELL_FEET;
export const adjacent = (a: Position, b: Position): boolean => distanceFeet(a, b) === CELL_FEET;

const cellSets = new WeakMap<readonly Position[], Set<number>>();
/** Static cell lists never change during an interaction, so their lookup sets are memoised. */
export function cellSet(input: readonly Position[]): Set<number> {
  // look up by the frozen original, not by this command's draft proxy
  const base: unknown = isDraft(input) ? original(input as never) : input;
  const cells = (base ?? input) as readonly Position[];
  let set = cellSets.get(cells);
  if (!set) {
    set = new Set(cells.map(cellKey));
    cellSets.set(cells, set);
  }
  return set;
}

export const inBounds = (map: Pick<MapState, "width" | "height">, p: Position): boolean =>
  p.x >= 0 && p.y >= 0 && p.x < map.width && p.y < map.height;

export const isActive = (e: Entity): boolean => !e.defeated && !e.unconscious;

/** A stunned creature can do nothing but end its turn. */
export const isStunned = (e: Entity): boolean => e.conditions.some((c) => c.name === "stunned");

/** How far a skill check reaches when its sheet gives no range. */
export const CHECK_RANGE_FT = 30;

/** Whether a map object stops creatures on its cell: a closed door, a chest, a lever (not an open door or a trap). */
export const blocksCell = (o: MapObject): boolean =>
  o.kind === "door" ? !o.open : o.kind === "chest" || o.kind === "lever";

/** Walls, and cells with an object that blocks: any of them blocks (an open door beside a chest does not unblock it). */
export function isWall(state: Pick<InteractionState, "map">, p: Position): boolean {
  if (cellSet(state.map.blocked).has(cellKey(p))) return true;
  const objects = state.map.objects;
  for (const id in objects) {
    const o = objects[id]!;
    if (samePos(o.position, p) && blocksCell(o)) return true;
  }
  return false;
}

export function occupant(
  state: Pick<InteractionState, "entities">,
  p: Position,
  except?: string,
): Entity | undefined {
  for (const e of Object.values(state.entities))
    if (e.id !== except && isActive(e) && samePos(e.position, p)) return e;
  return undefined;
}

export const hostile = (a: Entity, b: Entity): boolean =>
  (a.side === "party" && b.side === "enemy") || (a.side === "enemy" && b.side === "party");
