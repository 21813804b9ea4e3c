import fc from "fast-check";
import { type Patch, applyPatches, enablePatches, produceWithPatches } from "immer";
import { describe, expect, it } from "vitest";
import { decodePatches, encodePatches } from "./patchCodec";

enablePatches();

const tricky = fc.constantFrom(
  "",
  "~",
  "/",
  "#",
  "!",
  "~0",
  "~1",
  "~2",
  "#1",
  "!e",
  "a/b",
  "entities",
  "turn",
  "x",
);
const key = fc.oneof(fc.string(), tricky);
/** JSON values whose objects' keys come from `keys`. */
const jsonOf = (keys: fc.Arbitrary<string>) =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
      fc.string(),
      tricky,
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(keys, tie("value"), { maxKeys: 4 }),
    ),
  })).value;
const json = jsonOf(key);
// Immer refuses `draft["__proto__"] = …` (it would set the prototype), and its applyPatches
// drops such a key inside a value as it copies it; the codec itself handles that key (the
// first property below). State keys are ids, never "__proto__".
const draftKey = key.filter((k) => k !== "__proto__");
const draftJson = jsonOf(draftKey);
const path = fc.array(fc.oneof(key, fc.nat()), { maxLength: 5 });
const patch: fc.Arbitrary<Patch> = fc.oneof(
  fc.record({ op: fc.constant("remove" as const), path }),
  fc.record({ op: fc.constantFrom("add" as const, "replace" as const), path, value: json }),
  fc.record({ op: fc.constantFrom("add" as const, "replace" as const), path, value: fc.constant(undefined) }),
);

describe("patch codec", () => {
  it("decode ∘ encode is the identity on patch lists, also through JSON", () => {
    fc.assert(
      fc.property(fc.array(patch, { maxLength: 6 }), (patches) => {
        expect(decodePatches(encodePatches(patches))).toEqual(patches);
        const wire = JSON.parse(JSON.stringify(encodePatches(patches))) as unknown[];
        expect(decodePatches(wire)).toEqual(patches);
      }),
      { numRuns: 2_000 },
    );
  });

  it("round-trips immer's own patches: applying decoded patches gives the same state", () => {
    const base = {
      entities: { pc1: { position: { x: 1, y: 2 }, hp: 7, conditions: ["prone"] } } as Record<
        string,
        unknown
      >,
      turn: { id: 1, entityId: "pc1" } as Record<string, unknown> | null,
      log: {} as Record<string, unknown>,
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(draftKey, draftJson), { maxLength: 4 }),
        fc.boolean(),
        (edits, dropTurn) => {
          const [next, patches] = produceWithPatches(base, (d) => {
            for (const [k, v] of edits) (d.log as Record<string, unknown>)[k] = v;
            (d.entities.pc1 as { position: { x: number } }).position.x += 1;
            (d.entities.pc1 as { conditions: string[] }).conditions.push("blinded");
            d.turn = dropTurn ? null : { id: 2, entityId: "pc1", startedAt: 5 };
          });
          const wire = JSON.parse(JSON.stringify(encodePatches(patches))) as unknown[];
          expect(applyPatches(base, decodePatches(wire))).toEqual(next);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes a move in well under 100 bytes", () => {
    const move: Patch[] = [
      { op: "replace", path: ["entities", "pc1", "position"], value: { x: 4, y: 6 } },
      { op: "add", path: ["turn", "moved"], value: 10 },
      { op: "add", path: ["turn", "status"], value: "taken" },
    ];
    const wire = JSON.stringify(encodePatches(move));
    expect(wire).toBe('["=!e/pc1/!t",{"x":4,"y":6},"+!m/!s",10,"+!m/!A","taken"]');
    expect(wire.length).toBeLessThan(JSON.stringify(move).length / 2);
  });

  it("rejects malformed lists", () => {
    expect(() => decodePatches([1])).toThrow();
    expect(() => decodePatches(["?x"])).toThrow();
    expect(() => decodePatches(["=a"])).toThrow();
    expect(() => decodePatches(["=!~", 1])).toThrow();
  });
});
