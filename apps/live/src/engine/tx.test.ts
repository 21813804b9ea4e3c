import { enablePatches, Immer, isDraft } from "immer";
import { describe, expect, it } from "vitest";
import { createInteraction } from "./create";
import { goblinAmbush } from "./scenarios";
import { copyState, pickGame, ROLLBACK_KEYS } from "./state";
import { draftState, peek, primeCopy } from "./tx";

const immer = new Immer({ autoFreeze: true });
const base = immer.produce({ a: { b: 1 }, list: [{ x: 1 }], n: 1 }, () => undefined);

describe("pickGame", () => {
  it("takes exactly the keys rollback restores", () => {
    const s = createInteraction(goblinAmbush(), { seed: 1, now: 0 });
    expect(Object.keys(pickGame(s))).toEqual([...ROLLBACK_KEYS]);
  });
});

describe("peek", () => {
  it("reads the latest value through a draft without drafting what it reads", () => {
    immer.produce(base, (d) => {
      expect(peek(d, "a")).toBe(base.a); // the plain object, not a new draft
      expect(isDraft(peek(d, "a"))).toBe(false);
      d.n = 2;
      expect(peek(d, "n")).toBe(2);
      d.a = { b: 3 };
      expect(peek(d, "a")).toEqual({ b: 3 });
      d.list[0]!.x = 5; // drafts the list: peek then gives that draft, with the new value
      expect(peek(peek(d, "list")[0]!, "x")).toBe(5);
      expect(peek(peek(d, "list"), 0)).toBe(d.list[0]);
    });
  });

  it("reads plain objects directly", () => {
    expect(peek(base, "a")).toBe(base.a);
    expect(peek(base.list, 0)).toBe(base.list[0]);
  });

  it("does not make the state change when only reading", () => {
    const next = immer.produce(base, (d) => {
      peek(d, "a");
      peek(peek(d, "list"), 0);
    });
    expect(next).toBe(base);
  });
});

describe("primeCopy", () => {
  it("gives the root draft the copy immer would make: same state, same patches", () => {
    enablePatches();
    const patchImmer = new Immer({ autoFreeze: false });
    const s = createInteraction(goblinAmbush(), { seed: 1, now: 0 });
    expect(Object.keys(copyState(s))).toEqual(Object.keys(s));
    const recipe = (d: typeof s) => {
      d.round = 3;
      d.entities.pc1!.hp = 1;
      delete d.queued.nobody;
      d.log.c9 = { e90: { at: 1, round: 3, text: "x" } };
    };
    const plainRun = patchImmer.produceWithPatches(s, recipe);
    const primed = patchImmer.produceWithPatches(s, (d) => {
      const st = draftState(d);
      expect(st).toBeDefined();
      primeCopy(st, copyState);
      expect(peek(d, "entities")).toBe(s.entities);
      recipe(d);
    });
    expect(primed[0]).toEqual(plainRun[0]);
    expect(Object.keys(primed[0])).toEqual(Object.keys(plainRun[0]));
    expect(primed[1]).toEqual(plainRun[1]);
    expect(primed[2]).toEqual(plainRun[2]);
  });

  it("changes nothing when nothing is written", () => {
    const s = createInteraction(goblinAmbush(), { seed: 1, now: 0 });
    const next = new Immer({ autoFreeze: false }).produce(s, (d) => primeCopy(draftState(d), copyState));
    expect(next).toBe(s);
  });
});
