import { Immer, isDraft } from "immer";
import { describe, expect, it } from "vitest";
import { createInteraction } from "./create";
import { goblinAmbush } from "./scenarios";
import { pickGame, ROLLBACK_KEYS } from "./state";
import { peek } from "./tx";

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
