import type { Draft } from "immer";
import type { MoveEntityCommand } from "../commands";
import { reject } from "../errors";
import {
  adjacent,
  cellKey,
  cellSet,
  distanceFeet,
  hostile,
  inBounds,
  isActive,
  isWall,
  occupant,
  samePos,
} from "../grid";
import type { Position } from "../setup";
import type { Entity, InteractionState } from "../state";
import { log, peek, peekRoot, plain, type Tx } from "../tx";
import { requireAble } from "./actions";
import { attackRoll, damage, has, reveal, rollAmount } from "./combat";
import { triggerTrap } from "./objects";
import { requireTurnOf } from "./turns";

type E = Draft<Entity>;

/** Feet of movement left this turn. */
export const movementLeft = (e: Entity, turn: { dashed?: true; moved?: number }): number =>
  e.speed * (turn.dashed ? 2 : 1) - (turn.moved ?? 0);

/**
 * Checks a path without changing anything: every step is to a neighbouring cell on the map,
 * not a wall or closed door, not through an enemy, not ending on anyone. Returns its cost.
 */
export function pathCost(
  s: Pick<InteractionState, "map" | "entities">,
  e: Entity,
  path: readonly Position[],
): number {
  const difficult = cellSet(s.map.difficult);
  let prev = e.position;
  let cost = 0;
  for (const [i, p] of path.entries()) {
    const at = `(${p.x}, ${p.y})`;
    if (!inBounds(s.map, p)) reject("PATH_BLOCKED", `${at} is off the map.`);
    if (!adjacent(prev, p))
      reject(
        "PATH_BLOCKED",
        `Each step must go to a neighbouring square; ${at} is not next to (${prev.x}, ${prev.y}).`,
      );
    if (isWall(s, p)) reject("PATH_BLOCKED", `The way is blocked at ${at}.`);
    const occ = occupant(s, p, e.id);
    if (occ && (hostile(e, occ) || i === path.length - 1))
      reject("PATH_BLOCKED", `Someone is in the way at ${at}.`);
    cost += difficult.has(cellKey(p)) ? 10 : 5;
    prev = p;
  }
  return cost;
}

export function moveEntity(tx: Tx, c: MoveEntityCommand): void {
  const { turn, entity } = requireTurnOf(tx, c.entityId, c.turnId);
  requireAble(entity);
  const left = movementLeft(entity, turn);
  if (left <= 0) reject("NO_ACTION_LEFT", `${entity.name} has no movement left this turn.`);
  const cost = pathCost(
    { map: plain(peekRoot(tx, "map")), entities: plain(peekRoot(tx, "entities")) },
    entity,
    c.path,
  );
  if (cost > left)
    reject("OUT_OF_RANGE", `That path needs ${cost} ft but ${entity.name} has ${left} ft of movement left.`);

  const me = tx.s.entities[entity.id]!;
  const difficult = cellSet(peek(peekRoot(tx, "map"), "difficult"));
  reveal(tx, me);
  let moved = 0;
  const traps = Object.values(plain(peek(peekRoot(tx, "map"), "objects"))).filter(
    (o) => o.kind === "trap" && o.armed,
  );
  const foes = Object.values(plain(peekRoot(tx, "entities"))).filter(
    (f) => isActive(f) && hostile(entity, f) && !f.reactionUsed && !has(f, "stunned"),
  );
  for (const p of c.path) {
    opportunityAttacks(tx, me, p, foes);
    if (!isActive(me)) break;
    me.position = Object.freeze({ x: p.x, y: p.y }); // frozen: immer need not walk it
    moved += difficult.has(cellKey(p)) ? 10 : 5;
    // every armed trap on the cell goes off (triggerTrap skips one already spent on this move)
    for (const trap of traps) {
      if (!samePos(trap.position, p) || tx.s.map.objects[trap.id]?.kind !== "trap") continue;
      triggerTrap(tx, trap.id, me);
      if (!isActive(me)) break;
    }
    if (!isActive(me)) break;
  }
  const t = tx.s.turn!;
  t.moved = (t.moved ?? 0) + moved;
  t.status = "taken";
}

/** Leaving an enemy's reach without disengaging lets it attack once with its reaction. */
function opportunityAttacks(tx: Tx, me: E, to: Position, foes: Entity[]): void {
  if (has(me, "disengaged")) return;
  const from = peek(me, "position");
  for (const plainFoe of foes) {
    if (distanceFeet(plainFoe.position, from) > 5 || distanceFeet(plainFoe.position, to) <= 5) continue;
    const foe = tx.s.entities[plainFoe.id]!;
    if (foe.reactionUsed || !isActive(foe)) continue;
    const melee = foe.actions.find(
      (a) =>
        a.kind === "attack" &&
        a.range <= 5 &&
        (!a.weaponId || foe.inventory.some((i) => i.id === a.weaponId && i.type === "weapon" && i.equipped)),
    );
    if (!melee || melee.kind !== "attack") continue;
    foe.reactionUsed = true;
    reveal(tx, foe);
    const r = attackRoll(tx, foe, me, melee.toHit, true);
    log(
      tx,
      `${foe.name} makes an opportunity attack on ${me.name}: ${r.hit ? "hit" : "miss"} (${r.total} vs AC ${me.ac}).`,
      foe.hidden || me.hidden,
    );
    if (r.hit) damage(tx, me, rollAmount(tx, melee.damage, r.crit), `${melee.damageType} damage`);
    if (!isActive(me)) return;
  }
}
