import type { EquipItemCommand, UseItemCommand } from "../commands";
import { requireControl, requireEntity } from "../access";
import { reject } from "../errors";
import { distanceFeet, isActive } from "../grid";
import { log, type Tx } from "../tx";
import { canSee, checkCost, requireAble } from "./actions";
import { damage, heal, reveal, rollAmount } from "./combat";
import { currentTurn, requireTurnOf, spend, staleTurn } from "./turns";

export function useItem(tx: Tx, c: UseItemCommand): void {
  const { turn, entity } = requireTurnOf(tx, c.entityId, c.turnId);
  requireAble(entity);
  const item = entity.inventory.find((i) => i.id === c.itemId);
  if (!item) return reject("INVALID_COMMAND", `${entity.name} does not carry that item.`);
  if (item.type !== "consumable")
    return reject("INVALID_COMMAND", `The ${item.name} cannot be used up like that.`);
  if (item.charges <= 0) reject("NO_ACTION_LEFT", `The ${item.name} has no charges left.`);
  const cost = item.cost ?? "action";
  checkCost(tx, turn, cost, item.name);
  const s = tx.s;
  const effect = item.effect;
  const targetId = c.targetId ?? entity.id;
  const target = s.entities[targetId];
  if (!target || !canSee(entity, target))
    return reject("INVALID_TARGET", `There is no one called ${targetId} to use it on.`);
  if (effect.kind === "heal") {
    if (target.side !== entity.side || target.defeated)
      reject("INVALID_TARGET", `The ${item.name} can only help an ally.`);
    const d = distanceFeet(entity.position, target.position);
    if (d > 5) reject("OUT_OF_RANGE", `${target.name} is ${d} ft away; move next to them first.`);
  } else {
    if (target.id === entity.id || target.side === entity.side)
      reject("INVALID_TARGET", `Throw the ${item.name} at an enemy, not ${target.name}.`);
    if (!isActive(target)) reject("INVALID_TARGET", `${target.name} is already down.`);
    const d = distanceFeet(entity.position, target.position);
    if (d > effect.range)
      reject("OUT_OF_RANGE", `${target.name} is ${d} ft away; the ${item.name} reaches ${effect.range} ft.`);
  }
  spend(tx, cost);
  const me = s.entities[entity.id]!;
  reveal(tx, me);
  const it = me.inventory.find((i) => i.id === item.id);
  if (it?.type === "consumable") it.charges -= 1;
  const t = s.entities[target.id]!;
  if (effect.kind === "heal") heal(tx, t, rollAmount(tx, effect.amount), `the ${item.name}`);
  else {
    log(tx, `${me.name} uses the ${item.name} on ${t.name}.`, me.hidden || t.hidden);
    damage(tx, t, rollAmount(tx, effect.amount), `${effect.damageType} damage`);
  }
}

/** Equipping or stowing uses the turn's free object interaction (then the action) in play. */
export function equipItem(tx: Tx, c: EquipItemCommand): void {
  const s = tx.s;
  const entity = requireEntity(s, c.entityId);
  requireControl(s, tx.ctx.actor, entity);
  const inPlay = s.status !== "lobby";
  let cost: "object" | "action" | undefined;
  if (inPlay) {
    if (c.turnId === undefined) reject("INVALID_COMMAND", "Say which turn this is for (turnId).");
    const turn = currentTurn(tx);
    if (turn.id !== c.turnId) staleTurn(tx, c.turnId ?? 0, c.entityId);
    if (turn.entityId !== entity.id) reject("NOT_YOUR_TURN", `It is not ${entity.name}'s turn.`);
    requireTurnOf(tx, c.entityId, turn.id);
    requireAble(entity);
    cost = turn.objectUsed ? "action" : "object";
    if (cost === "action") checkCost(tx, turn, "action", "another object interaction");
  }
  const item = entity.inventory.find((i) => i.id === c.itemId);
  if (!item) return reject("INVALID_COMMAND", `${entity.name} does not carry that item.`);
  if (item.type !== "weapon" && item.type !== "armor")
    return reject("INVALID_COMMAND", `The ${item.name} cannot be equipped.`);
  if (item.equipped === c.equip)
    reject("BAD_STATE", `The ${item.name} is already ${c.equip ? "equipped" : "stowed"}.`);
  if (cost) spend(tx, cost);
  const me = s.entities[entity.id]!;
  const it = me.inventory.find((i) => i.id === item.id)!;
  if (it.type !== "weapon" && it.type !== "armor") return;
  it.equipped = c.equip;
  if (it.type === "armor") me.ac += c.equip ? it.acBonus : -it.acBonus;
  log(tx, `${me.name} ${c.equip ? "equips" : "stows"} the ${it.name}.`, me.hidden);
}
