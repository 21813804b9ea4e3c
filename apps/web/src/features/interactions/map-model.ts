import type { GameMap, MapObject, Position } from "@roundtable/live/engine";
import { newId } from "../../lib/form-errors";

export const cellKey = (p: Position) => `${p.x},${p.y}`;

export function emptyMap(width = 12, height = 8): GameMap {
  return { width, height, blocked: [], difficult: [], objects: [] };
}

export type Terrain = "blocked" | "difficult";

/** Toggles a terrain on a cell; a cell is blocked or difficult, never both. */
export function toggleTerrain(map: GameMap, p: Position, terrain: Terrain): GameMap {
  const key = cellKey(p);
  const has = map[terrain].some((c) => cellKey(c) === key);
  const other: Terrain = terrain === "blocked" ? "difficult" : "blocked";
  return {
    ...map,
    [terrain]: has ? map[terrain].filter((c) => cellKey(c) !== key) : [...map[terrain], p],
    [other]: map[other].filter((c) => cellKey(c) !== key),
  };
}

/** Clears terrain and objects from a cell. */
export function eraseCell(map: GameMap, p: Position): GameMap {
  const key = cellKey(p);
  return {
    ...map,
    blocked: map.blocked.filter((c) => cellKey(c) !== key),
    difficult: map.difficult.filter((c) => cellKey(c) !== key),
    objects: map.objects.filter((o) => cellKey(o.position) !== key),
  };
}

/** Shrinking the map drops terrain that falls outside; objects stay so their errors show. */
export function resizeMap(map: GameMap, width: number, height: number): GameMap {
  const inside = (p: Position) => p.x < width && p.y < height;
  return {
    ...map,
    width,
    height,
    blocked: map.blocked.filter(inside),
    difficult: map.difficult.filter(inside),
  };
}

export const objectKindLabels: Record<MapObject["kind"], string> = {
  door: "Door",
  chest: "Chest",
  lever: "Lever",
  trap: "Trap",
};

export function newObject(kind: MapObject["kind"], position: Position): MapObject {
  const base = { id: newId("obj"), name: objectKindLabels[kind], position };
  switch (kind) {
    case "door":
      return { ...base, kind, open: false, locked: false };
    case "chest":
      return { ...base, kind, open: false, locked: false, loot: [] };
    case "lever":
      return { ...base, kind, on: false, toggles: [] };
    case "trap":
      return { ...base, kind, armed: true, dc: 12, save: "dex", damage: "1d6" };
  }
}

/** The first cell (row by row) that no participant, blocked cell or object occupies. */
export function firstFreeCell(map: GameMap, taken: Position[]): Position | null {
  const used = new Set([...taken, ...map.blocked, ...map.objects.map((o) => o.position)].map(cellKey));
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) if (!used.has(`${x},${y}`)) return { x, y };
  }
  return null;
}
