import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dmBot, sensibleBot, simulate, type Bot } from "../engine/bots";
import { goblinAmbush, leverPuzzle, socialParley } from "../engine/scenarios";
import type { InteractionSetup } from "../engine/setup";
import { InteractionState, LIMITS, pickGame, ROLLBACK_KEYS, type GameSnapshot } from "../engine/state";
import {
  applyOps,
  decodeSnapshot,
  diffGame,
  encodeSnapshot,
  SNAPSHOT_FORMAT,
  SnapshotFormatError,
  type EncodedSnapshot,
} from "./snapshotCodec";

/** The goblin ambush as the benchmark plays it: no one goes down, so the fight goes on. */
function longAmbush(): InteractionSetup {
  const base = goblinAmbush();
  return {
    ...base,
    participants: base.participants.map((p) => ({ ...p, sheet: { ...p.sheet, maxHp: 10_000 } })),
  };
}

const setups: InteractionSetup[] = [goblinAmbush(), leverPuzzle(), socialParley(), longAmbush()];

/** The DM bot, rolling back or redoing a turn now and then on the turns it plays. */
function undoingDm(undo: number, redo: number): Bot {
  return {
    name: "undoing-dm",
    next(s, actor, rng) {
      if (s.status === "active") {
        const r = rng.next();
        const turnId = s.turn?.id ?? null;
        if (r < undo) return { type: "rollback", turnId };
        if (r < undo + redo) return { type: "redo", turnId };
      }
      return dmBot.next(s, actor, rng);
    },
  };
}

/** States along a bot-played game: every `every`-th one, each rollback and redo, and the last. */
function play(setupIndex: number, seed: number, commands: number, every: number, undo: number, redo: number) {
  const setup = setups[setupIndex % setups.length]!;
  const bots: Record<string, Bot> = { [setup.dmUserId]: undoingDm(undo, redo) };
  for (const p of setup.participants) if (p.sheet.ownerUserId) bots[p.sheet.ownerUserId] = sensibleBot;
  const states: InteractionState[] = [];
  let n = 0;
  const report = simulate(setup, bots, seed, {
    maxCommands: commands,
    onCommand: (c, _actor, state) => {
      if (++n % every === 0 || c.type === "rollback" || c.type === "redo") states.push(state);
    },
  });
  states.push(report.finalState);
  return states;
}

/** Keeps a chunk apart as a store would (JSON), under a new name. */
function keep(apart: Map<string, unknown>, chunk: readonly unknown[]): string {
  const key = `c${apart.size}`;
  apart.set(key, JSON.parse(JSON.stringify(chunk)));
  return key;
}

/** What the store keeps and gives back: JSON text. */
const stored = (s: InteractionState): unknown => JSON.parse(JSON.stringify(encodeSnapshot(s))) as unknown;
const rebuilt = (s: InteractionState): InteractionState => decodeSnapshot(stored(s)) as InteractionState;
const bytes = (v: unknown): number => JSON.stringify(v).length;

function depth(v: unknown): number {
  if (typeof v !== "object" || v === null) return 0;
  let d = 0;
  for (const x of Object.values(v)) d = Math.max(d, depth(x));
  return d + 1;
}

function keysAndArrays(v: unknown, visit: (key: string | null, array: unknown[] | null) => void): void {
  if (Array.isArray(v)) {
    visit(null, v);
    for (const x of v) keysAndArrays(x, visit);
  } else if (typeof v === "object" && v !== null)
    for (const [k, x] of Object.entries(v)) {
      visit(k, null);
      keysAndArrays(x, visit);
    }
}

const games = fc.record({
  setup: fc.nat(setups.length - 1),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  commands: fc.integer({ min: 20, max: 160 }),
  every: fc.integer({ min: 5, max: 25 }),
  undo: fc.double({ min: 0, max: 0.3, noNaN: true }),
  redo: fc.double({ min: 0, max: 0.3, noNaN: true }),
});

describe("snapshot codec", () => {
  it("rebuilds every state exactly (same JSON, key order included) and the engine's schema accepts it", () => {
    let withRedo = 0;
    let fullHistory = 0;
    fc.assert(
      fc.property(games, (g) => {
        for (const s of play(g.setup, g.seed, g.commands, g.every, g.undo, g.redo)) {
          const back = rebuilt(s);
          expect(JSON.stringify(back)).toBe(JSON.stringify(s));
          expect(back).toEqual(JSON.parse(JSON.stringify(s)));
          expect(InteractionState.safeParse(back).success).toBe(true);
          // With the full log chunks stored apart and given back by name.
          const apart = new Map<string, unknown>();
          const named = JSON.stringify(encodeSnapshot(s, (c) => keep(apart, c)));
          expect(JSON.stringify(decodeSnapshot(JSON.parse(named), apart))).toBe(JSON.stringify(s));
          if (s.redo.length > 0) withRedo++;
          if (s.history.length === LIMITS.history) fullHistory++;
        }
      }),
      // Besides the random runs, one that surely rolls back and redoes with a full history.
      { numRuns: 25, examples: [[{ setup: 3, seed: 1, commands: 160, every: 1, undo: 0.2, redo: 0.3 }]] },
    );
    // The runs covered redo entries and a full checkpoint history.
    expect(withRedo).toBeGreaterThan(0);
    expect(fullHistory).toBeGreaterThan(0);
  });

  it("writes the same snapshot for a state rebuilt from JSON (nothing shared) as for the live one", () => {
    fc.assert(
      fc.property(games, (g) => {
        for (const s of play(g.setup, g.seed, g.commands, g.every, g.undo, g.redo)) {
          const copy = JSON.parse(JSON.stringify(s)) as InteractionState;
          expect(JSON.stringify(encodeSnapshot(copy))).toBe(JSON.stringify(encodeSnapshot(s)));
          // And from a decoded one: a room rebuilt from a snapshot writes it again unchanged.
          expect(JSON.stringify(encodeSnapshot(rebuilt(s)))).toBe(JSON.stringify(encodeSnapshot(s)));
        }
      }),
      { numRuns: 10 },
    );
  });

  it("shares what a decoded checkpoint has in common with the game it was diffed against", () => {
    const s = play(0, 42, 150, 1000, 0, 0).at(-1)!;
    expect(s.history).toHaveLength(LIMITS.history);
    const back = rebuilt(s);
    let shared = 0;
    let newer: Record<string, unknown> = back;
    for (let i = back.history.length - 1; i >= 0; i--) {
      const game = back.history[i]!.game as unknown as Record<string, unknown>;
      for (const k of ROLLBACK_KEYS) {
        const same = JSON.stringify(game[k]) === JSON.stringify(newer[k]);
        if (same && typeof game[k] === "object" && game[k] !== null) {
          expect(game[k]).toBe(newer[k]);
          shared++;
        }
      }
      // Entities the turn did not touch are the newer game's objects too.
      const ents = game.entities as Record<string, unknown>;
      const newerEnts = newer.entities as Record<string, unknown>;
      for (const id of Object.keys(ents))
        if (JSON.stringify(ents[id]) === JSON.stringify(newerEnts[id])) expect(ents[id]).toBe(newerEnts[id]);
      newer = game;
    }
    expect(shared).toBeGreaterThan(LIMITS.history);
  });

  it("makes a state with ten checkpoints a fraction of its full JSON", () => {
    for (const [commands, seed] of [
      [60, 7],
      [200, 8],
      [400, 9],
    ] as const) {
      const s = play(3, seed, commands, 1000, 0, 0).at(-1)!;
      expect(s.history).toHaveLength(LIMITS.history);
      const full = bytes(s);
      const encoded = stored(s) as EncodedSnapshot;
      expect(bytes(encoded)).toBeLessThan(full * 0.4);
      // The checkpoints themselves: under a tenth of writing them whole.
      expect(bytes(encoded.history)).toBeLessThan(bytes(s.history) / 10);
      // With the full log chunks stored apart, what is left does not grow with the log.
      const apart = new Map<string, unknown>();
      expect(bytes(encodeSnapshot(s, (c) => keep(apart, c)))).toBeLessThan(40_000);
    }
  });

  it("stays within Convex's value limits: no $ keys, shallow nesting, short arrays", () => {
    fc.assert(
      fc.property(games, (g) => {
        for (const s of play(g.setup, g.seed, g.commands, g.every, g.undo, g.redo)) {
          const encoded = stored(s);
          // No deeper than the full state (whose checkpoints are whole games) plus two levels.
          expect(depth(encoded)).toBeLessThanOrEqual(Math.max(depth(s), 9) + 2);
          expect(depth(encoded)).toBeLessThanOrEqual(16);
          keysAndArrays(encoded, (key, array) => {
            if (key !== null) expect(key.startsWith("$")).toBe(false);
            if (array !== null) expect(array.length).toBeLessThanOrEqual(8192);
          });
        }
      }),
      { numRuns: 10 },
    );
  });

  it("loads a snapshot written whole (the format before this codec) as it is", () => {
    const s = play(0, 5, 80, 1000, 0.1, 0.1).at(-1)!;
    const old = JSON.parse(JSON.stringify(s)) as unknown;
    expect(decodeSnapshot(old)).toBe(old);
    const encoded = stored(s) as EncodedSnapshot;
    expect(encoded.format).toBe(SNAPSHOT_FORMAT);
  });

  it("passes values that are not room states through unchanged", () => {
    for (const v of [{ v: 3 }, null, 7, "x", [1, 2], { history: "no" }]) expect(encodeSnapshot(v)).toBe(v);
  });

  it("refuses an unknown format or a damaged encoding with a typed error", () => {
    const s = play(0, 11, 120, 1000, 0, 0).at(-1)!;
    const good = stored(s) as EncodedSnapshot;
    const damaged = (f: (e: EncodedSnapshot) => void): unknown => {
      const e = structuredClone(good);
      f(e);
      return e;
    };
    const cases: unknown[] = [
      { ...good, format: 4 },
      { ...good, format: "2" },
      damaged((e) => void (e.history = {} as never)),
      damaged((e) => void (e.state = [] as never)),
      damaged((e) => void e.state.history.push(s.history[0]!)),
      damaged((e) => void (e.history[0]!.diff = [[["entities", "nobody", "hp"], 3]])),
      damaged((e) => void (e.history[0]!.diff = [[["order", 999], 3]])),
      damaged((e) => void (e.history[0]!.diff = [[["order", 0]]])),
      damaged((e) => void (e.history[0]!.diff = [[[]]])),
      damaged((e) => void (e.history[0]!.diff = [[["round", "x"], 1]])),
      damaged((e) => void (e.history[0]!.diff = [["round", 1]] as never)),
      damaged((e) => void (e.history[0]!.diff = "nope" as never)),
      // Malformed splices.
      damaged((e) => void (e.history[0]!.diff = [[["loot"], -1, 0, []]])),
      damaged((e) => void (e.history[0]!.diff = [[["loot"], 0, s.loot.length + 1, []]])),
      damaged((e) => void (e.history[0]!.diff = [[["loot"], 0.5, 0, []]])),
      damaged((e) => void (e.history[0]!.diff = [[["loot"], "0", 0, []]] as never)),
      damaged((e) => void (e.history[0]!.diff = [[["loot"], 0, null, []]] as never)),
      damaged((e) => void (e.history[0]!.diff = [[["loot"], 0, 0, "x"]] as never)),
      damaged((e) => void (e.history[0]!.diff = [[["loot"], 0, 0]] as never)),
      damaged((e) => void (e.history[0]!.diff = [[["round"], 0, 0, []]])),
      damaged((e) => void (e.history[0]!.diff = [[["nothing"], 0, 0, []]])),
      damaged((e) => void (e.history[0]!.diff = [[[], 0, 0, []]])),
      // A splice in a format-2 snapshot (that format had none).
      damaged((e) => {
        (e as { format: number }).format = 2;
        e.history[0]!.diff = [[["loot"], 0, 0, []]];
      }),
      // Names a log chunk the store does not have.
      damaged((e) => void (e.chunks = { turnLog: ["gone"], chat: [] })),
      damaged((e) => void (e.chunks = "x" as never)),
    ];
    for (const c of cases)
      expect(() => decodeSnapshot(c), JSON.stringify(c).slice(0, 80)).toThrow(SnapshotFormatError);
  });

  it("never fails with anything but a typed error, whatever the stored changes hold", () => {
    const s = play(0, 13, 120, 1000, 0, 0).at(-1)!;
    const good = stored(s) as EncodedSnapshot;
    fc.assert(
      fc.property(fc.nat(good.history.length - 1), fc.jsonValue(), (i, junk) => {
        const e = structuredClone(good);
        const cp = e.history[i]!;
        cp.diff = [...cp.diff, junk] as never;
        try {
          decodeSnapshot(e);
        } catch (err) {
          expect(err).toBeInstanceOf(SnapshotFormatError);
        }
      }),
    );
  });

  it("writes a list whose length changed as the elements added or removed, not the whole list", () => {
    const s = play(0, 42, 150, 1000, 0, 0).at(-1)!;
    expect(s.history).toHaveLength(LIMITS.history);
    const pc = Object.values(s.entities).find((e) => e.kind === "pc" && e.inventory.length > 0)!;
    const item = pc.inventory[0]!;
    const newItem = (n: number) => ({ ...item, id: `item-${n}`, name: `Item number ${n}` });
    const award = (n: number) => ({
      entityId: pc.id,
      item: { ...item, id: `loot-${n}`, name: `Loot number ${n}` },
    });
    // A big sheet and a long loot list; each turn appends a loot award, and alternately uses up
    // an item in the middle of the inventory or puts a new one near its start.
    let inventory = Array.from({ length: 200 }, (_, n) => newItem(n));
    let loot = Array.from({ length: 300 }, (_, n) => award(n));
    const games: GameSnapshot[] = [];
    for (let turn = 0; turn <= LIMITS.history; turn++) {
      if (turn > 0) {
        loot = [...loot, award(1000 + turn)];
        inventory =
          turn % 2 === 1
            ? [...inventory.slice(0, 100 + turn), ...inventory.slice(101 + turn)]
            : [...inventory.slice(0, 20), newItem(1000 + turn), ...inventory.slice(20)];
      }
      games.push({ ...pickGame(s), entities: { ...s.entities, [pc.id]: { ...pc, inventory } }, loot });
    }
    const state: InteractionState = {
      ...s,
      ...games[LIMITS.history]!,
      history: s.history.map((cp, i) => ({ ...cp, game: games[i]! })),
    };
    const element = Math.max(bytes(award(1000)), bytes(newItem(1000)));
    const encoded = stored(state) as EncodedSnapshot;
    // Per checkpoint: about one award and one item, where the whole lists were written before
    // (old diffArray: ~50 KB each, 509 KB for ten; now 62-148 bytes each, 1.5 KB).
    for (const cp of encoded.history) expect(bytes(cp.diff)).toBeLessThan(2 * element + 150);
    expect(bytes(encoded.history)).toBeLessThan(LIMITS.history * (2 * element + 250));
    expect(bytes(encoded.history)).toBeLessThan(bytes(loot) / 5);
    // Rebuilt exactly, sharing the kept elements; a rebuilt room writes the same snapshot.
    const back = decodeSnapshot(encoded) as InteractionState;
    expect(JSON.stringify(back)).toBe(JSON.stringify(state));
    expect(InteractionState.safeParse(back).success).toBe(true);
    expect(back.history[0]!.game.loot[0]).toBe(back.loot[0]);
    expect(JSON.stringify(encodeSnapshot(back))).toBe(JSON.stringify(encodeSnapshot(state)));
    const copy = JSON.parse(JSON.stringify(state)) as InteractionState;
    expect(JSON.stringify(encodeSnapshot(copy))).toBe(JSON.stringify(encodeSnapshot(state)));
  });

  it("round-trips random lists with random splices through diffGame and applyOps", () => {
    const element = fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.record({ k: fc.integer({ min: 0, max: 3 }) }),
      fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
    );
    const splice = fc.record({
      at: fc.nat(),
      count: fc.nat(4),
      items: fc.array(element, { maxLength: 4 }),
      copy: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(element, { maxLength: 12 }), fc.array(splice, { maxLength: 3 }), (a, splices) => {
        let b = a;
        for (const sp of splices) {
          const at = b.length === 0 ? 0 : sp.at % (b.length + 1);
          // Sometimes new elements equal to kept ones but not shared: compared structurally.
          const items = sp.copy ? (JSON.parse(JSON.stringify(sp.items)) as unknown[]) : sp.items;
          b = [...b.slice(0, at), ...items, ...b.slice(at + sp.count)] as typeof a;
        }
        const game = (xs: unknown[]) => ({ list: xs, nested: [1, { xs }, xs] }) as unknown as GameSnapshot;
        const from = game(a);
        const to = game(b);
        const ops = diffGame(from, to);
        const back = applyOps(from, JSON.parse(JSON.stringify(ops)));
        expect(JSON.stringify(back)).toBe(JSON.stringify(to));
        // Unshared games give the same changes.
        const copy = JSON.parse(JSON.stringify(from)) as GameSnapshot;
        expect(JSON.stringify(diffGame(copy, to))).toBe(JSON.stringify(ops));
        // The elements a splice kept are the base's.
        const list = (back as unknown as { list: unknown[] }).list;
        const op = ops.find((o) => o.length === 4 && o[0].length === 1 && o[0][0] === "list");
        if (op) {
          const [, start, count] = op as [unknown, number, number, unknown[]];
          for (let i = 0; i < start; i++) expect(list[i]).toBe(a[i]);
          for (let j = 1; j <= a.length - start - count; j++)
            expect(list[list.length - j]).toBe(a[a.length - j]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("still decodes a format-2 snapshot (no splices; lists whose length changed written whole)", () => {
    const s = play(0, 17, 80, 1000, 0, 0).at(-1)!;
    const pc = Object.values(s.entities).find((e) => e.kind === "pc")!;
    const older = [...pc.inventory, { ...pc.inventory[0]!, id: "old-potion" }];
    const v2: unknown = JSON.parse(
      JSON.stringify({
        format: 2,
        state: { ...s, history: [], redo: [] },
        history: [
          {
            label: "older",
            turnId: 1,
            diff: [
              [["entities", pc.id, "inventory"], older],
              [["round"], 0],
            ],
          },
          {
            label: "newer",
            turnId: 2,
            diff: [
              [["entities", pc.id, "xp"], pc.xp + 5],
              [["turn"], null],
            ],
          },
        ],
        redo: [],
      }),
    );
    const back = decodeSnapshot(v2) as InteractionState;
    expect(back.history.map((cp) => cp.label)).toEqual(["older", "newer"]);
    const newer = back.history[1]!.game;
    expect(newer.entities[pc.id]!.xp).toBe(pc.xp + 5);
    expect(newer.turn).toBeNull();
    expect(newer.entities[pc.id]!.inventory).toEqual(pc.inventory);
    const oldest = back.history[0]!.game;
    expect(oldest.entities[pc.id]!.inventory).toEqual(older);
    expect(oldest.entities[pc.id]!.xp).toBe(pc.xp + 5);
    expect(oldest.round).toBe(0);
    expect(InteractionState.safeParse(back).success).toBe(true);
    // Written again, it is the current format.
    expect((encodeSnapshot(back) as EncodedSnapshot).format).toBe(SNAPSHOT_FORMAT);
    expect(SNAPSHOT_FORMAT).toBe(3);
  });
});
