import {
  applyCommand,
  createInteraction,
  demoUsers,
  goblinAmbush,
  QueueTurnCommand,
  viewFor,
  type EngineEvent,
  type InteractionState,
  type TurnStep,
  type ViewState,
} from "@roundtable/live/engine";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { targetSpec } from "./model";
import {
  describeStep,
  MAX_QUEUED_STEPS,
  moveOptions,
  planActionAvailable,
  planInteractionAvailable,
  planItemUsable,
  planSoFar,
} from "./queue-plan";

const P1 = { userId: demoUsers.players[0]!, role: "player" } as const;
const DM = { userId: demoUsers.dm, role: "dm" } as const;
const fresh = (seed = 1) => createInteraction(goblinAmbush(), { seed, now: 0 });
const move = (...cells: [number, number][]): TurnStep => ({
  kind: "move",
  path: cells.map(([x, y]) => ({ x, y })),
});

describe("queued turn plans", () => {
  it("allow as many steps as the engine takes, and no more", () => {
    const steps = (n: number) => Array.from({ length: n }, () => move([3, 6]));
    const parse = (n: number) =>
      QueueTurnCommand.safeParse({ type: "queueTurn", entityId: "pc1", steps: steps(n) }).success;
    expect(parse(MAX_QUEUED_STEPS)).toBe(true);
    expect(parse(MAX_QUEUED_STEPS + 1)).toBe(false);
    const v = viewFor(fresh(), "player");
    expect(planSoFar(v, v.entities.pc1!, steps(MAX_QUEUED_STEPS)).stepsLeft).toBe(0);
  });

  it("count difficult terrain double, and a Dash doubles the movement left to later moves", () => {
    const v = viewFor(fresh(), "player");
    const brenna = v.entities.pc1!; // at (2,6), speed 30; (6,6) is difficult
    const walked = planSoFar(v, brenna, [move([3, 6], [4, 6], [5, 6], [6, 6])]); // 5 + 5 + 5 + 10
    expect(walked.r.movementFt).toBe(5);
    expect(walked.position).toEqual({ x: 6, y: 6 });
    const dashed = planSoFar(v, brenna, [move([3, 6]), { kind: "action", actionId: "dash", targets: [] }]);
    expect(dashed.r).toMatchObject({ movementFt: 55, action: false, bonus: true });
    const dash = brenna.actions.find((a) => a.id === "dash")!;
    expect(planActionAvailable(brenna, dash, dashed)).toEqual({ ok: false, why: "already dashing" });
  });

  it("take the free object interaction first, then the action, and items spend their own cost", () => {
    const v = viewFor(fresh(), "player");
    const brenna = v.entities.pc1!;
    const once = planSoFar(v, brenna, [{ kind: "interact", objectId: "door" }]);
    expect(once.r).toMatchObject({ objectFree: false, action: true });
    const twice = planSoFar(v, brenna, [
      { kind: "interact", objectId: "door" },
      { kind: "interact", objectId: "door" },
    ]);
    expect(twice.r).toMatchObject({ objectFree: false, action: false });
    expect(planInteractionAvailable(brenna, twice)).toEqual({
      ok: false,
      why: "free interaction and action used",
    });
    const potion = brenna.inventory.find((i) => i.id === "potion")!;
    const drank = planSoFar(v, brenna, [{ kind: "useItem", itemId: "potion" }]);
    expect(drank.r).toMatchObject({ action: false, bonus: true });
    expect(planItemUsable(brenna, potion, drank)).toEqual({ ok: false, why: "no action left" });
  });

  it("offer moves from where the plan has got to, within what is left, naming what they end next to", () => {
    const v = viewFor(fresh(), "player");
    const brenna = v.entities.pc1!;
    const plan = planSoFar(v, brenna, [move([3, 6], [4, 6], [5, 6], [5, 5], [5, 4])]); // 25 ft
    const options = moveOptions(v, brenna, plan);
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) {
      expect(o.path).toHaveLength(1);
      expect(Math.max(Math.abs(o.path[0]!.x - 5), Math.abs(o.path[0]!.y - 4))).toBe(1);
      expect(o.label).toMatch(/^\d+, \d+ \(5 ft\)/);
    }
    const fromStart = moveOptions(v, brenna, planSoFar(v, brenna, []));
    expect(fromStart.find((o) => o.key === "3,6")?.label).toBe("4, 7 (5 ft), next to Sable");
  });

  it("say each step in words", () => {
    const v = viewFor(fresh(), "player");
    const brenna = v.entities.pc1!;
    const say = (s: TurnStep) => describeStep(v, brenna, s);
    expect(say(move([3, 6], [4, 6]))).toBe("Move 10 ft to 5, 7");
    expect(say({ kind: "action", actionId: "javelin", targets: ["gob1"] })).toBe("Javelin on Goblin Cutter");
    expect(say({ kind: "action", actionId: "second-wind", targets: [] })).toBe("Second Wind");
    expect(say({ kind: "useItem", itemId: "potion", targetId: "pc1" })).toBe("Use Potion of Healing");
    expect(say({ kind: "useItem", itemId: "potion", targetId: "pc3" })).toBe(
      "Use Potion of Healing on Sable",
    );
    expect(say({ kind: "interact", objectId: "door" })).toBe("Interact with ruin door");
  });
});

/** The steps a plan can add next that need no target: moves, self actions, a potion on oneself. */
function candidates(v: ViewState, plan: ReturnType<typeof planSoFar>): TurnStep[] {
  const e = v.entities.pc1!;
  if (plan.stepsLeft === 0) return [];
  const out: TurnStep[] = moveOptions(v, e, plan).map((o) => ({ kind: "move", path: o.path }));
  for (const a of e.actions)
    if (targetSpec(a).kind === "none" && planActionAvailable(e, a, plan).ok)
      out.push({ kind: "action", actionId: a.id, targets: [] });
  for (const i of e.inventory)
    if (planItemUsable(e, i, plan).ok) out.push({ kind: "useItem", itemId: i.id, targetId: e.id });
  return out;
}

const run = (s: InteractionState, c: Parameters<typeof applyCommand>[1], actor: typeof DM | typeof P1) => {
  const r = applyCommand(s, c, { actor, now: 1 });
  if (!r.ok) throw new Error(r.error.message);
  return r;
};

describe("a plan built only from what the queue panel offers", () => {
  it("runs to its end when the turn starts: the engine refuses none of its steps", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: MAX_QUEUED_STEPS + 2 }), fc.nat(50), (picks, seed) => {
        let s = run(fresh(seed), { type: "start" }, DM).state;
        if (s.turn!.entityId === "pc1") s = run(s, { type: "skipTurn", turnId: s.turn!.id }, DM).state;
        // the DM's view holds every creature: a hidden one's cell is the one thing a player's cannot avoid
        const v = viewFor(s, "dm");
        const steps: TurnStep[] = [];
        for (const n of picks) {
          const next = candidates(v, planSoFar(v, v.entities.pc1!, steps));
          if (next.length > 0) steps.push(next[n % next.length]!);
        }
        if (steps.length === 0) return;
        s = run(s, { type: "queueTurn", entityId: "pc1", steps }, P1).state;
        const events: EngineEvent[] = [];
        while (s.queued.pc1) {
          const r = run(s, { type: "skipTurn", turnId: s.turn!.id }, DM);
          events.push(...r.events);
          s = r.state;
        }
        expect(events.filter((e) => e.type === "notice")).toEqual([]);
        const brenna = s.entities.pc1!;
        if (!brenna.unconscious)
          expect(brenna.position).toEqual(planSoFar(v, v.entities.pc1!, steps).position);
      }),
      { numRuns: 60 },
    );
  });
});
