import type { EngineErrorCode } from "../errors";
import { CELL_FEET, distanceFeet, occupant } from "../grid";
import type { ChestObject, DoorObject, Item, LeverObject, MapObject, TrapObject } from "../setup";
import type { Entity } from "../state";

/**
 * What interacting with a map object does, decided without touching any state: the engine's
 * `interactObject` (objects.ts) applies it with its draft, dice and log; the web app's queue
 * planner follows it to plan a turn. One rule, so the plan and the game cannot drift apart.
 */

/** What both sides know: the map's objects and who stands where (for a door's doorway). */
export type ObjectWorld = {
  objects: Readonly<Record<string, MapObject>>;
  entities: Readonly<Record<string, Entity>>;
};
/** The creature interacting, where it stands and with what it carries. */
export type ObjectActor = Pick<Entity, "name" | "side" | "position" | "inventory">;

/** Why an interaction is refused, for a caller's own wording (the planner's short reasons). */
export type ObjectRefusalReason =
  "missing" | "out-of-reach" | "doorway" | "emptied" | "no-key" | "no-handle" | "disarmed";
/** Refused, with the engine's error code and message. */
export type ObjectRefusal = {
  ok: false;
  code: EngineErrorCode;
  message: string;
  reason: ObjectRefusalReason;
};

/** New values for some fields of one object; only fields of that object's kind. */
export type ObjectChange = {
  id: string;
  set: { open?: boolean; locked?: boolean; on?: boolean; armed?: boolean; hidden?: false; loot?: Item[] };
};

/** What surely happens: the objects' changes, in order, and what the opener takes. */
export type SureInteraction = {
  ok: true;
  kind: "close" | "open" | "loot" | "pull";
  /** The door or chest was locked: opening it (with its key, or once picked) unlocks it. */
  unlocks: boolean;
  /** For a pull, the lever's own change first, then each object it toggles in its order. */
  changes: ObjectChange[];
  /** A chest's loot as the opener gets it, each id renamed `id-2`, `id-3`… where it would clash. */
  gained: Item[];
};
/** What dice decide: a lock picked (then `then` happens), or a trap disarmed or set off. */
export type ChanceInteraction =
  | { ok: true; kind: "pickLock"; object: DoorObject | ChestObject; then: SureInteraction }
  /** Disarmed or set off, the trap ends as `changes` leave it: spent and in plain sight. */
  | { ok: true; kind: "disarm"; object: TrapObject; changes: ObjectChange[] };
export type ObjectInteraction = SureInteraction | ChanceInteraction;

/** Thieves' tools: any gear tagged `lockpick` lets its bearer try a keyed lock. */
const LOCKPICK = "lockpick";

const hasKey = (inventory: readonly Item[], tag: string | undefined): boolean =>
  tag !== undefined && inventory.some((i) => i.type === "gear" && (i.tags ?? []).includes(tag));

const refuse = (code: EngineErrorCode, reason: ObjectRefusalReason, message: string): ObjectRefusal => ({
  ok: false,
  code,
  message,
  reason,
});
const sure = (
  kind: SureInteraction["kind"],
  changes: ObjectChange[],
  more: Partial<Pick<SureInteraction, "unlocks" | "gained">> = {},
): SureInteraction => ({ ok: true, kind, changes, unlocks: false, gained: [], ...more });

/** Whether `me` may reach the object at all: it is there for it to see, and next to it. */
export function objectInReach(
  world: ObjectWorld,
  me: ObjectActor,
  objectId: string,
): ObjectRefusal | { ok: true; object: MapObject } {
  const obj = world.objects[objectId];
  if (!obj || (obj.hidden && me.side === "party"))
    return refuse("INVALID_TARGET", "missing", `There is nothing called ${objectId} here.`);
  const d = distanceFeet(me.position, obj.position);
  if (d > CELL_FEET)
    return refuse("OUT_OF_RANGE", "out-of-reach", `The ${obj.name} is ${d} ft away; move next to it first.`);
  return { ok: true, object: obj };
}

/** The object's own rule, for an object `objectInReach` let through. */
export function objectRule(
  world: ObjectWorld,
  me: ObjectActor,
  obj: MapObject,
): ObjectRefusal | ObjectInteraction {
  switch (obj.kind) {
    case "door":
      return obj.open ? closeDoor(world, me, obj) : (lockedOut(me, obj) ?? openDoor(obj));
    case "chest":
      if (obj.open) return refuse("BAD_STATE", "emptied", `The ${obj.name} is already open and empty.`);
      return lockedOut(me, obj) ?? lootChest(me, obj);
    case "lever":
      return pullLever(world, obj);
    case "trap":
      if (!obj.armed) return refuse("BAD_STATE", "disarmed", `The ${obj.name} is already disarmed.`);
      return { ok: true, kind: "disarm", object: obj, changes: [{ id: obj.id, set: spent(obj) }] };
  }
}

/** Both checks in turn (the engine checks the turn's cost between them). */
export function objectInteraction(
  world: ObjectWorld,
  me: ObjectActor,
  objectId: string,
): ObjectRefusal | ObjectInteraction {
  const reach = objectInReach(world, me, objectId);
  return reach.ok ? objectRule(world, me, reach.object) : reach;
}

/** A trap once it has gone off or been disarmed. */
export const spent = (trap: TrapObject): ObjectChange["set"] => ({
  armed: false,
  ...(trap.hidden ? { hidden: false as const } : {}),
});

function closeDoor(world: ObjectWorld, me: ObjectActor, door: DoorObject): ObjectRefusal | SureInteraction {
  const inDoorway = occupant(world, door.position);
  // a creature hidden from the party is not named, not even as "someone"
  if (inDoorway)
    return refuse(
      "PATH_BLOCKED",
      "doorway",
      inDoorway.hidden && me.side === "party"
        ? `The ${door.name} will not close: something is in the way.`
        : `Someone is standing in the doorway of the ${door.name}.`,
    );
  return sure("close", [{ id: door.id, set: { open: false } }]);
}

const openDoor = (door: DoorObject): SureInteraction =>
  sure("open", [{ id: door.id, set: { locked: false, open: true } }], { unlocks: door.locked });

function lootChest(me: ObjectActor, chest: ChestObject): SureInteraction {
  const gained: Item[] = [];
  const clashes = (id: string) => me.inventory.some((i) => i.id === id) || gained.some((i) => i.id === id);
  for (const item of chest.loot) {
    let id = item.id;
    for (let n = 2; clashes(id); n++) id = `${item.id}-${n}`;
    gained.push({ ...item, id });
  }
  const changes = [{ id: chest.id, set: { open: true, locked: false, loot: [] } }];
  return sure("loot", changes, { unlocks: chest.locked, gained });
}

/**
 * A locked door or chest `me` has no key for: with thieves' tools it may try a keyed lock (the
 * dice decide); without, or for a lock with no key (worked by a lever), it is refused.
 * Null when its key (or no lock) lets it open.
 */
function lockedOut(me: ObjectActor, obj: DoorObject | ChestObject): ObjectRefusal | ChanceInteraction | null {
  if (!obj.locked || hasKey(me.inventory, obj.keyTag)) return null;
  if (!obj.keyTag) return refuse("BAD_STATE", "no-handle", `The ${obj.name} does not open by hand.`);
  if (!hasKey(me.inventory, LOCKPICK))
    return refuse("BAD_STATE", "no-key", `The ${obj.name} is locked and ${me.name} has no key for it.`);
  // picked, the lock is open: then it goes as with the key
  const then = obj.kind === "door" ? openDoor(obj) : lootChest(me, obj);
  return { ok: true, kind: "pickLock", object: obj, then };
}

/** The lever flips, then each object it works in turn (one listed twice flips back). */
function pullLever(world: ObjectWorld, lever: LeverObject): SureInteraction {
  const changes: ObjectChange[] = [{ id: lever.id, set: { on: !lever.on } }];
  // what the pull has set so far (an object listed twice flips back); the world is only read
  const flipped: Record<string, ObjectChange["set"]> = {};
  for (const id of lever.toggles) {
    const o = world.objects[id];
    // one unknown to this world (hidden from a player's view) changes unseen
    if (!o) continue;
    const was = flipped[id] ?? {};
    let set: ObjectChange["set"];
    if (o.kind === "door") set = { open: !(was.open ?? o.open) };
    else if (o.kind === "trap") set = { armed: !(was.armed ?? o.armed) };
    else if (o.kind === "chest") set = { locked: !(was.locked ?? o.locked) };
    else continue;
    flipped[id] = { ...was, ...set };
    changes.push({ id, set });
  }
  return sure("pull", changes);
}

/** The objects after `changes` (a new record; the objects changed are new too). */
export function withChanges(
  objects: Readonly<Record<string, MapObject>>,
  changes: readonly ObjectChange[],
): Record<string, MapObject> {
  const out = { ...objects };
  for (const c of changes) {
    const o = out[c.id];
    // a change sets only fields of its object's own kind (a strict schema takes no others)
    if (o) out[c.id] = { ...o, ...c.set };
  }
  return out;
}
