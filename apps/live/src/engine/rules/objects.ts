import type { Draft } from "immer";
import { castDraft } from "immer";
import type { InteractObjectCommand } from "../commands";
import { reject } from "../errors";
import { distanceFeet, isActive, occupant } from "../grid";
import type { ChestObject, DoorObject, Item } from "../setup";
import type { Entity } from "../state";
import { log, type Tx } from "../tx";
import { checkCost, requireAble } from "./actions";
import { damage, rollAmount, savingThrow } from "./combat";
import { requireTurnOf, spend } from "./turns";

type E = Draft<Entity>;

const hasKey = (e: Entity, tag: string | undefined): boolean =>
  tag !== undefined && e.inventory.some((i) => i.type === "gear" && (i.tags ?? []).includes(tag));

/** Thieves' tools: any gear tagged `lockpick` lets its bearer try a keyed lock. */
const LOCKPICK = "lockpick";
/** DC of picking a lock: d20 + DEX must reach it. */
export const PICK_LOCK_DC = 15;

/**
 * A locked door or chest the entity has no key for: with thieves' tools it may try the lock
 * (the attempt takes the interaction whether it works or not); without, it is refused.
 * Locks with no key (worked by a lever) cannot be picked.
 */
function pickLock(tx: Tx, me: E, obj: DoorObject | ChestObject, then: () => void): () => void {
  if (!obj.keyTag || !hasKey(me, LOCKPICK))
    reject(
      "BAD_STATE",
      obj.keyTag
        ? `The ${obj.name} is locked and ${me.name} has no key for it.`
        : `The ${obj.name} does not open by hand.`,
    );
  return () => {
    const roll = tx.rng.die(20) + me.abilities.dex;
    if (roll < PICK_LOCK_DC) {
      log(
        tx,
        `${me.name} fails to pick the lock of the ${obj.name} (${roll} against ${PICK_LOCK_DC}).`,
        me.hidden,
      );
      return;
    }
    obj.locked = false;
    log(tx, `${me.name} picks the lock of the ${obj.name} (${roll}).`, me.hidden);
    then();
  };
}

export function interactObject(tx: Tx, c: InteractObjectCommand): void {
  const { turn, entity } = requireTurnOf(tx, c.entityId, c.turnId);
  requireAble(entity);
  const obj = tx.s.map.objects[c.objectId];
  if (!obj || (obj.hidden && entity.side === "party"))
    return reject("INVALID_TARGET", `There is nothing called ${c.objectId} here.`);
  const d = distanceFeet(entity.position, obj.position);
  if (d > 5) reject("OUT_OF_RANGE", `The ${obj.name} is ${d} ft away; move next to it first.`);
  // one object interaction per turn is free; another costs the action
  const cost = turn.objectUsed ? "action" : "object";
  if (cost === "action") checkCost(tx, turn, "action", `a second object interaction`);
  const me = tx.s.entities[entity.id]!;
  const run = plan(tx, me, obj.id);
  spend(tx, cost);
  run();
}

function plan(tx: Tx, me: E, objectId: string): () => void {
  const s = tx.s;
  const obj = s.map.objects[objectId]!;
  switch (obj.kind) {
    case "door":
      if (obj.open) {
        const inDoorway = occupant(s, obj.position);
        // a creature hidden from the party is not named, not even as "someone"
        if (inDoorway)
          reject(
            "PATH_BLOCKED",
            inDoorway.hidden && me.side === "party"
              ? `The ${obj.name} will not close: something is in the way.`
              : `Someone is standing in the doorway of the ${obj.name}.`,
          );
        return () => {
          (obj as DoorObject).open = false;
          log(tx, `${me.name} closes the ${obj.name}.`, me.hidden);
        };
      }
      {
        const open = () => {
          const door = obj;
          if (door.locked) door.locked = false;
          door.open = true;
          log(tx, `${me.name} opens the ${obj.name}.`, me.hidden);
        };
        return obj.locked && !hasKey(me, obj.keyTag) ? pickLock(tx, me, obj, open) : open;
      }
    case "chest":
      if (obj.open) reject("BAD_STATE", `The ${obj.name} is already open and empty.`);
      {
        const open = () => lootChest(tx, me, obj);
        return obj.locked && !hasKey(me, obj.keyTag) ? pickLock(tx, me, obj, open) : open;
      }
    case "lever":
      return () => {
        obj.on = !obj.on;
        log(tx, `${me.name} pulls the ${obj.name}.`, me.hidden);
        for (const id of obj.toggles) {
          const o = s.map.objects[id];
          if (!o) continue;
          if (o.kind === "door") {
            o.open = !o.open;
            log(tx, `The ${o.name} ${o.open ? "opens" : "closes"}.`, !!o.hidden);
          } else if (o.kind === "trap") o.armed = !o.armed;
          else if (o.kind === "chest") o.locked = !o.locked;
        }
      };
    case "trap":
      if (!obj.armed) reject("BAD_STATE", `The ${obj.name} is already disarmed.`);
      return () => {
        const roll = tx.rng.die(20) + me.abilities.dex;
        if (roll >= obj.dc) {
          obj.armed = false;
          if (obj.hidden) obj.hidden = false;
          log(tx, `${me.name} disarms the ${obj.name} (${roll} vs DC ${obj.dc}).`, me.hidden);
        } else {
          log(tx, `${me.name} fails to disarm the ${obj.name} (${roll} vs DC ${obj.dc}).`, me.hidden);
          triggerTrap(tx, obj.id, me);
        }
      };
  }
}

function lootChest(tx: Tx, me: E, chest: Draft<ChestObject>): void {
  chest.open = true;
  if (chest.locked) chest.locked = false;
  const taken: Item[] = [];
  for (const item of chest.loot) {
    let id = item.id;
    for (let n = 2; me.inventory.some((i) => i.id === id); n++) id = `${item.id}-${n}`;
    const copy = { ...item, id };
    me.inventory.push(castDraft(copy));
    // the results' loot is the party's (PCs'): a monster's haul stays in its pack, and a hidden one's id off the players' table
    if (me.kind === "pc") tx.s.loot.push(castDraft({ entityId: me.id, item: copy }));
    taken.push(copy);
  }
  chest.loot = [];
  log(
    tx,
    taken.length
      ? `${me.name} opens the ${chest.name} and takes ${taken.map((i) => i.name).join(", ")}.`
      : `${me.name} opens the ${chest.name}; it is empty.`,
    me.hidden,
  );
}

/** A trap goes off on `victim`: a saving throw halves nothing, it avoids the damage. Then it is spent. */
export function triggerTrap(tx: Tx, trapId: string, victim: E): void {
  const trap = tx.s.map.objects[trapId];
  // a path may cross the same cell twice: a spent trap stays spent
  if (!trap || trap.kind !== "trap" || !trap.armed) return;
  trap.armed = false;
  if (trap.hidden) trap.hidden = false;
  const saved = savingThrow(tx, victim, trap.save, trap.dc);
  log(tx, `${victim.name} sets off the ${trap.name}${saved ? " but avoids it" : ""}!`, victim.hidden);
  if (!saved && isActive(victim))
    damage(tx, victim, rollAmount(tx, trap.damage), `damage from the ${trap.name}`);
}
