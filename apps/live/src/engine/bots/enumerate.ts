import { applyCommand } from "../apply";
import type { Command } from "../commands";
import { cellKey, distanceFeet, isActive, NEIGHBOUR_STEPS } from "../grid";
import { reachableCells } from "../reach";
import type { InteractionState } from "../state";
import { controllerOf } from "./seat";

/** Every command worth trying for `entityId` on its turn, before the rules have a say. */
function candidates(s: InteractionState, entityId: string): Command[] {
  const e = s.entities[entityId];
  const turn = s.turn;
  if (!e || !turn || turn.entityId !== entityId) return [];
  const turnId = turn.id;
  const out: Command[] = [{ type: "endTurn", turnId, entityId }];
  const others = Object.values(s.entities).filter((o) => o.id !== e.id && !(o.hidden && e.side === "party"));
  // one step to each neighbouring cell the movement rules allow (the table offers the same cells)
  const steps = new Set(
    reachableCells(s, e)
      .filter((r) => r.path.length === 1)
      .map((r) => cellKey(r.position)),
  );
  for (const d of NEIGHBOUR_STEPS) {
    const p = { x: e.position.x + d.x, y: e.position.y + d.y };
    if (steps.has(cellKey(p))) out.push({ type: "moveEntity", turnId, entityId, path: [p] });
  }
  for (const a of e.actions) {
    switch (a.kind) {
      case "attack":
        for (const o of others)
          if (isActive(o) && o.side !== e.side && distanceFeet(e.position, o.position) <= a.range)
            out.push({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [o.id] });
        break;
      case "spell":
        if (a.targets.type === "self")
          out.push({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [] });
        else
          for (const o of [e, ...others]) {
            if (distanceFeet(e.position, o.position) > Math.max(a.range, 5)) continue;
            out.push(
              a.area
                ? { type: "takeTurn", turnId, entityId, actionId: a.id, targets: [], point: o.position }
                : { type: "takeTurn", turnId, entityId, actionId: a.id, targets: [o.id] },
            );
          }
        break;
      case "help":
        for (const o of others)
          if (o.side === e.side && distanceFeet(e.position, o.position) <= 5)
            out.push({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [o.id] });
        break;
      case "check":
        out.push({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [] });
        for (const o of others)
          if (o.attitude !== undefined)
            out.push({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [o.id] });
        break;
      default:
        out.push({ type: "takeTurn", turnId, entityId, actionId: a.id, targets: [] });
    }
  }
  for (const i of e.inventory) {
    if (i.type === "consumable" && i.charges > 0) {
      if (i.effect.kind === "heal")
        for (const o of [e, ...others])
          if (o.side === e.side && distanceFeet(e.position, o.position) <= 5)
            out.push({ type: "useItem", turnId, entityId, itemId: i.id, targetId: o.id });
      if (i.effect.kind === "damage")
        for (const o of others)
          if (o.side !== e.side && isActive(o))
            out.push({ type: "useItem", turnId, entityId, itemId: i.id, targetId: o.id });
    }
    if (i.type === "weapon" || i.type === "armor")
      out.push({ type: "equipItem", turnId, entityId, itemId: i.id, equip: !i.equipped });
  }
  for (const o of Object.values(s.map.objects))
    if (distanceFeet(e.position, o.position) <= 5)
      out.push({ type: "interactObject", turnId, entityId, objectId: o.id });
  return out;
}

/**
 * The legal commands for `entityId` right now (its turn only), each checked by a dry run of
 * the real rules as its controller would send it.
 */
export function enumerate(s: InteractionState, entityId: string, now = s.turn?.startedAt ?? 0): Command[] {
  const e = s.entities[entityId];
  if (!e) return [];
  const ctx = { actor: controllerOf(s, e), now };
  return candidates(s, entityId).filter((c) => applyCommand(s, c, ctx).ok);
}
