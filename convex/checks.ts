import { appError } from "./errors";
import type {
  ActionDef,
  CharacterKind,
  CharacterSheetInput,
  GameMap,
  InteractionKind,
  Item,
  MapObject,
  Position,
  Side,
} from "./validators";

/**
 * The bounds the engine's zod schemas (apps/live/src/engine/setup.ts) enforce beyond shape.
 * A value accepted here is accepted by the engine, so a room never fails to load a setup the
 * CRUD app let a DM save. Every failure is a ConvexError of kind "invalid" naming the field.
 */

export const MAP_MAX = 100;
export const LIMITS = {
  id: 64,
  name: 80,
  userId: 128,
  tag: 40,
  inventory: 50,
  actions: 30,
  chestLoot: 30,
  toggles: 10,
  tags: 10,
  cells: 2_000,
  objects: 100,
  participants: 40,
} as const;

// The engine's `Id`: ids become object keys in the room state and in Convex documents.
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const DICE = /^(?:\d{1,2}d(?:4|6|8|10|12|20|100)(?:[+-]\d{1,3})?|\d{1,3})$/;

function fail(path: string, message: string): never {
  throw appError("invalid", `${path}: ${message}`);
}

export function text(path: string, value: string, max: number): void {
  if (value.length < 1 || value.length > max) fail(path, `must be 1 to ${max} characters`);
}

export function id(path: string, value: string): void {
  text(path, value, LIMITS.id);
  if (!ID.test(value)) fail(path, "ids use letters, digits, _ . : - and start with a letter or digit");
}

export function int(path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    fail(path, `must be a whole number from ${min} to ${max}`);
}

function feet(path: string, value: number, min = 0): void {
  int(path, value, min, 600);
  if (value % 5 !== 0) fail(path, "must be a multiple of 5 feet");
}

function dice(path: string, value: string): void {
  if (value.length > 16 || !DICE.test(value)) fail(path, "dice must look like 1d8+3, 2d6 or 5");
}

function count(path: string, length: number, max: number, min = 0): void {
  if (length < min || length > max) fail(path, `must have ${min} to ${max} entries`);
}

export function checkPosition(path: string, p: Position, map?: { width: number; height: number }): void {
  int(`${path}.x`, p.x, 0, MAP_MAX - 1);
  int(`${path}.y`, p.y, 0, MAP_MAX - 1);
  if (map && (p.x >= map.width || p.y >= map.height))
    fail(path, `(${p.x},${p.y}) is outside the ${map.width}x${map.height} map`);
}

export function checkItem(path: string, it: Item): void {
  id(`${path}.id`, it.id);
  text(`${path}.name`, it.name, LIMITS.name);
  if (it.value !== undefined) int(`${path}.value`, it.value, 0, 1_000_000);
  switch (it.type) {
    case "armor":
      int(`${path}.acBonus`, it.acBonus, 0, 10);
      break;
    case "consumable":
      int(`${path}.charges`, it.charges, 0, 99);
      dice(`${path}.effect.amount`, it.effect.amount);
      if (it.effect.kind === "damage") {
        text(`${path}.effect.damageType`, it.effect.damageType, LIMITS.name);
        feet(`${path}.effect.range`, it.effect.range);
      }
      break;
    case "gear":
      if (it.tags) {
        count(`${path}.tags`, it.tags.length, LIMITS.tags);
        it.tags.forEach((t, i) => text(`${path}.tags[${i}]`, t, LIMITS.tag));
      }
      break;
    case "weapon":
      break;
  }
}

export function checkAction(path: string, a: ActionDef): void {
  id(`${path}.id`, a.id);
  text(`${path}.name`, a.name, LIMITS.name);
  if (a.uses !== undefined) int(`${path}.uses`, a.uses, 1, 20);
  switch (a.kind) {
    case "attack":
      int(`${path}.toHit`, a.toHit, -5, 20);
      dice(`${path}.damage`, a.damage);
      text(`${path}.damageType`, a.damageType, LIMITS.name);
      feet(`${path}.range`, a.range, 5);
      if (a.weaponId !== undefined) id(`${path}.weaponId`, a.weaponId);
      break;
    case "spell":
      int(`${path}.level`, a.level, 0, 9);
      feet(`${path}.range`, a.range);
      int(`${path}.targets.max`, a.targets.max, 1, 10);
      if (a.area) feet(`${path}.area.radius`, a.area.radius, 5);
      if (a.attack) int(`${path}.attack.toHit`, a.attack.toHit, -5, 20);
      if (a.save) int(`${path}.save.dc`, a.save.dc, 1, 40);
      if (a.damage !== undefined) dice(`${path}.damage`, a.damage);
      if (a.damageType !== undefined) text(`${path}.damageType`, a.damageType, LIMITS.name);
      if (a.heal !== undefined) dice(`${path}.heal`, a.heal);
      if (a.condition) int(`${path}.condition.rounds`, a.condition.rounds, 1, 10);
      break;
    case "check":
      int(`${path}.bonus`, a.bonus, -5, 20);
      int(`${path}.dc`, a.dc, 1, 40);
      if (a.range !== undefined) feet(`${path}.range`, a.range);
      break;
    default:
      break;
  }
}

export function checkSheet(sheet: CharacterSheetInput, path = "sheet"): void {
  text(`${path}.name`, sheet.name, LIMITS.name);
  int(`${path}.level`, sheet.level, 0, 30);
  int(`${path}.xp`, sheet.xp, 0, 1_000_000);
  int(`${path}.maxHp`, sheet.maxHp, 1, 10_000);
  int(`${path}.ac`, sheet.ac, 0, 40);
  feet(`${path}.speed`, sheet.speed);
  for (const [k, mod] of Object.entries(sheet.abilities)) int(`${path}.abilities.${k}`, mod, -5, 15);
  count(`${path}.inventory`, sheet.inventory.length, LIMITS.inventory);
  sheet.inventory.forEach((it, i) => checkItem(`${path}.inventory[${i}]`, it));
  count(`${path}.actions`, sheet.actions.length, LIMITS.actions);
  sheet.actions.forEach((a, i) => checkAction(`${path}.actions[${i}]`, a));
}

function checkObject(path: string, o: MapObject, map: GameMap): void {
  id(`${path}.id`, o.id);
  text(`${path}.name`, o.name, LIMITS.name);
  checkPosition(`${path}.position`, o.position, map);
  switch (o.kind) {
    case "door":
      if (o.keyTag !== undefined) text(`${path}.keyTag`, o.keyTag, LIMITS.tag);
      break;
    case "chest":
      if (o.keyTag !== undefined) text(`${path}.keyTag`, o.keyTag, LIMITS.tag);
      count(`${path}.loot`, o.loot.length, LIMITS.chestLoot);
      o.loot.forEach((it, i) => checkItem(`${path}.loot[${i}]`, it));
      break;
    case "lever":
      count(`${path}.toggles`, o.toggles.length, LIMITS.toggles);
      o.toggles.forEach((t, i) => id(`${path}.toggles[${i}]`, t));
      break;
    case "trap":
      int(`${path}.dc`, o.dc, 1, 40);
      dice(`${path}.damage`, o.damage);
      break;
  }
}

export function checkMap(map: GameMap): void {
  int("map.width", map.width, 1, MAP_MAX);
  int("map.height", map.height, 1, MAP_MAX);
  count("map.blocked", map.blocked.length, LIMITS.cells);
  map.blocked.forEach((p, i) => checkPosition(`map.blocked[${i}]`, p));
  count("map.difficult", map.difficult.length, LIMITS.cells);
  map.difficult.forEach((p, i) => checkPosition(`map.difficult[${i}]`, p));
  count("map.objects", map.objects.length, LIMITS.objects);
  const ids = new Set<string>();
  map.objects.forEach((o, i) => {
    checkObject(`map.objects[${i}]`, o, map);
    if (ids.has(o.id)) fail(`map.objects[${i}].id`, `duplicate object id ${o.id}`);
    ids.add(o.id);
  });
}

/**
 * Seat rules shared by the DM's edits and the seed: unique ids, on the map, one per cell.
 * `names[i]` is seat i's character name; when given, a repeated entity id is reported by the
 * rows' characters rather than by the id (a DM's ids are raw Convex ids that mean nothing to them).
 */
export function checkSeats(
  seats: ReadonlyArray<{ entityId: string; position: Position }>,
  map: GameMap,
  names?: ReadonlyArray<string>,
): void {
  count("participants", seats.length, LIMITS.participants);
  const firstRow = new Map<string, number>();
  const cells = new Set<string>();
  const blocked = new Set(map.blocked.map((p) => `${p.x},${p.y}`));
  seats.forEach((s, i) => {
    const path = `participants[${i}]`;
    id(`${path}.entityId`, s.entityId);
    const earlier = firstRow.get(s.entityId);
    if (earlier !== undefined) {
      const name = names?.[i];
      const earlierName = names?.[earlier];
      fail(
        `${path}.entityId`,
        name !== undefined && earlierName !== undefined
          ? `${name} uses the same entity id as participants[${earlier}] (${earlierName})`
          : `entity id ${s.entityId} is already used by participants[${earlier}]`,
      );
    }
    firstRow.set(s.entityId, i);
    checkPosition(`${path}.position`, s.position, map);
    const cell = `${s.position.x},${s.position.y}`;
    if (cells.has(cell)) fail(`${path}.position`, `(${cell}) is already taken by another participant`);
    if (blocked.has(cell)) fail(`${path}.position`, `(${cell}) is a blocked cell`);
    cells.add(cell);
  });
}

/**
 * What would leave the party stuck once live, on top of the engine's schema (so kept apart
 * from checkMap and checkSeats, which mirror it exactly), as the web editor's validateDraft
 * checks it. The party never sees or uses a hidden object, and only traps are ever revealed
 * (found or set off): any other hidden object is an invisible wall or a chest no one opens, so
 * only traps may be hidden; nor may a PC (its player could not see it to play it). A puzzle is
 * won when every chest is open, so it needs one, and each locked one needs a key tag or a lever
 * (a lock with no key tag opens to no one by hand). A social scene is won when every neutral
 * NPC is won over (only those get an attitude), so it needs one. `kinds[i]` is seat i's kind.
 */
export function checkWinnable(
  kind: InteractionKind,
  map: GameMap,
  seats: ReadonlyArray<{ side: Side; hidden?: boolean }>,
  kinds: ReadonlyArray<CharacterKind>,
): void {
  const wired = new Set(map.objects.flatMap((o) => (o.kind === "lever" ? o.toggles : [])));
  map.objects.forEach((o, i) => {
    if (o.hidden === true && o.kind !== "trap")
      fail(
        `map.objects[${i}].hidden`,
        `Only traps can be hidden: the party could never see or use a hidden ${o.kind}`,
      );
    if (kind === "puzzle" && o.kind === "chest" && o.locked && !o.open && !o.keyTag && !wired.has(o.id))
      fail(
        `map.objects[${i}].keyTag`,
        "Locked with no key tag and no lever that unlocks it: the party could never open it",
      );
  });
  if (kind === "puzzle" && !map.objects.some((o) => o.kind === "chest"))
    fail(
      "map.objects",
      "A puzzle needs at least one chest the party can see: it is won when every chest is open",
    );
  seats.forEach((s, i) => {
    if (s.hidden === true && kinds[i] === "pc")
      fail(
        `participants[${i}].hidden`,
        "A player character cannot be hidden: its player would never see it to play it",
      );
  });
  if (kind === "social" && !seats.some((s, i) => s.side === "neutral" && kinds[i] === "npc"))
    fail(
      "participants",
      "A social scene needs at least one neutral NPC to win over (an NPC on the Neutral side): the party wins when every one is won over",
    );
}
