import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../apply";
import { createInteraction } from "../create";
import { Rng } from "../rng";
import { InteractionState } from "../state";
import { demoUsers, goblinAmbush, leverPuzzle, socialParley } from "../scenarios";
import { dmBot, randomBot, sensibleBot } from "./bots";
import { enumerate } from "./enumerate";
import { controllerOf } from "./seat";
import { act, npc, pc, room, started } from "../testkit";
import { sensibleCommand } from "./sensible";
import { simulate } from "./simulate";

const seats = (bot: typeof sensibleBot) => Object.fromEntries(demoUsers.players.map((p) => [p, bot]));

describe("simulate", () => {
  it("sensible bots win each scenario, and the report adds up", () => {
    const ambush = simulate(goblinAmbush(), seats(sensibleBot), 7);
    expect(ambush).toMatchObject({ stopped: "completed", winner: "party", timeouts: 0 });
    expect(ambush.defeats).toBeGreaterThanOrEqual(7);
    expect(ambush.snapshotsRequested).toBeGreaterThanOrEqual(ambush.rounds - 1 + 7);
    expect(ambush.turns).toBeGreaterThan(ambush.rounds);
    expect(ambush.finalState.results?.xp.pc1).toBe(Math.floor((6 * 50 + 200) / 4));
    // a snapshot is plain JSON that the state schema accepts back
    const parsed = InteractionState.safeParse(JSON.parse(JSON.stringify(ambush.finalState)));
    expect(parsed.success ? "ok" : parsed.error.issues.slice(0, 3)).toBe("ok");
    expect(simulate(socialParley(), seats(sensibleBot), 7)).toMatchObject({
      winner: "party",
      stopped: "completed",
    });
    const puzzle = simulate(leverPuzzle(), seats(sensibleBot), 7);
    expect(puzzle).toMatchObject({ winner: "party", stopped: "completed" });
    expect(puzzle.finalState.results?.loot.map((l) => l.item.name)).toEqual(["Sapphire Circlet"]);
  });

  it("seats without a bot time out and the DM bot still brings the interaction to an end", () => {
    const r = simulate(goblinAmbush(), { user_demo_p1: sensibleBot }, 3, { maxCommands: 3_000 });
    expect(r.stopped).toBe("completed");
    expect(r.timeouts).toBeGreaterThan(0);
    expect(r.log.some((l) => l.turn?.outcome === "timed_out")).toBe(true);
  });

  it("always terminates within its bound, and the same seed gives the same log", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom(goblinAmbush, socialParley, leverPuzzle),
        (seed, scenario) => {
          const a = simulate(scenario(), seats(sensibleBot), seed);
          expect(a.stopped).toBe("completed");
          expect(a.rounds).toBeLessThanOrEqual(51);
          const b = simulate(scenario(), seats(sensibleBot), seed);
          expect(b.log).toEqual(a.log);
          expect(b.finalState).toEqual(a.finalState);
        },
      ),
      { numRuns: 8 },
    );
  }, 120_000);

  it("random bots stop at the command limit and replay identically from the same seed", () => {
    for (const seed of [1, 2]) {
      const a = simulate(goblinAmbush(), seats(randomBot), seed, { maxCommands: 150 });
      expect(a.commands).toBeLessThanOrEqual(150);
      expect(simulate(goblinAmbush(), seats(randomBot), seed, { maxCommands: 150 }).log).toEqual(a.log);
    }
  }, 120_000);
});

describe("bots", () => {
  it("enumerate lists only commands the rules accept, always including ending the turn", () => {
    let s = createInteraction(goblinAmbush(), { seed: 5, now: 0 });
    const r = applyCommand(s, { type: "start" }, { actor: { userId: "user_demo_dm", role: "dm" }, now: 0 });
    if (r.ok) s = r.state;
    const e = s.entities[s.turn!.entityId]!;
    const cmds = enumerate(s, e.id);
    expect(cmds).toContainEqual({ type: "endTurn", turnId: s.turn!.id, entityId: e.id });
    expect(cmds.some((c) => c.type === "moveEntity")).toBe(true);
    for (const c of cmds) expect(applyCommand(s, c, { actor: controllerOf(s, e), now: 1 }).ok).toBe(true);
    const other = Object.values(s.entities).find((x) => x.id !== e.id)!;
    expect(enumerate(s, other.id)).toEqual([]);
  });

  it("a party bot in a parley leaves an NPC hidden from the party alone (no walking up to it)", () => {
    const setup = room({
      kind: "social",
      participants: [pc("hero", "p1", 0, 0), npc("mara", "Mara", 1, 0), npc("brenna", "Brenna", 9, 9, true)],
    });
    // Mara is won over; only Brenna, whom the party cannot see, is left
    const s = act(started(setup), { type: "setAttitude", entityId: "mara", attitude: 3 });
    expect(sensibleCommand(s, s.entities.hero!)).toEqual({
      type: "endTurn",
      turnId: s.turn!.id,
      entityId: "hero",
    });
  });

  it("a bot only plays its own seat, and the DM bot starts and ends the game", () => {
    const s = createInteraction(goblinAmbush(), { seed: 5, now: 0 });
    const dm = { userId: "user_demo_dm", role: "dm" as const };
    expect(dmBot.next(s, dm, new Rng(1))).toEqual({ type: "start" });
    const started = (applyCommand(s, { type: "start" }, { actor: dm, now: 0 }) as { state: typeof s }).state;
    const owner = controllerOf(started, started.entities[started.turn!.entityId]!);
    const stranger = {
      userId: owner.userId === "user_demo_p3" ? "user_demo_p2" : "user_demo_p3",
      role: "player" as const,
    };
    expect(sensibleBot.next(started, stranger, new Rng(1))).toBeNull();
    expect(
      sensibleBot.next(started, owner, new Rng(1)) ?? dmBot.next(started, dm, new Rng(1)),
    ).not.toBeNull();
  });
});
