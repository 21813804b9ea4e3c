import type { Draft } from "immer";
import { filterIn } from "../arrays";
import { rollD20, rollDice } from "../dice";
import type { ConditionName } from "../setup";
import type { Condition, Entity } from "../state";
import { log, peek, peekRoot, snapshot, type Tx } from "../tx";

type E = Draft<Entity>;

export const has = (e: Entity, name: ConditionName): boolean => inList(peek(e, "conditions"), name);

export function removeCondition(e: E, name: ConditionName): void {
  if (has(e, name)) e.conditions = filterIn(peek(e, "conditions"), (c) => c.name !== name);
}

export function addCondition(
  tx: Tx,
  e: E,
  name: ConditionName,
  opts: { rounds?: number; endsWithTurnOf?: string; source?: string },
): void {
  const c: Condition = { name, sinceTurn: peekRoot(tx, "turn")?.id ?? 0, ...opts };
  e.conditions = [...filterIn(peek(e, "conditions"), (x) => x.name !== name), c];
}

/** A hidden (DM-secret) entity that acts shows itself to the players (the DM's `reveal`: flow.ts). */
export function reveal(tx: Tx, e: E): void {
  if (!e.hidden) return;
  e.hidden = false;
  log(tx, `${e.name} appears!`);
}

export interface AttackRoll {
  hit: boolean;
  crit: boolean;
  total: number;
  natural: number;
}

/** A loop, not `some`/`for of`: both are slower on frozen arrays (see arrays.ts). */
function inList(list: readonly Condition[], name: ConditionName): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]!.name === name) return true;
  return false;
}

/** d20 + bonus against AC, with the advantage/disadvantage the conditions give. */
export function attackRoll(
  tx: Tx,
  attacker: Entity,
  target: Entity,
  toHit: number,
  melee: boolean,
): AttackRoll {
  // each side's conditions read once (not through a draft)
  const mine = peek(attacker, "conditions");
  const theirs = peek(target, "conditions");
  const spent = inList(mine, "helped") || inList(mine, "hidden");
  const adv = spent || inList(theirs, "stunned") || (melee && inList(theirs, "prone"));
  const dis =
    (inList(theirs, "dodging") && !inList(theirs, "stunned")) ||
    inList(mine, "poisoned") ||
    inList(mine, "frightened") ||
    inList(theirs, "hidden") ||
    (!melee && inList(theirs, "prone"));
  const natural = rollD20(tx.rng, adv, dis);
  let total = natural + toHit;
  if (inList(mine, "blessed")) total += tx.rng.die(4);
  // advantage from help or stealth is spent on this attack
  if (spent) {
    const w = tx.s.entities[attacker.id]!; // the attacker may be a plain read (not drafted yet)
    w.conditions = filterIn(mine, (c) => c.name !== "helped" && c.name !== "hidden");
  }
  const crit = natural === 20;
  const hit = crit || (natural !== 1 && total >= target.ac);
  return { hit, crit, total, natural };
}

export function savingThrow(tx: Tx, target: Entity, ability: keyof Entity["abilities"], dc: number): boolean {
  const auto = has(target, "stunned") && (ability === "str" || ability === "dex");
  if (auto) return false;
  return tx.rng.die(20) + target.abilities[ability] >= dc;
}

/** Damage soaks temp HP first; HP never goes below 0. At 0 a PC falls unconscious, others are defeated. */
export function damage(tx: Tx, target: E, amount: number, what: string): void {
  if (amount <= 0) return;
  let left = amount;
  if (target.tempHp > 0) {
    const soak = Math.min(target.tempHp, left);
    target.tempHp -= soak;
    left -= soak;
  }
  target.hp = Math.max(0, target.hp - left);
  log(
    tx,
    `${target.name} takes ${amount} ${what}${target.hp === 0 ? "" : ` (${target.hp}/${target.maxHp} HP)`}.`,
    target.hidden,
  );
  if (target.hp === 0) knockOut(tx, target);
}

function knockOut(tx: Tx, target: E): void {
  if (target.kind === "pc") {
    if (target.unconscious) return;
    target.unconscious = true;
    log(tx, `${target.name} falls unconscious!`, target.hidden);
  } else {
    if (target.defeated) return;
    target.defeated = true;
    log(tx, `${target.name} is defeated!`, target.hidden);
    if (target.hidden && target.side !== "party" && target.xp > 0)
      log(tx, `${target.name} fell unseen by the party: reveal it to count its ${target.xp} XP.`, true);
  }
  if (peek(target, "conditions").length) target.conditions = [];
  if (peekRoot(tx, "queued")[target.id]) delete tx.s.queued[target.id];
  snapshot(tx, "defeat");
}

export function heal(tx: Tx, target: E, amount: number, what: string): void {
  if (target.defeated) return;
  const before = target.hp;
  target.hp = Math.min(target.maxHp, target.hp + amount);
  if (target.hp > 0 && target.unconscious) target.unconscious = false;
  log(
    tx,
    `${target.name} regains ${target.hp - before} HP from ${what} (${target.hp}/${target.maxHp} HP).`,
    target.hidden,
  );
}

export const rollAmount = (tx: Tx, dice: string, crit = false): number => rollDice(dice, tx.rng, crit);
