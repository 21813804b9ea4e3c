import { describe, expect, it } from "vitest";
import { applyCommand } from "./apply";
import { controllerOf } from "./bots/seat";
import { createInteraction } from "./create";
import { cellKey, inBounds, NEIGHBOUR_STEPS } from "./grid";
import { reachableCells } from "./reach";
import { goblinAmbush } from "./scenarios";
import type { InteractionState } from "./state";
import { viewFor } from "./view";

/** The ambush at the start of each of its first turns (every turn ended at once, so no one has moved). */
function turnStarts(n: number): InteractionState[] {
  const setup = goblinAmbush();
  const dm = { userId: setup.dmUserId, role: "dm" as const };
  let s = createInteraction(setup, { seed: 3, now: 0 });
  for (const c of [{ type: "rollInitiative", scope: "all" }, { type: "start" }] as const) {
    const r = applyCommand(s, c, { actor: dm, now: 0 });
    if (!r.ok) throw new Error(r.error.message);
    s = r.state;
  }
  const out: InteractionState[] = [];
  for (let i = 0; i < n && s.turn; i++) {
    out.push(s);
    const r = applyCommand(s, { type: "skipTurn", turnId: s.turn.id }, { actor: dm, now: 0 });
    if (!r.ok) throw new Error(r.error.message);
    s = r.state;
  }
  return out;
}

describe("reachableCells", () => {
  it("offers exactly the cells moveEntity accepts, at the cost it charges", () => {
    let checked = 0;
    for (const s of turnStarts(10)) {
      const id = s.turn!.entityId;
      const e = s.entities[id]!;
      const ctx = { actor: controllerOf(s, e), now: 0 };
      const cells = reachableCells(s, id);
      expect(cells.length).toBeGreaterThan(0);
      for (const r of cells) {
        const res = applyCommand(
          s,
          { type: "moveEntity", turnId: s.turn!.id, entityId: id, path: r.path },
          ctx,
        );
        expect(res.ok).toBe(true);
        if (!res.ok) continue;
        expect(res.state.entities[id]!.position).toEqual(r.position);
        expect(res.state.turn!.moved).toBe(r.cost);
        expect(r.cost).toBeLessThanOrEqual(e.speed);
        checked++;
      }
      // a neighbouring cell it leaves out is refused
      const offered = new Set(cells.map((r) => cellKey(r.position)));
      for (const d of NEIGHBOUR_STEPS) {
        const p = { x: e.position.x + d.x, y: e.position.y + d.y };
        if (!inBounds(s.map, p) || offered.has(cellKey(p))) continue;
        const res = applyCommand(s, { type: "moveEntity", turnId: s.turn!.id, entityId: id, path: [p] }, ctx);
        expect(res.ok).toBe(false);
      }
      // the DM's view gives the same cells as the state
      expect(reachableCells(viewFor(s, "dm"), id)).toEqual(cells);
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("uses the movement left in the entity's own turn, and none outside it", () => {
    const [s] = turnStarts(1);
    const id = s!.turn!.entityId;
    const e = s!.entities[id]!;
    const far = Math.max(...reachableCells(s!, id).map((r) => r.cost));
    expect(far).toBe(e.speed);
    const other = Object.values(s!.entities).find((x) => x.id !== id)!;
    expect(reachableCells(s!, other.id)).toEqual([]);
    expect(reachableCells(s!, other.id, 5).length).toBeGreaterThan(0);
  });
});
