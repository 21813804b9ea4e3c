import {
  applyCommand,
  controllerOf,
  createInteraction,
  demoUsers,
  goblinAmbush,
  randomBot,
  scenarios,
  sensibleBot,
  simulate,
  viewFor,
  type InteractionSetup,
  type InteractionState,
  type Position,
  type ViewState,
} from "@roundtable/live/engine";
import fc from "fast-check";
import { produce } from "immer";
import { describe, expect, it } from "vitest";
import { trappedGap } from "../../test/trapped-gap";
import {
  actionAvailable,
  condition,
  hpText,
  key,
  outcomeNow,
  reachable,
  resourcesLeft,
  targetSpec,
  validTargets,
} from "./model";

const view = (): ViewState => viewFor(createInteraction(goblinAmbush(), { seed: 1, now: 0 }), "player");

describe("reachable cells", () => {
  it("spends 5 ft a step (diagonals too) and never ends on another creature", () => {
    const v = view();
    const brenna = v.entities.pc1!; // at (2,6); Sable at (3,7), Ilya at (1,7)
    const reach = reachable(v, brenna, 5);
    expect(reach.get("3,6")).toMatchObject({ cost: 5, path: [{ x: 3, y: 6 }] });
    expect(reach.has("3,7")).toBe(false); // Sable stands there
    expect(reach.has("4,6")).toBe(false); // two steps
    expect(reach.has("1,7")).toBe(false);
    expect(reach.size).toBe(6);
  });

  it("charges 10 ft for difficult terrain and routes around walls", () => {
    const v = view();
    const e = { ...v.entities.pc1!, position: { x: 5, y: 6 } };
    // (6,6) is difficult terrain
    expect(reachable(v, e, 5).has("6,6")).toBe(false);
    expect(reachable(v, e, 10).get("6,6")?.cost).toBe(10);
    const w = { ...v.entities.pc1!, position: { x: 4, y: 2 } };
    // (5,2) is a wall: never reachable; (6,2) needs a detour of two diagonal steps
    const r = reachable(v, w, 10);
    expect(r.has(key({ x: 5, y: 2 }))).toBe(false);
    expect(r.get("6,2")?.path).toHaveLength(2);
  });

  it("offers only cells the server accepts a move to (hidden creatures aside), at the cost it charges", () => {
    const setup = goblinAmbush();
    const dm = { userId: setup.dmUserId, role: "dm" as const };
    let s = createInteraction(setup, { seed: 2, now: 0 });
    for (const c of [{ type: "rollInitiative", scope: "all" }, { type: "start" }] as const) {
      const r = applyCommand(s, c, { actor: dm, now: 0 });
      if (!r.ok) throw new Error(r.error.message);
      s = r.state;
    }
    let checked = 0;
    for (let i = 0; i < 6 && s.turn; i++) {
      const turn = s.turn;
      const mover = s.entities[turn.entityId]!;
      const actor = mover.ownerUserId ? { userId: mover.ownerUserId, role: "player" as const } : dm;
      const v = viewFor(s, mover.side === "party" ? "player" : "dm");
      const reach = reachable(v, v.entities[mover.id]!, mover.speed);
      expect(reach.size).toBeGreaterThan(0);
      // players cannot know where hidden creatures stand: only those cells may still be refused
      const secret = new Set(
        Object.values(s.entities)
          .filter((x) => x.hidden && !v.entities[x.id])
          .map((x) => key(x.position)),
      );
      for (const [k, r] of reach) {
        if (r.path.some((p) => secret.has(key(p)))) continue;
        const res = applyCommand(
          s,
          { type: "moveEntity", turnId: turn.id, entityId: mover.id, path: r.path },
          { actor, now: 0 },
        );
        expect(res.ok ? `${k} ${res.state.turn?.moved}` : res.error.message).toBe(`${k} ${r.cost}`);
        checked++;
      }
      const next = applyCommand(s, { type: "skipTurn", turnId: turn.id }, { actor: dm, now: 0 });
      if (!next.ok) throw new Error(next.error.message);
      s = next.state;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("may pass allies but not enemies", () => {
    const v = view();
    // a one-cell gap at (12,7) between walls at (12,6) and (12,8)
    const map = { ...v.map, blocked: [...v.map.blocked, { x: 12, y: 6 }, { x: 12, y: 8 }] };
    const walker = { ...v.entities.gob2!, position: { x: 11, y: 7 } };
    const withAlly = {
      ...v,
      map,
      entities: { ...v.entities, gob2: walker, boss: { ...v.entities.boss!, position: { x: 12, y: 7 } } },
    };
    expect(reachable(withAlly, walker, 10).get("13,7")).toMatchObject({
      cost: 10,
      path: [
        { x: 12, y: 7 },
        { x: 13, y: 7 },
      ],
    });
    const withEnemy: ViewState = {
      ...withAlly,
      entities: { ...withAlly.entities, boss: { ...withAlly.entities.boss, side: "party" } },
    };
    expect(reachable(withEnemy, walker, 10).has("13,7")).toBe(false);
  });
});

const through = (path: Position[], x: number, y: number) => path.some((p) => p.x === x && p.y === y);

/** Rolls initiative, starts, and skips turns (as the DM) until it is `id`'s. */
function startedAtTurnOf(s: InteractionState, id: string): InteractionState {
  const dm = { userId: s.dmUserId, role: "dm" as const };
  const run = (c: Parameters<typeof applyCommand>[1]) => {
    const r = applyCommand(s, c, { actor: dm, now: 0 });
    if (!r.ok) throw new Error(r.error.message);
    s = r.state;
  };
  run({ type: "rollInitiative", scope: "all" });
  run({ type: "start" });
  while (s.turn!.entityId !== id) run({ type: "skipTurn", turnId: s.turn!.id });
  return s;
}

describe("a secret door", () => {
  /** The trapped gap's wall, its gap at (5,2) held by a secret (hidden, closed) door instead of the snare. */
  const secretDoor = () =>
    produce(trappedGap(), (s) => {
      s.map.objects = {
        secret: {
          id: "secret",
          name: "secret door",
          kind: "door",
          position: { x: 5, y: 2 },
          open: false,
          locked: false,
          hidden: true,
        },
      };
    });

  it("reads as wall to a player's planner, which goes round it as the server would", () => {
    const player = viewFor(secretDoor(), "player");
    expect(player.map.objects.secret).toBeUndefined();
    const pc1 = player.entities.pc1!; // at (4,2), west of the door
    // straight through the door would be 10 ft: only the way round is offered
    expect(reachable(player, pc1, 25).has("6,2")).toBe(false);
    expect(reachable(player, pc1, 30).has("5,2")).toBe(false);
    const there = reachable(player, pc1, 30).get("6,2")!;
    expect(there.cost).toBe(30);
    expect(through(there.path, 5, 2)).toBe(false);
    // the server takes that path and refuses the one through the door
    const s = startedAtTurnOf(secretDoor(), "pc1");
    const mover = { userId: s.entities.pc1!.ownerUserId!, role: "player" as const };
    const move = (path: Position[]) =>
      applyCommand(
        s,
        { type: "moveEntity", turnId: s.turn!.id, entityId: "pc1", path },
        { actor: mover, now: 0 },
      );
    expect(move(there.path).ok).toBe(true);
    const straight = move([
      { x: 5, y: 2 },
      { x: 6, y: 2 },
    ]);
    expect(straight.ok ? "moved" : straight.error.message).toBe("The way is blocked at (5, 2).");
    // once the DM reveals it, the door is there to open (still not a way through while closed)
    const shown = viewFor(
      produce(secretDoor(), (s) => void (s.map.objects.secret!.hidden = false)),
      "player",
    );
    expect(shown.map.objects.secret).toMatchObject({ open: false });
    expect(reachable(shown, shown.entities.pc1!, 25).has("6,2")).toBe(false);
    // opened by a lever while still hidden, it is a way through
    const open = viewFor(
      produce(secretDoor(), (s) => {
        const d = s.map.objects.secret!;
        if (d.kind === "door") d.open = true;
      }),
      "player",
    );
    expect(reachable(open, open.entities.pc1!, 10).get("6,2")).toMatchObject({ cost: 10 });
  });
});

describe("move paths and known traps", () => {
  it("goes round an armed trap the party has found when the movement allows, and the move springs nothing", () => {
    let s = trappedGap();
    const reach = reachable(viewFor(s, "player"), viewFor(s, "player").entities.pc1!, 30);
    const there = reach.get("6,2")!;
    expect(there.cost).toBe(30);
    expect(there.traps).toEqual([]);
    expect(through(there.path, 5, 2)).toBe(false);

    // the server walks that path without setting the snare off
    s = startedAtTurnOf(s, "pc1");
    const player = { userId: s.entities.pc1!.ownerUserId!, role: "player" as const };
    const move = { type: "moveEntity", turnId: s.turn!.id, entityId: "pc1", path: there.path } as const;
    const r = applyCommand(s, move, { actor: player, now: 0 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.state.entities.pc1!.position).toEqual({ x: 6, y: 2 });
    expect(r.state.map.objects.snare).toMatchObject({ armed: true });
  });

  it("still offers a cell only reachable over a known trap, naming the trap on its path", () => {
    const v = viewFor(trappedGap(), "player");
    const there = reachable(v, v.entities.pc1!, 25).get("6,2")!;
    expect(there.cost).toBe(10);
    expect(through(there.path, 5, 2)).toBe(true);
    expect(there.traps.map((t) => t.name)).toEqual(["snare trap"]);
  });

  it("names both traps of a cell holding two, as the move springs both", () => {
    const dart = {
      id: "dart",
      name: "dart trap",
      kind: "trap",
      position: { x: 5, y: 2 },
      armed: true,
      dc: 12,
      save: "dex",
      damage: "1",
    } as const;
    const v = viewFor(trappedGap({}, [dart]), "player");
    expect(
      reachable(v, v.entities.pc1!, 10)
        .get("6,2")!
        .traps.map((t) => t.name),
    ).toEqual(["snare trap", "dart trap"]);
  });

  it("takes the short way past a trap the viewer does not know of, or one disarmed", () => {
    // a player's route must not give a hidden trap away (the DM, who placed it, goes round)
    const hidden = trappedGap({ hidden: true });
    const player = viewFor(hidden, "player");
    expect(reachable(player, player.entities.pc1!, 30).get("6,2")).toMatchObject({ cost: 10, traps: [] });
    const dm = viewFor(hidden, "dm");
    expect(reachable(dm, dm.entities.pc1!, 30).get("6,2")).toMatchObject({ cost: 30, traps: [] });
    const disarmed = viewFor(trappedGap({ armed: false }), "player");
    expect(reachable(disarmed, disarmed.entities.pc1!, 30).get("6,2")).toMatchObject({ cost: 10, traps: [] });
  });

  it("onto a trap picked as the destination, crosses no other on the way", () => {
    const other = {
      id: "pit",
      name: "pit trap",
      kind: "trap",
      position: { x: 4, y: 2 },
      armed: true,
      dc: 12,
      save: "dex",
      damage: "1d6",
    } as const;
    const s = produce(trappedGap({}, [other]), (d) => void (d.entities.pc1!.position = { x: 3, y: 2 }));
    const v = viewFor(s, "player");
    const onto = reachable(v, v.entities.pc1!, 30).get("5,2")!;
    expect(onto.cost).toBe(10);
    expect(onto.traps.map((t) => t.name)).toEqual(["snare trap"]);
    expect(through(onto.path, 4, 2)).toBe(false);
  });
});

/**
 * What the acting seat's panel offers in `s` that the server refuses: for every action it shows
 * as available, each target it offers alone, and as many together as the action takes.
 */
function refusedTargets(s: InteractionState, now: number): string[] {
  const turn = s.turn!;
  const actor = controllerOf(s, s.entities[turn.entityId]!);
  const v = viewFor(s, actor.role === "player" ? "player" : "dm");
  const me = v.entities[turn.entityId];
  if (!me) return [];
  const r = resourcesLeft(v, me);
  const refused: string[] = [];
  for (const a of me.actions) {
    const spec = targetSpec(a);
    if (spec.kind !== "entities" || !actionAvailable(me, a, r).ok) continue;
    const offered = validTargets(v, me, a).map((t) => t.id);
    const picks = offered.map((id) => [id]);
    if (spec.max > 1 && offered.length > 1) picks.push(offered.slice(0, spec.max));
    for (const targets of picks) {
      const c = { type: "takeTurn", turnId: turn.id, entityId: me.id, actionId: a.id, targets } as const;
      const res = applyCommand(s, c, { actor, now });
      if (!res.ok) refused.push(`${me.name}: ${a.name} on ${targets.join(", ")}: ${res.error.message}`);
    }
  }
  return refused;
}

const bots = { sensible: sensibleBot, random: randomBot };

describe("targets offered", () => {
  it("offers for an action only targets the server accepts it on", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom("goblinAmbush" as const, "socialParley" as const),
        fc.constantFrom("sensible" as const, "random" as const),
        (seed, scenario, bot) => {
          const seats = Object.fromEntries(demoUsers.players.map((p) => [p, bots[bot]]));
          const refused: string[] = [];
          let checked = 0;
          simulate(scenarios[scenario](), seats, seed, {
            maxCommands: 400,
            // every state the game passes through with someone to act (fights leave PCs down)
            onCommand: (_c, _actor, s, now) => {
              if (s.status !== "active" || !s.turn) return;
              refused.push(...refusedTargets(s, now));
              checked++;
            },
          });
          expect(checked).toBeGreaterThan(0);
          expect(refused).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe("what players see of a creature's health", () => {
  it("shows players a condition word for enemies and numbers for the party; the DM always numbers", () => {
    const v = view();
    const gob = { ...v.entities.gob1!, hp: 3 };
    expect(condition(gob)).toBe("Bloodied");
    expect(hpText(gob, { userId: "p", role: "player" })).toBe("Bloodied");
    expect(hpText(gob, { userId: "dm", role: "dm" })).toBe(`3/${gob.maxHp} HP`);
    expect(hpText(v.entities.pc1!, { userId: "p", role: "player" })).toMatch(/^\d+\/\d+ HP$/);
  });
});

/** The DM's view of a scenario, changed by `recipe` (as play would have left it). */
const dmView = (
  setup: InteractionSetup,
  recipe: (s: InteractionState) => void = () => undefined,
): ViewState => viewFor(produce(createInteraction(setup, { seed: 1, now: 0 }), recipe), "dm");

/** Everyone in the party down (a puzzle's traps or a parley gone to blows can do it). */
const partyDown = (s: InteractionState) => {
  for (const e of Object.values(s.entities))
    if (e.side === "party") {
      e.hp = 0;
      e.unconscious = true;
    }
};

describe("what the End dialog says ending now gives", () => {
  it("words a lost interaction as its results will: enemies win a fight, a parley fails, a puzzle's party is defeated", () => {
    expect(outcomeNow(dmView(scenarios.goblinAmbush(), partyDown))).toBe(
      "The enemies win: no one in the party is standing.",
    );
    expect(outcomeNow(dmView(scenarios.socialParley(), partyDown))).toBe(
      "The parley fails: no one in the party is standing.",
    );
    expect(outcomeNow(dmView(scenarios.leverPuzzle(), partyDown))).toBe(
      "The party is defeated: no one in the party is standing.",
    );
    const hostile = dmView(scenarios.socialParley(), (s) => void (s.entities.chief!.attitude = -3));
    expect(outcomeNow(hostile)).toBe(`The parley fails: ${hostile.entities.chief!.name} turned hostile.`);
  });
});
