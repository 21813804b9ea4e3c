import { applyCommand } from "../apply";
import type { Command } from "../commands";
import { averageDice } from "../dice";
import { cellKey, cellSet, distanceFeet, hostile, isActive } from "../grid";
import { movementLeft } from "../rules/movement";
import type { Position } from "../setup";
import type { Entity, InteractionState } from "../state";
import { findPath } from "./pathfind";
import { controllerOf } from "./seat";

/** Cuts a path to what the entity can walk this turn (difficult terrain costs double). */
function affordable(s: InteractionState, path: Position[], budget: number): Position[] {
  const difficult = cellSet(s.map.difficult);
  const out: Position[] = [];
  let cost = 0;
  for (const p of path) {
    cost += difficult.has(cellKey(p)) ? 10 : 5;
    if (cost > budget) break;
    out.push(p);
  }
  return out;
}

/**
 * What a sensible player would do on this entity's turn: heal when low, attack the nearest
 * enemy in reach or walk toward it, talk the NPC round, open doors, pull levers, take the
 * chest — one command at a time, ending the turn when nothing useful is left.
 */
export function sensibleCommand(s: InteractionState, e: Entity): Command {
  const turn = s.turn!;
  const turnId = turn.id;
  const entityId = e.id;
  const ctx = { actor: controllerOf(s, e), now: turn.startedAt };
  const legal = (c: Command): boolean => applyCommand(s, c, ctx).ok;
  const first = (cs: Command[]): Command | undefined => cs.find(legal);
  const end: Command = { type: "endTurn", turnId, entityId };
  const budget = movementLeft(e, turn);
  const all = Object.values(s.entities);
  const visible = (o: Entity) => !(o.hidden && e.side === "party");
  const dist = (o: { position: Position }) => distanceFeet(e.position, o.position);
  const moveToward = (goal: (p: Position) => boolean): Command | undefined => {
    if (budget < 5) return undefined;
    const path = findPath(s, e, goal);
    if (!path || path.length === 0) return undefined;
    const step = affordable(s, path, budget);
    return step.length ? first([{ type: "moveEntity", turnId, entityId, path: step }]) : undefined;
  };

  // heal yourself when low, or an ally who is down
  const heals: Command[] = [];
  const downAlly = all.find((o) => o.side === e.side && o.unconscious && dist(o) <= 5);
  const healTarget = e.hp < e.maxHp * 0.4 ? e : downAlly;
  if (healTarget) {
    for (const a of e.actions)
      if (a.kind === "spell" && a.heal && (a.targets.type !== "self" || healTarget === e))
        heals.push({
          type: "takeTurn",
          turnId,
          entityId,
          actionId: a.id,
          targets: a.targets.type === "self" ? [] : [healTarget.id],
        });
    for (const i of e.inventory)
      if (i.type === "consumable" && i.effect.kind === "heal")
        heals.push({ type: "useItem", turnId, entityId, itemId: i.id, targetId: healTarget.id });
  }
  const heal = first(heals);
  if (heal) return heal;

  const foes = all
    .filter((o) => hostile(e, o) && isActive(o) && visible(o))
    .sort((a, b) => dist(a) - dist(b) || (a.id < b.id ? -1 : 1));
  if (foes.length > 0) {
    const attacks = e.actions
      .filter(
        (a) =>
          a.kind === "attack" || (a.kind === "spell" && a.damage && !a.area && a.targets.type === "enemy"),
      )
      .sort((a, b) => avg(b) - avg(a));
    const hit = first(
      attacks.flatMap((a) =>
        foes.map((f): Command => ({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [f.id] })),
      ),
    );
    if (hit) return hit;
    if (!turn.actionUsed) {
      const reach = Math.max(5, ...e.actions.map((a) => (a.kind === "attack" ? a.range : 5)));
      const target = foes[0]!;
      const step = moveToward((p) => distanceFeet(p, target.position) <= Math.min(reach, 30));
      if (step) return step;
    }
    return end;
  }

  if (e.side !== "party") return end;
  // parley: try the best check on anyone not yet won over (and in sight: no walking up to an NPC the party cannot see)
  const npcs = all.filter((o) => visible(o) && o.attitude !== undefined && o.attitude > -3 && o.attitude < 3);
  if (npcs.length > 0) {
    const checks = e.actions
      .filter((a) => a.kind === "check")
      .sort((a, b) =>
        a.kind === "check" && b.kind === "check"
          ? b.bonus + e.abilities[b.ability] - b.dc - (a.bonus + e.abilities[a.ability] - a.dc)
          : 0,
      );
    const talk = first(
      checks.flatMap((a) =>
        npcs.map((n): Command => ({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [n.id] })),
      ),
    );
    if (talk) return talk;
    const walk = moveToward((p) => npcs.some((n) => distanceFeet(p, n.position) <= 30));
    return walk ?? end;
  }
  // objects: take the chest, open doors on the way, pull levers when the chest is out of reach
  const objects = Object.values(s.map.objects).filter((o) => !o.hidden);
  const chests = objects.filter((o) => o.kind === "chest" && !o.open);
  const near = (o: { position: Position }) => (p: Position) => distanceFeet(p, o.position) <= 5;
  const use = first(
    chests
      .filter((o) => dist(o) <= 5)
      .map((o): Command => ({ type: "interactObject", turnId, entityId, objectId: o.id })),
  );
  if (use) return use;
  for (const c of chests.sort((a, b) => dist(a) - dist(b))) {
    const step = moveToward(near(c));
    if (step) return step;
  }
  if (chests.length > 0) {
    const doors = objects
      .filter((o) => o.kind === "door" && !o.open && !(o.locked && !o.keyTag))
      .sort((a, b) => dist(a) - dist(b));
    const levers = objects.filter((o) => o.kind === "lever" && !o.on).sort((a, b) => dist(a) - dist(b));
    for (const o of [...doors, ...levers]) {
      if (dist(o) <= 5) {
        const pull = first([{ type: "interactObject", turnId, entityId, objectId: o.id }]);
        if (pull) return pull;
        continue;
      }
      if (findPath(s, e, near(o))) {
        const step = moveToward(near(o));
        if (step) return step;
        break;
      }
    }
  }
  return end;
}

const avg = (a: Entity["actions"][number]): number =>
  a.kind === "attack" ? averageDice(a.damage) : a.kind === "spell" && a.damage ? averageDice(a.damage) : 0;
