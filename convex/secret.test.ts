import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { secretsMatch } from "./secret";

describe("secretsMatch", () => {
  test("is true exactly for equal strings", () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => secretsMatch(a, b) === (a === b)));
    fc.assert(fc.property(fc.string({ minLength: 1 }), (a) => secretsMatch(a, a)));
  });

  test("tells apart prefixes, extensions and multi-byte look-alikes", () => {
    expect(secretsMatch("abc", "ab")).toBe(false);
    expect(secretsMatch("abc", "abcabc")).toBe(false);
    expect(secretsMatch("abc", "")).toBe(false);
    expect(secretsMatch("é", "e\u0301")).toBe(false);
  });
});
