import { describe, expect, it } from "vitest";
import { DeltaSizes } from "./peer";

describe("DeltaSizes", () => {
  it("samples the first player seat of the first rooms only", () => {
    expect(DeltaSizes.sampled(0, 1)).toBe(true);
    expect(DeltaSizes.sampled(DeltaSizes.SAMPLED_ROOMS - 1, 1)).toBe(true);
    expect(DeltaSizes.sampled(DeltaSizes.SAMPLED_ROOMS, 1)).toBe(false);
    expect(DeltaSizes.sampled(0, 0)).toBe(false);
    expect(DeltaSizes.sampled(0, 2)).toBe(false);
  });

  it("gives the mean and the typical (median) size of each window, then starts over", () => {
    const d = new DeltaSizes();
    for (const n of [80, 90, 95, 400]) d.add(n);
    expect(d.take()).toEqual({ messages: 4, meanBytes: 166.25, medianBytes: 92.5 });
    const empty = d.take();
    expect(empty.messages).toBe(0);
    expect(empty.meanBytes).toBeNaN();
    expect(empty.medianBytes).toBeNaN();
  });
});
