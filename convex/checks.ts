import { appError } from "./errors";
import type {
  ActionDef,
  CharacterKind,
  CharacterSheet,
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
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
const DICE = /^(?:\d{1,2}d(?:4|6|8|10|12|20|100)(?:[+-]\d{1,3})?|\d{1,3})$/;

function fail(path: string, message: string): never {
  throw appError("invalid", `${path}: ${message}`);
}

/** A name (the engine's SetupName): 1 to `max` characters, not all of them whitespace. */
export function text(path: string, value: string, max: number): void {
  tag(path, value, max);
  if (!/\S/.test(value)) fail(path, "must have a character other than spaces");
}

/** A tag (a gear item's, a lock's key tag): 1 to `max` characters, any of them (the engine's tags). */
function tag(path: string, value: string, max: number): void {
  if (value.length < 1 || value.length > max) fail(path, `must be 1 to ${max} characters`);
}

export function id(path: string, value: string): void {
  text(path, value, LIMITS.id);
  if (!ID.test(value)) fail(path, "ids use letters, digits, _ . : - and start with a letter or digit");
  // a lookup by such an id finds the prototype's (the engine's Id refuses them too)
  if (INHERITED.has(value)) fail(path, "ids cannot be a name every object has (constructor, toString…)");
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
        it.tags.forEach((t, i) => tag(`${path}.tags[${i}]`, t, LIMITS.tag));
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
  const items = new Map<string, Item>();
  sheet.inventory.forEach((it, i) => {
    checkItem(`${path}.inventory[${i}]`, it);
    if (items.has(it.id))
      fail(`${path}.inventory[${i}].id`, `duplicate item id ${it.id}: each item needs its own id`);
    items.set(it.id, it);
  });
  count(`${path}.actions`, sheet.actions.length, LIMITS.actions);
  const actions = new Set<string>();
  sheet.actions.forEach((a, i) => {
    const at = `${path}.actions[${i}]`;
    checkAction(at, a);
    if (actions.has(a.id)) fail(`${at}.id`, `duplicate action id ${a.id}: each action needs its own id`);
    actions.add(a.id);
    // the engine's attack needs this weapon carried and equipped (rules/actions.ts)
    if (a.kind !== "attack" || a.weaponId === undefined) return;
    const weapon = items.get(a.weaponId);
    if (!weapon)
      fail(`${at}.weaponId`, `${a.name} needs weapon ${a.weaponId}, which is not in the inventory`);
    if (weapon.type !== "weapon")
      fail(
        `${at}.weaponId`,
        `${a.name} needs ${weapon.name} (${weapon.id}) as its weapon, but that item is ${weapon.type === "consumable" ? "a consumable" : weapon.type}, not a weapon`,
      );
  });
}

function checkObject(path: string, o: MapObject, map: GameMap): void {
  id(`${path}.id`, o.id);
  text(`${path}.name`, o.name, LIMITS.name);
  checkPosition(`${path}.position`, o.position, map);
  switch (o.kind) {
    case "door":
      if (o.keyTag !== undefined) tag(`${path}.keyTag`, o.keyTag, LIMITS.tag);
      break;
    case "chest":
      if (o.keyTag !== undefined) tag(`${path}.keyTag`, o.keyTag, LIMITS.tag);
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
  const blocked = new Set(map.blocked.map((p) => `${p.x},${p.y}`));
  map.objects.forEach((o, i) => {
    checkObject(`map.objects[${i}]`, o, map);
    if (ids.has(o.id)) fail(`map.objects[${i}].id`, `duplicate object id ${o.id}`);
    ids.add(o.id);
    // A wall under a door keeps it shut when open, and no one steps onto a trap in one; a chest
    // or lever blocks its cell anyway and is worked from next to it, so one on a wall is fine.
    const { x, y } = o.position;
    if ((o.kind === "door" || o.kind === "trap") && blocked.has(`${x},${y}`))
      fail(
        `map.objects[${i}].position`,
        `the ${o.name} (a ${o.kind}) is on a blocked cell at (${x},${y}): ${o.kind === "door" ? "no one could ever pass it" : "no one could ever set it off"}`,
      );
  });
}

/**
 * What stops creatures on a cell besides a blocked cell (the engine's grid.ts blocksCell): a
 * closed door, a chest or a lever, as "the gate (a closed door)". An open door is a doorway and
 * a trap is stepped on, so neither is here.
 */
function blockingObjects(map: GameMap): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of map.objects) {
    const what =
      o.kind === "door" ? (o.open ? null : "a closed door") : o.kind === "trap" ? null : `a ${o.kind}`;
    const cell = `${o.position.x},${o.position.y}`;
    if (what !== null && !out.has(cell)) out.set(cell, `the ${o.name} (${what})`);
  }
  return out;
}

/**
 * Seat rules shared by the DM's edits and the seed: unique ids, on the map, one per cell, not
 * on a blocked cell nor on a closed door, chest or lever (an open door's doorway is fine).
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
  const solid = blockingObjects(map);
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
    const object = solid.get(cell);
    // the engine treats it as wall: a creature there could not move off it by the rules
    if (object !== undefined) fail(`${path}.position`, `(${cell}) holds ${object}: no one can stand there`);
    cells.add(cell);
  });
}

/**
 * What would leave the party stuck once live, on top of the engine's schema (so kept apart
 * from checkMap and checkSeats, which mirror it exactly), as the web editor's validateDraft
 * checks it. Any map object may be hidden: the party cannot see or use it until it is revealed
 * (a trap when found or set off, any object when the DM reveals it: the engine's `reveal`
 * command), and the DM's creatures may work it meanwhile, so a hidden door, chest or lever is
 * judged as if in plain sight (a puzzle whose chest is hidden is won once the DM reveals it:
 * like the rest, this errs only towards accepting). A PC may not be hidden (its player could
 * not see it to play it). A puzzle is won when every chest is open, so it needs one, each
 * locked one needs a key tag or a lever (a lock with no key tag opens to no one by hand), and
 * someone seated must be able to get to each (chestOutOfReach). A combat is won when every
 * creature on the enemy side is down, so it needs one. A social scene is won when every
 * neutral NPC is won over (only those get an attitude), so it needs one. `kinds[i]` is seat
 * i's kind.
 */
export function checkWinnable(
  kind: InteractionKind,
  map: GameMap,
  seats: ReadonlyArray<{ side: Side; hidden?: boolean; position: Position }>,
  kinds: ReadonlyArray<CharacterKind>,
): void {
  const wired = new Set(map.objects.flatMap((o) => (o.kind === "lever" ? o.toggles : [])));
  // A hidden door, chest or lever is not refused, and a hidden chest counts below: the DM
  // reveals it (engine command `reveal`) when the party should find it.
  map.objects.forEach((o, i) => {
    if (kind === "puzzle" && o.kind === "chest" && o.locked && !o.open && !o.keyTag && !wired.has(o.id))
      fail(
        `map.objects[${i}].keyTag`,
        "Locked with no key tag and no lever that unlocks it: the party could never open it",
      );
  });
  if (kind === "puzzle" && !map.objects.some((o) => o.kind === "chest"))
    fail("map.objects", "A puzzle needs at least one chest: it is won when every chest is open");
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
  if (kind === "combat" && !seats.some((s) => s.side === "enemy")) fail("participants", NO_ENEMY);
  if (kind === "puzzle") {
    const stuck = chestOutOfReach(map, seats);
    if (stuck) fail("map", stuck.message);
  }
}

/**
 * The engine ends a combat in the party's favour only when the enemy side has creatures and
 * none is standing (engine/rules/outcome.ts); neutral creatures are no one's foe (grid.ts
 * `hostile`), so a combat with no one on the enemy side can never be won.
 */
export const NO_ENEMY =
  "A combat needs at least one creature on the Enemy side: the party wins when every enemy is down, so with none it can never be won";

type Cell = { x: number; y: number };
/** What chestOutOfReach reads of a map: Convex's GameMap and the engine's (the web's) both fit. */
export type ReachMap = {
  width: number;
  height: number;
  blocked: readonly Cell[];
  objects: ReadonlyArray<
    | {
        kind: "door" | "chest";
        id: string;
        name: string;
        position: Cell;
        open: boolean;
        locked: boolean;
        keyTag?: string | undefined;
      }
    | { kind: "lever"; id: string; name: string; position: Cell; toggles: readonly string[] }
    | { kind: "trap"; id: string; name: string; position: Cell }
  >;
};

/** Every cell reachable from `from` by 8-way steps into cells `passable` allows (the start cells count). */
function region(width: number, height: number, passable: (c: number) => boolean, from: number[]) {
  const reached = new Set<number>();
  const queue: number[] = [];
  const add = (c: number) => {
    if (reached.has(c)) return;
    reached.add(c);
    queue.push(c);
  };
  const around = (c: number): number[] => {
    const x = c % width;
    const y = (c - x) / width;
    const out: number[] = [];
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if ((dx || dy) && nx >= 0 && ny >= 0 && nx < width && ny < height) out.push(ny * width + nx);
      }
    return out;
  };
  const grow = () => {
    for (let c = queue.pop(); c !== undefined; c = queue.pop())
      for (const n of around(c)) if (!reached.has(n) && passable(n)) add(n);
  };
  /** Someone in the region stands within 5 ft of cell c (interacting needs no more). */
  const near = (c: number) => reached.has(c) || around(c).some((n) => reached.has(n));
  from.forEach(add);
  grow();
  return { add, grow, near };
}

/**
 * A chest in a puzzle that no one seated can ever open, by the engine's rules (grid.ts isWall,
 * rules/movement.ts, rules/objects.ts), or null. Creatures step to any of the eight
 * neighbouring cells that is on the map and not a blocked cell, chest, lever or closed door
 * (diagonals pass wall corners); objects are worked from within 5 ft. A door can come open
 * when anyone who can get next to it opens it by hand (unlocked, or keyed: a key or thieves'
 * tools may be carried — sheets are not part of the draft and change after it is saved) or
 * when anyone pulls a lever wired to it (a pull opens even a keyless lock); a locked chest
 * with no key tag opens only after a pull of a lever wired to it. Any creature may work any
 * object, a chest included, and the puzzle is won once every chest is open whoever opened it
 * (rules/objects.ts, rules/outcome.ts): so the DM's creatures count as much as the party.
 * Everything that can come open is taken as open together, repeated until nothing more
 * opens: this only errs towards accepting (only a puzzle certainly never won is refused).
 * Occupants, traps, difficult ground and speed are ignored (none makes a cell unreachable for
 * good), and so is whether an object is hidden (the DM's creatures may work it, and the DM
 * reveals it to the party when they should find it). With nobody seated yet there is nothing
 * to judge. A keyless locked chest wired to no lever is left to checkWinnable's key-tag rule,
 * and an object off the map to the map's checks.
 */
export function chestOutOfReach(
  map: ReachMap,
  seats: ReadonlyArray<{ side: Side; position: Cell }>,
): { message: string; fix: string } | null {
  const { width, height } = map;
  const size = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAP_MAX;
  if (!size(width) || !size(height)) return null;
  const inside = (p: Cell) =>
    Number.isInteger(p.x) && Number.isInteger(p.y) && p.x >= 0 && p.y >= 0 && p.x < width && p.y < height;
  const at = (p: Cell) => p.y * width + p.x;
  const cells = (list: ReadonlyArray<{ position: Cell }>) =>
    list.flatMap((s) => (inside(s.position) ? [at(s.position)] : []));
  const seated = cells(seats);
  if (seated.length === 0) return null;

  const objects = map.objects.filter((o) => inside(o.position));
  const blocked = new Set(map.blocked.filter(inside).map(at));
  const solid = new Set(cells(objects.filter((o) => o.kind === "chest" || o.kind === "lever")));
  const doors = objects.flatMap((o) => (o.kind === "door" ? [o] : []));
  const opened = new Set(doors.filter((d) => d.open).map((d) => d.id));
  const doorCells = new Set(cells(doors));
  // Two objects may share a cell: as in the engine's isWall, any closed door, chest or lever there blocks it.
  const passable = (c: number) =>
    !blocked.has(c) &&
    !solid.has(c) &&
    (!doorCells.has(c) || doors.every((d) => at(d.position) !== c || opened.has(d.id)));

  const anyone = region(width, height, passable, seated);
  const pulled = new Set<string>();
  const open = (id: string) => {
    if (opened.has(id) || !doors.some((d) => d.id === id)) return false;
    opened.add(id);
    for (const d of doors)
      if (d.id === id && passable(at(d.position)) && anyone.near(at(d.position))) anyone.add(at(d.position));
    return true;
  };
  for (let more = true; more; anyone.grow()) {
    more = false;
    for (const o of objects) {
      if (!anyone.near(at(o.position))) continue;
      if (o.kind === "lever" && !pulled.has(o.id)) {
        pulled.add(o.id);
        for (const id of o.toggles) open(id);
        more = true;
      } else if (o.kind === "door" && (!o.locked || o.keyTag) && open(o.id)) more = true;
    }
  }

  const levers = objects.flatMap((o) => (o.kind === "lever" ? [o] : []));
  for (const chest of objects) {
    if (chest.kind !== "chest" || chest.open) continue;
    const keyless = chest.locked && !chest.keyTag;
    if (keyless && !map.objects.some((o) => o.kind === "lever" && o.toggles.includes(chest.id))) continue;
    const which = `the ${chest.name} at (${chest.position.x}, ${chest.position.y})`;
    if (!anyone.near(at(chest.position)))
      return {
        message: `No participant can ever reach ${which}: blocked cells, chests, levers or doors no one can open (locked with no key tag, and no lever anyone can reach wired to them) cut it off from every participant, and a puzzle is won only when every chest is open`,
        fix: "Open a way to it: clear a blocked cell, give a door a key tag or wire a lever a participant can reach to one.",
      };
    if (keyless && !levers.some((l) => pulled.has(l.id) && l.toggles.includes(chest.id)))
      return {
        message: `No participant can ever unlock ${which}: it is locked with no key tag and no one can reach a lever wired to it, and a puzzle is won only when every chest is open`,
        fix: "Give it a key tag or wire a lever a participant can reach to it.",
      };
  }
  return null;
}

// ---------- Size budget ----------

/**
 * The most a live game's snapshot may be (JSON bytes of the state live.saveSnapshot stores),
 * keeping its document well below Convex's 1 MiB limit. A larger one is refused on every retry:
 * the game could never be saved again.
 */
export const MAX_STATE_BYTES = 800_000;

/**
 * The most of MAX_STATE_BYTES a draft's setup may take as the room's state holds it (the
 * characters' sheets as entities, the map, chest loot counted again where play moves it:
 * setupStateBytes). The other 300 KB is for what play adds to a snapshot
 * (apps/live/src/persistence/snapshotCodec.ts; the turn log's and chat's full chunks are
 * stored apart, live.saveSnapshot):
 * - the last chat chunk: 40 messages of up to 1,000 characters, each with its recipients
 *   (~2.5 KB each with Clerk ids for 40 players: ~100 KB; ~175 KB if every character takes 3 bytes);
 * - the last turn-log chunk and the recent log: 40 and up to 60 engine-written lines, ~40 KB;
 * - the ten rollback checkpoints and the redo entries, as differences: a few KB each (~1.4 KB
 *   for all ten in a bench session, docs/benchmarks.md);
 * - presence, initiative, queued turns, conditions and results: ~40 KB for 40 creatures.
 * A 2,500-command bench session's whole snapshot is ~28 KB. Forty ordinary sheets (under 2 KB
 * each) on a 100×100 map with 4,000 painted cells fit with room to spare; 40 of the largest
 * sheets the engine accepts (~51 KB each as entities, ~2 MB) could never be saved, nor a map of
 * 100 chests with 30 of the largest items each (~1.8 MB: more than the interaction's own 1 MiB
 * document can hold too; the densest one the budget lets through makes it ~261 KB,
 * interactions.test.ts).
 */
export const SETUP_BUDGET_BYTES = 500_000;

export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? "null").length;
}

/** KB as the budget's messages say it (1 KB = 1,000 bytes), rounded up so an excess never reads as the limit. */
const kb = (bytes: number): string => `${Math.ceil(bytes / 1_000)} KB`;

/** What mapStateBytes reads of a map: Convex's GameMap and the engine's (the web's) both fit. */
export type SizedMap = {
  width: number;
  height: number;
  blocked: readonly Cell[];
  difficult: readonly Cell[];
  objects: ReadonlyArray<{ id: string; kind: string; loot?: readonly unknown[] }>;
};

/**
 * `{"entityId":"<the longest id>","item":…},` around each loot award, as the state lists them
 * (the item's stand-in `0` is one byte, as the comma after the award is).
 */
const AWARD_WRAP_BYTES = jsonBytes({ entityId: "x".repeat(LIMITS.id), item: 0 });

/**
 * JSON bytes of the map as a room's state holds it (objects by id), plus what its chest loot
 * adds in play: a looted item moves to the looter's inventory and is listed in the game's
 * loot (an award naming the looter), and the results list it again at the end, while the
 * chest's own copy is emptied: two more copies and two award wrappers per item.
 */
export function mapStateBytes(map: SizedMap): number {
  const state = {
    width: map.width,
    height: map.height,
    blocked: map.blocked,
    difficult: map.difficult,
    objects: Object.fromEntries(map.objects.map((o) => [o.id, o])),
  };
  let loot = 0;
  for (const o of map.objects)
    if (o.kind === "chest")
      for (const item of o.loot ?? []) loot += 2 * (jsonBytes(item) + 1 + AWARD_WRAP_BYTES);
  return jsonBytes(state) + loot;
}

export type SizedSeat = {
  entityId: string;
  side: Side;
  position: Position;
  hidden?: boolean | undefined;
  sheet: CharacterSheet;
};

/** JSON bytes of a seat's entity in the room's state (apps/live/src/engine/create.ts), its key included. */
function entityBytes(kind: InteractionKind, seat: SizedSeat): number {
  const { sheet } = seat;
  const entity = {
    ...sheet,
    id: seat.entityId,
    side: seat.side,
    hp: sheet.maxHp,
    tempHp: 0,
    position: seat.position,
    conditions: [],
    usesLeft: Object.fromEntries(
      sheet.actions.flatMap((a) => (a.uses === undefined ? [] : [[a.id, a.uses]])),
    ),
    defeated: false,
    unconscious: false,
    hidden: seat.hidden ?? false,
    ...(seat.side === "neutral" && sheet.kind === "npc" && kind === "social" ? { attitude: 0 } : {}),
  };
  return jsonBytes(seat.entityId) + 1 + jsonBytes(entity) + 1;
}

/**
 * The bytes a sheet puts in a seat's entity: entityBytes at one fixed seat. An entity's JSON is
 * the sheet's keys (with hp and usesLeft, which follow from the sheet alone) beside the seat's
 * (its id, side, position, hidden, and an attitude by the seat, the interaction's kind and the
 * sheet's kind), so swapping a sheet for another of its kind changes each of its seats'
 * entities, and every setup it sits in, by exactly the difference of this between the two.
 */
export function sheetEntityBytes(sheet: CharacterSheet): number {
  return entityBytes("combat", { entityId: "x", side: "party", position: { x: 0, y: 0 }, sheet });
}

export type SetupSize = {
  total: number;
  map: number;
  characters: number;
  largest: { name: string; bytes: number } | null;
};

/** How much of a room's state a draft's setup takes (SETUP_BUDGET_BYTES), by part. */
export function setupStateBytes(
  kind: InteractionKind,
  map: SizedMap,
  seats: readonly SizedSeat[],
): SetupSize {
  const mapBytes = mapStateBytes(map);
  let characters = 0;
  let largest: SetupSize["largest"] = null;
  for (const seat of seats) {
    const bytes = entityBytes(kind, seat);
    characters += bytes;
    if (largest === null || bytes > largest.bytes) largest = { name: seat.sheet.name, bytes };
  }
  return { total: mapBytes + characters, map: mapBytes, characters, largest };
}

const BUDGET_WHY = `a live game saves at most ${kb(MAX_STATE_BYTES)}, and the rest is kept for its log, chat and undo history`;
const LOOT_NOTE =
  "chest loot counts three times: once taken it is in an inventory, the loot list and the results";

/** The refusal of a draft over SETUP_BUDGET_BYTES, or null when it fits. */
export function overBudget(
  name: string,
  kind: InteractionKind,
  map: SizedMap,
  seats: readonly SizedSeat[],
): string | null {
  const size = setupStateBytes(kind, map, seats);
  if (size.total <= SETUP_BUDGET_BYTES) return null;
  const n = seats.length;
  const largest =
    size.largest === null ? "" : `; the largest, ${size.largest.name}, ${kb(size.largest.bytes)}`;
  return (
    `"${name}" would start live with ${kb(size.total)} of game state (${size.total} bytes): the map ` +
    `${kb(size.map)} (${LOOT_NOTE}) and ${n} ${n === 1 ? "character" : "characters"} ${kb(size.characters)}${largest}. ` +
    `At most ${kb(SETUP_BUDGET_BYTES)} fits: ${BUDGET_WHY}. ` +
    "Seat fewer or smaller characters, or make the map smaller (fewer cells, objects or chest loot)."
  );
}

/** Refuses a draft over SETUP_BUDGET_BYTES (kind "too_large"), with its size by part and the limit. */
export function checkBudget(
  name: string,
  kind: InteractionKind,
  map: SizedMap,
  seats: readonly SizedSeat[],
): void {
  const message = overBudget(name, kind, map, seats);
  if (message !== null) throw appError("too_large", message);
}

/** What the web editor says when the map alone is over SETUP_BUDGET_BYTES (it has no sheets), or null. */
export function mapOverBudget(map: SizedMap): string | null {
  const bytes = mapStateBytes(map);
  if (bytes <= SETUP_BUDGET_BYTES) return null;
  return (
    `The map takes ${kb(bytes)} of the game's state (${LOOT_NOTE}); at most ${kb(SETUP_BUDGET_BYTES)} fits with ` +
    `the characters: ${BUDGET_WHY}. Remove blocked or difficult cells, objects or chest loot.`
  );
}

/**
 * The refusal of a character's save that would take a draft it is seated in over
 * SETUP_BUDGET_BYTES, or null. `after` is the draft's setup with the edited sheet, `seats` the
 * character's own rows in it (a monster may sit several times). An edit that leaves the draft no
 * bigger than it was passes even over the budget (one saved before the budget, or whose sheets
 * grew before characters.update checked): it may be the one making room. That rule lives in
 * characters.checkDraftsFit's early return (an edit that does not grow sheetEntityBytes is never
 * checked), so every setup this sees has grown. The character's owner may see neither the
 * draft's other characters (a DM's hidden monster) nor its map, so the message names only the
 * draft and this character and says how big this character is, not the draft's size nor by how
 * much it would be over (which gives the size away).
 */
export function sheetOverBudget(
  name: string,
  kind: InteractionKind,
  map: SizedMap,
  after: readonly SizedSeat[],
  seats: readonly SizedSeat[],
): string | null {
  const total = setupStateBytes(kind, map, after).total;
  if (total <= SETUP_BUDGET_BYTES) return null;
  const sheet = seats[0]?.sheet.name ?? "this character";
  const own = setupStateBytes(kind, map, seats).characters;
  const rows = seats.length === 1 ? "" : ` (seated ${seats.length} times)`;
  return (
    `${sheet} is seated in the draft "${name}", which would then be over its size budget ` +
    `(${kb(SETUP_BUDGET_BYTES)}: ${BUDGET_WHY}): ${sheet}${rows} would take ${kb(own)} of its game state. ` +
    `Keep this character smaller (fewer or shorter items and actions), or ask that draft's DM to make room first.`
  );
}
