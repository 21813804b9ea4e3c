import type { Draft } from "immer";
import { castDraft } from "immer";
import type { InteractObjectCommand } from "../commands";
import { reject } from "../errors";
import { isActive } from "../grid";
import type { MapObject } from "../setup";
import type { Entity } from "../state";
import { log, plain, type Tx } from "../tx";
import { checkCost, requireAble } from "./actions";
import { damage, reveal, rollAmount, savingThrow } from "./combat";
import { objectInReach, objectRule, spent, type ObjectChange, type SureInteraction } from "./objectRules";
import { requireTurnOf, spend } from "./turns";

type E = Draft<Entity>;

/** DC of picking a lock: d20 + DEX must reach it. */
export const PICK_LOCK_DC = 15;

export function interactObject(tx: Tx, c: InteractObjectCommand): void {
  const { turn, entity } = requireTurnOf(tx, c.entityId, c.turnId);
  requireAble(entity);
  // the rule reads plain snapshots (no proxy traps, no drafts); only what changes is drafted
  const world = { objects: plain(tx.s.map.objects), entities: tx.s.entities };
  const reach = objectInReach(world, entity, c.objectId);
  if (!reach.ok) return reject(reach.code, reach.message);
  const obj = tx.s.map.objects[reach.object.id]!;
  const me = tx.s.entities[entity.id]!;
  // one object interaction per turn is free; another costs the action
  const cost = turn.objectUsed ? "action" : "object";
  if (cost === "action") checkCost(tx, turn, "action", `a second object interaction`);
  const done = objectRule(world, entity, reach.object);
  if (!done.ok) return reject(done.code, done.message);
  spend(tx, cost);
  reveal(tx, me); // a hidden creature that acts shows itself, as for actions, moves and items
  if (done.kind === "pickLock") pickLock(tx, me, obj, done.then);
  else if (done.kind === "disarm") disarm(tx, me, obj, done.changes);
  else carryOut(tx, me, obj, done);
}

/** Sets the changed fields on the draft (a field set to its own value changes nothing, no patch). */
const change = (tx: Tx, c: ObjectChange) => Object.assign(tx.s.map.objects[c.id]!, c.set);

/**
 * What surely happens to `obj` (objectRules.ts decided it), with its log lines: the creature has
 * shown itself by now, so they are the DM's alone only when the object is hidden from the party.
 */
function carryOut(tx: Tx, me: E, obj: Draft<MapObject>, done: SureInteraction): void {
  const [first, ...more] = done.changes;
  if (first) change(tx, first);
  switch (done.kind) {
    case "close":
      return log(tx, `${me.name} closes the ${obj.name}.`, !!obj.hidden);
    case "open":
      return log(tx, `${me.name} opens the ${obj.name}.`, !!obj.hidden);
    case "loot": {
      for (const item of done.gained) {
        const copy = castDraft(item);
        me.inventory.push(copy);
        // the results' loot is the party's (PCs'): a monster's haul stays in its pack, and a hidden one's id off the players' table
        if (me.kind === "pc") tx.s.loot.push(castDraft({ entityId: me.id, item: copy }));
      }
      return log(
        tx,
        done.gained.length
          ? `${me.name} opens the ${obj.name} and takes ${done.gained.map((i) => i.name).join(", ")}.`
          : `${me.name} opens the ${obj.name}; it is empty.`,
        !!obj.hidden,
      );
    }
    case "pull":
      log(tx, `${me.name} pulls the ${obj.name}.`, !!obj.hidden);
      for (const c of more) {
        change(tx, c);
        const o = tx.s.map.objects[c.id]!;
        if (o.kind === "door") log(tx, `The ${o.name} ${o.open ? "opens" : "closes"}.`, !!o.hidden);
      }
  }
}

/** Thieves' tools on a lock: the attempt takes the interaction whether it works or not. */
function pickLock(tx: Tx, me: E, obj: Draft<MapObject>, then: SureInteraction): void {
  const roll = tx.rng.die(20) + me.abilities.dex;
  if (roll < PICK_LOCK_DC) {
    log(
      tx,
      `${me.name} fails to pick the lock of the ${obj.name} (${roll} against ${PICK_LOCK_DC}).`,
      !!obj.hidden,
    );
    return;
  }
  // `then` opens it, unlocking it as a key would
  log(tx, `${me.name} picks the lock of the ${obj.name} (${roll}).`, !!obj.hidden);
  carryOut(tx, me, obj, then);
}

/** A DEX check against the trap's DC: disarmed, or it goes off on `me`; spent either way. */
function disarm(tx: Tx, me: E, trap: Draft<MapObject>, changes: ObjectChange[]): void {
  if (trap.kind !== "trap") return;
  const roll = tx.rng.die(20) + me.abilities.dex;
  if (roll >= trap.dc) {
    for (const c of changes) change(tx, c);
    log(tx, `${me.name} disarms the ${trap.name} (${roll} vs DC ${trap.dc}).`, !!trap.hidden);
  } else {
    log(tx, `${me.name} fails to disarm the ${trap.name} (${roll} vs DC ${trap.dc}).`, !!trap.hidden);
    triggerTrap(tx, trap.id, me);
  }
}

/** A trap goes off on `victim`: a saving throw halves nothing, it avoids the damage. Then it is spent. */
export function triggerTrap(tx: Tx, trapId: string, victim: E): void {
  const trap = tx.s.map.objects[trapId];
  // a path may cross the same cell twice: a spent trap stays spent
  if (!trap || trap.kind !== "trap" || !trap.armed) return;
  Object.assign(trap, spent(trap));
  const saved = savingThrow(tx, victim, trap.save, trap.dc);
  log(tx, `${victim.name} sets off the ${trap.name}${saved ? " but avoids it" : ""}!`, victim.hidden);
  if (!saved && isActive(victim))
    damage(tx, victim, rollAmount(tx, trap.damage), `damage from the ${trap.name}`);
}
