import type { Draft } from "immer";
import { findIn } from "../arrays";
import type { TakeTurnCommand } from "../commands";
import { reject } from "../errors";
import { CHECK_RANGE_FT, distanceFeet, hostile, inBounds, isActive, isStunned } from "../grid";
import type { ActionDef, AttackAction, CheckAction, SpellAction } from "../setup";
import type { Entity, Turn } from "../state";
import { log, peek, peekRoot, plain, type Tx } from "../tx";
import { addCondition, attackRoll, damage, heal, reveal, rollAmount, savingThrow } from "./combat";
import { changeAttitude } from "./social";
import { requireTurnOf, spend } from "./turns";

type E = Draft<Entity>;

/** Throws if the turn has no action (or bonus action) left; spends nothing. */
export function checkCost(tx: Tx, turn: Turn, cost: "action" | "bonus", what: string): void {
  if (cost === "action" && turn.actionUsed) {
    if (turn.actedBy && turn.actedBy !== tx.ctx.actor.userId)
      reject(
        "CONFLICT",
        `Too late: ${tx.s.entities[turn.entityId]?.name ?? "that character"} already acted in turn ${turn.id}.`,
      );
    reject("NO_ACTION_LEFT", `You have already used your action this turn (${what} needs it).`);
  }
  if (cost === "bonus" && turn.bonusUsed)
    reject("NO_ACTION_LEFT", `You have already used your bonus action this turn (${what} needs it).`);
}

export function requireAble(e: Entity): void {
  if (isStunned(e)) reject("BAD_STATE", `${e.name} is stunned and can only end the turn.`);
}

/** Can this entity see (and so pick) that target? Players' side never sees DM-hidden ones. */
export const canSee = (by: Entity, target: Entity): boolean => !target.hidden || by.side !== "party";

/** A valid target, read without drafting it (write through `tx.s.entities[t.id]`). */
function requireTarget(tx: Tx, by: Entity, id: string, allowDown = false): Entity {
  const t = peek(peekRoot(tx, "entities"), id);
  if (!t || !canSee(by, t)) return reject("INVALID_TARGET", `There is no one called ${id} to target.`);
  if (!allowDown && !isActive(t)) reject("INVALID_TARGET", `${t.name} is already down.`);
  if (t.defeated) reject("INVALID_TARGET", `${t.name} is already defeated.`);
  return t;
}

function requireRange(
  by: Entity,
  target: { position: Entity["position"]; name: string },
  range: number,
  what: string,
): void {
  const d = distanceFeet(peek(by, "position"), peek(target, "position"));
  if (d > Math.max(range, 5))
    reject("OUT_OF_RANGE", `${target.name} is ${d} ft away; ${what} reaches ${Math.max(range, 5)} ft.`);
}

export function takeTurn(tx: Tx, c: TakeTurnCommand): void {
  const { turn, entity } = requireTurnOf(tx, c.entityId, c.turnId);
  requireAble(entity);
  const action = findIn(entity.actions, (a) => a.id === c.actionId);
  if (!action) return reject("INVALID_COMMAND", `${entity.name} has no action called ${c.actionId}.`);
  const cost = action.cost ?? "action";
  checkCost(tx, turn, cost, action.name);
  if (action.uses !== undefined && (entity.usesLeft[action.id] ?? 0) <= 0)
    reject("NO_ACTION_LEFT", `${entity.name} has no uses of ${action.name} left.`);
  if (action.kind === "dash" && turn.dashed)
    reject("NO_ACTION_LEFT", `${entity.name} has already dashed this turn.`);
  // an attacker that only rolls is read, not drafted (one immer draft and entity copy less)
  const readOnly =
    !entity.hidden &&
    action.uses === undefined &&
    (action.kind === "attack" ||
      (action.kind === "spell" &&
        action.targets.type !== "self" &&
        !action.area &&
        !c.targets.includes(entity.id)));
  const me = readOnly ? (entity as E) : tx.s.entities[entity.id]!;
  const run = validate(tx, me, action, c);
  spend(tx, cost);
  if (action.uses !== undefined) me.usesLeft[action.id] = (me.usesLeft[action.id] ?? 1) - 1;
  if (action.kind !== "hide") reveal(tx, me);
  run();
}

// module level, not a closure in `validate`: tsx names inner arrow functions on every call
function noTargets(c: TakeTurnCommand, action: ActionDef): void {
  if (c.targets.length > 0) reject("INVALID_COMMAND", `${action.name} takes no target.`);
}

/** Checks targets and range for `action` and returns what to do once the cost is spent. */
function validate(tx: Tx, me: E, action: ActionDef, c: TakeTurnCommand): () => void {
  switch (action.kind) {
    case "attack": {
      if (c.targets.length !== 1) reject("INVALID_COMMAND", `${action.name} needs exactly one target.`);
      const t = requireTarget(tx, me, c.targets[0]!);
      if (t.id === me.id || t.side === me.side) reject("INVALID_TARGET", `${t.name} is on your side.`);
      if (action.weaponId) {
        const w = findIn(peek(me, "inventory"), (i) => i.id === action.weaponId);
        if (!w || w.type !== "weapon")
          reject("INVALID_COMMAND", `${me.name} no longer has the weapon for ${action.name}.`);
        else if (!w.equipped) reject("INVALID_COMMAND", `Equip the ${w.name} first.`);
      }
      requireRange(me, t, action.range, action.name);
      return () => resolveAttack(tx, me, t, action);
    }
    case "spell":
      return validateSpell(tx, me, action, c);
    case "dash":
      noTargets(c, action);
      return () => {
        tx.s.turn!.dashed = true;
        log(tx, `${me.name} dashes.`, me.hidden);
      };
    case "dodge":
      noTargets(c, action);
      return () => {
        addCondition(tx, me, "dodging", { rounds: 1 });
        log(tx, `${me.name} takes the Dodge action.`, me.hidden);
      };
    case "disengage":
      noTargets(c, action);
      return () => {
        addCondition(tx, me, "disengaged", { endsWithTurnOf: me.id });
        log(tx, `${me.name} disengages.`, me.hidden);
      };
    case "help": {
      if (c.targets.length !== 1) reject("INVALID_COMMAND", "Help needs exactly one ally.");
      const t = requireTarget(tx, me, c.targets[0]!);
      if (t.id === me.id || t.side !== me.side)
        reject("INVALID_TARGET", `${t.name} is not an ally you can help.`);
      requireRange(me, t, 5, "Help");
      return () => {
        addCondition(tx, tx.s.entities[t.id]!, "helped", { endsWithTurnOf: t.id, source: me.id });
        log(tx, `${me.name} helps ${t.name}: advantage on the next attack.`, me.hidden || t.hidden);
      };
    }
    case "hide":
      noTargets(c, action);
      return () => {
        const watchers = Object.values(plain(peekRoot(tx, "entities"))).filter(
          (o) => isActive(o) && hostile(me, o),
        );
        const dc = Math.max(10, ...watchers.map((o) => 10 + o.abilities.wis));
        const roll = tx.rng.die(20) + me.abilities.dex + 2;
        if (roll >= dc) {
          addCondition(tx, me, "hidden", {});
          log(tx, `${me.name} hides (${roll} vs ${dc}).`, me.hidden);
        } else log(tx, `${me.name} fails to hide (${roll} vs ${dc}).`, me.hidden);
      };
    case "check":
      return validateCheck(tx, me, action, c);
  }
}

function resolveAttack(tx: Tx, me: E, t: Entity, action: AttackAction): void {
  const r = attackRoll(tx, me, t, action.toHit, action.range <= 5);
  if (!r.hit) {
    log(
      tx,
      `${me.name} misses ${t.name} with ${action.name} (${r.total} vs AC ${t.ac}).`,
      me.hidden || t.hidden,
    );
    return;
  }
  log(
    tx,
    `${me.name} ${r.crit ? "critically hits" : "hits"} ${t.name} with ${action.name} (${r.total} vs AC ${t.ac}).`,
    me.hidden || t.hidden,
  );
  damage(tx, tx.s.entities[t.id]!, rollAmount(tx, action.damage, r.crit), `${action.damageType} damage`);
}

const matchesSide = (me: Entity, t: Entity, type: SpellAction["targets"]["type"]): boolean =>
  type === "any" ||
  (type === "ally" ? t.side === me.side : type === "enemy" ? t.side !== me.side : t.id === me.id);

function validateSpell(tx: Tx, me: E, spell: SpellAction, c: TakeTurnCommand): () => void {
  let targets: E[];
  if (spell.targets.type === "self") {
    targets = [me];
  } else if (spell.area) {
    if (!c.point) return reject("INVALID_COMMAND", `${spell.name} needs a point to centre on.`);
    if (c.targets.length > 0)
      reject("INVALID_COMMAND", `${spell.name} hits an area; pick a point, not targets.`);
    if (!inBounds(tx.s.map, c.point)) reject("OUT_OF_RANGE", "That point is off the map.");
    requireRange(me, { position: c.point, name: "That point" }, spell.range, spell.name);
    const radius = spell.area.radius;
    const point = c.point;
    targets = Object.values(plain(peekRoot(tx, "entities")))
      .filter(
        (t) =>
          isActive(t) && distanceFeet(point, t.position) <= radius && matchesSide(me, t, spell.targets.type),
      )
      .map((t) => tx.s.entities[t.id]!);
  } else {
    if (c.targets.length === 0) reject("INVALID_COMMAND", `${spell.name} needs a target.`);
    if (c.targets.length > spell.targets.max)
      reject("INVALID_COMMAND", `${spell.name} takes at most ${spell.targets.max} target(s).`);
    if (new Set(c.targets).size !== c.targets.length)
      reject("INVALID_COMMAND", "Each target can be picked only once.");
    targets = c.targets.map((id) => {
      const t = requireTarget(tx, me, id, spell.heal !== undefined);
      if (!matchesSide(me, t, spell.targets.type))
        reject(
          "INVALID_TARGET",
          `${spell.name} only affects ${spell.targets.type === "ally" ? "allies" : "enemies"}; ${t.name} is not one.`,
        );
      requireRange(me, t, spell.range, spell.name);
      return tx.s.entities[t.id]!;
    });
  }
  return () => {
    // the players' line names only whom they can see; the DM's names the rest too
    const seen = targets.filter((t) => !t.hidden);
    const unseen = targets.filter((t) => t.hidden);
    log(tx, `${me.name} casts ${spell.name}${seen.length ? ` on ${names(seen)}` : ""}.`, me.hidden);
    if (unseen.length) log(tx, `${me.name}'s ${spell.name} also reaches ${names(unseen)}.`, true);
    for (const t of targets) applySpell(tx, me, t, spell);
  };
}

const names = (ts: readonly Entity[]): string => ts.map((t) => t.name).join(", ");

function applySpell(tx: Tx, me: E, t: E, spell: SpellAction): void {
  if (spell.heal) heal(tx, t, rollAmount(tx, spell.heal), spell.name);
  let factor = 1;
  let crit = false;
  if (spell.attack) {
    const r = attackRoll(tx, me, t, spell.attack.toHit, spell.range <= 5);
    if (!r.hit)
      return log(tx, `${spell.name} misses ${t.name} (${r.total} vs AC ${t.ac}).`, me.hidden || t.hidden);
    crit = r.crit;
  }
  if (spell.save && savingThrow(tx, t, spell.save.ability, spell.save.dc)) {
    if (!spell.save.half) log(tx, `${t.name} resists ${spell.name}.`, t.hidden);
    factor = spell.save.half ? 0.5 : 0;
  }
  if (spell.damage && factor > 0)
    damage(
      tx,
      t,
      Math.floor(rollAmount(tx, spell.damage, crit) * factor),
      `${spell.damageType ?? ""} damage from ${spell.name}`.trimStart(),
    );
  if (spell.condition && factor === 1 && isActive(t)) {
    addCondition(tx, t, spell.condition.name, { rounds: spell.condition.rounds, source: me.id });
    log(tx, `${t.name} is ${spell.condition.name}.`, t.hidden);
  }
}

function validateCheck(tx: Tx, me: E, check: CheckAction, c: TakeTurnCommand): () => void {
  if (c.targets.length > 1) reject("INVALID_COMMAND", `${check.name} takes at most one target.`);
  const t = c.targets[0] === undefined ? undefined : requireTarget(tx, me, c.targets[0]);
  if (t) requireRange(me, t, check.range ?? CHECK_RANGE_FT, check.name);
  return () => {
    const roll = tx.rng.die(20) + me.abilities[check.ability] + check.bonus;
    const ok = roll >= check.dc;
    log(
      tx,
      `${me.name} tries ${check.name}${t ? ` on ${t.name}` : ""}: ${roll} vs DC ${check.dc}, ${ok ? "success" : "failure"}.`,
      me.hidden || !!t?.hidden,
    );
    if (t && t.attitude !== undefined) changeAttitude(tx, t, t.attitude + (ok ? 1 : -1));
  };
}
