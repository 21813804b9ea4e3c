import fc from "fast-check";
import { type Patch, applyPatches, enablePatches, produceWithPatches } from "immer";
import { describe, expect, it } from "vitest";
import {
  type InteractionState,
  filterPatches,
  applyCommand,
  scenarios,
  simulate,
  viewFor,
} from "../../src/engine";
import { decodePatches, encodePatches } from "../../src/room/patchCodec";
import { applyPatchesInPlace } from "./patchInPlace";

enablePatches();

type Doc = {
  n: number;
  list: unknown[];
  map: Record<string, unknown>;
  nested: { deep: { x: number } } | null;
};
const base: Doc = { n: 0, list: [1, 2, { a: 1 }], map: { k: "v" }, nested: { deep: { x: 1 } } };

// Views never have a "__proto__" key, and immer's applyPatches turns one inside a value into a
// prototype (the property is lost), so such values are left out.
const value = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"'));
const edit = fc.oneof(
  fc.record({ kind: fc.constant("push" as const), v: value }),
  fc.record({ kind: fc.constant("splice" as const), at: fc.nat(4), del: fc.nat(2), v: value }),
  fc.record({ kind: fc.constant("pop" as const) }),
  fc.record({ kind: fc.constant("set" as const), k: fc.string({ maxLength: 3 }), v: value }),
  fc.record({ kind: fc.constant("delete" as const), k: fc.constantFrom("k", "a", "") }),
  fc.record({ kind: fc.constant("deep" as const), x: fc.integer() }),
  fc.record({ kind: fc.constant("dropNested" as const) }),
);

describe("applyPatchesInPlace", () => {
  it("gives what immer's applyPatches gives, for immer's own object and array patches", () => {
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 6 }), (edits) => {
        const [next, patches] = produceWithPatches(base, (d) => {
          for (const e of edits) {
            if (e.kind === "push") d.list.push(e.v);
            else if (e.kind === "splice") d.list.splice(e.at, e.del, e.v);
            else if (e.kind === "pop") d.list.pop();
            else if (e.kind === "set" && e.k !== "__proto__") d.map[e.k] = e.v;
            else if (e.kind === "delete") delete d.map[e.k];
            else if (e.kind === "deep" && d.nested) d.nested.deep.x = e.x;
            else if (e.kind === "dropNested") d.nested = null;
            d.n++;
          }
        });
        // Through the wire codec, as the bot receives them: values are fresh objects (and JSON
        // has no -0, so compare with immer on the same decoded patches, not with `next`).
        const wire = JSON.parse(JSON.stringify(encodePatches(patches))) as unknown[];
        const expected = applyPatches(base, decodePatches(wire));
        expect(expected).toEqual(JSON.parse(JSON.stringify(next)));
        const mine = structuredClone(base);
        expect(applyPatchesInPlace(mine, decodePatches(wire))).toEqual(expected);
        expect(mine).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("rebuilds the DM's view of a whole simulated game, delta by delta", () => {
    let before: InteractionState | null = null;
    let view: unknown = null;
    let checked = 0;
    simulate(scenarios.goblinAmbush(), {}, 7, {
      maxCommands: 400,
      onCommand: (c, actor, after, now) => {
        if (before) {
          // The engine is pure: the same command on the same state gives the same patches.
          const r = applyCommand(before, c, { actor, now });
          if (!r.ok) throw new Error(r.error.message);
          const wire = JSON.parse(
            JSON.stringify(encodePatches(filterPatches(r.patches, before, after, "dm"))),
          ) as unknown[];
          view = applyPatchesInPlace(view, decodePatches(wire));
          expect(view).toEqual(viewFor(after, "dm"));
          checked++;
        } else view = structuredClone(viewFor(after, "dm"));
        before = after;
      },
    });
    expect(checked).toBeGreaterThan(50);
  });

  it("replaces the root, and refuses a path through a missing object with an error naming it", () => {
    expect(applyPatchesInPlace({ a: 1 }, [{ op: "replace", path: [], value: { b: 2 } }])).toEqual({ b: 2 });
    const doc = { a: { b: 1 } };
    const bad: Patch[] = [{ op: "replace", path: ["x", "y"], value: 1 }];
    expect(() => applyPatchesInPlace(doc, bad)).toThrow("No object at x");
    expect(doc).toEqual({ a: { b: 1 } });
  });
});
