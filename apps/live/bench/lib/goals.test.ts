import { describe, expect, it } from "vitest";
import { goalsTable, goalVerdicts, type Verdict } from "./goals";
import type { PeerReport, Plan, Step } from "./orchestrate";

const plan = { rampRooms: 200, p99Ramp: 25, p99MaxConn: 50 } as Plan;

// A measured window: `rooms` rooms at `rate` commands/s per room with this p99 (ms).
const step = (rooms: number, p99: number, more: Partial<Step> = {}): Step =>
  ({
    rooms,
    ratePerRoom: 1,
    latency: { count: 900, p50: p99 / 4, p95: p99 / 2, p99, max: p99 * 2 },
    lost: 0,
    achievedPerSec: rooms,
    deltaJsonBytes: NaN,
    deltaJsonMedianBytes: NaN,
    ...more,
  }) as Step;

const peer = (name: string, goalP99: number, more: Partial<PeerReport> = {}): PeerReport => ({
  peer: name,
  latency: [step(200, goalP99)],
  ramp: [],
  maxConn: [],
  ...more,
});

const verdict = (vs: Verdict[], start: string) => vs.find((v) => v.goal.startsWith(start));

describe("goalVerdicts", () => {
  it("judges the goal point by the pooled p99 and names the fastest peer", () => {
    const vs = goalVerdicts(
      [
        peer("roundtable", 9, { pooled: { count: 4500, p50: 1, p95: 2, p99: 3.5, max: 20 } }),
        peer("colyseus-immediate", 7, { pooled: { count: 4500, p50: 0.5, p95: 1, p99: 8, max: 30 } }),
        peer("naive", 2, { pooled: { count: 4500, p50: 0.4, p95: 1, p99: 1.9, max: 9 } }),
        // Roundtable's own server with other clients is not a peer, however fast.
        peer("roundtable-wire", 1),
      ],
      plan,
    );
    expect(verdict(vs, "p99 ≤ 2 ms")).toMatchObject({
      met: false,
      measured: "3.50 ms (pooled over every round)",
    });
    expect(verdict(vs, "that p99 not slower than the fastest")).toMatchObject({
      met: false,
      measured: "3.50 vs 1.90 ms (naive): 1.84×",
    });
    expect(verdict(vs, "that p99 no worse than Colyseus")).toMatchObject({
      met: true,
      measured: "3.50 vs 8.00 ms: 0.44×",
    });
  });

  it("meets the latency goals when Roundtable is fastest and within 2 ms", () => {
    const vs = goalVerdicts([peer("roundtable", 1.8), peer("colyseus-immediate", 2.4)], plan);
    expect(verdict(vs, "p99 ≤ 2 ms")?.met).toBe(true);
    expect(verdict(vs, "that p99 not slower than the fastest")).toMatchObject({
      met: true,
      measured: "1.80 vs 2.40 ms (colyseus-immediate): 0.75×",
    });
    // The fastest peer is Colyseus immediate itself: no second line for it.
    expect(verdict(vs, "that p99 no worse than Colyseus")).toBeUndefined();
  });

  it("compares throughput, connections and memory with the better of Colyseus's two runs", () => {
    const vs = goalVerdicts(
      [
        peer("roundtable", 5, {
          ramp: [step(200, 20, { achievedPerSec: 1600 }), step(200, 40, { achievedPerSec: 3000 })],
          maxConn: [{ ...step(2000, 30), connectFailures: 0 }],
          memory: { perRoomBytes: 100 * 1024, perRoomRssBytes: 0, perIdleConnBytes: 0, rooms: 1000 },
        }),
        peer("colyseus-default", 50, {
          ramp: [step(200, 24, { achievedPerSec: 1000 })],
          memory: { perRoomBytes: 80 * 1024, perRoomRssBytes: 0, perIdleConnBytes: 0, rooms: 1000 },
        }),
        peer("colyseus-immediate", 8, {
          ramp: [step(200, 10, { achievedPerSec: 800 })],
          latency: [step(200, 8), step(1000, 60)],
          memory: { perRoomBytes: 75 * 1024, perRoomRssBytes: 0, perIdleConnBytes: 0, rooms: 1000 },
        }),
      ],
      plan,
    );
    // 1,600/s is the best step within 25 ms (the 3,000/s step broke it): 1.60× the better Colyseus.
    expect(verdict(vs, "sustained")).toMatchObject({
      met: true,
      measured: "1600 vs 1000/s (colyseus-default): 1.60×",
    });
    // 10,000 connections held: the goal asks for 10,000 and 1.5× the better Colyseus (200 rooms × 5).
    expect(verdict(vs, "≥ 10,000 connections")).toMatchObject({
      met: true,
      measured: "10,000 vs 1,000 (colyseus-immediate)",
    });
    // Memory against the smaller of the two: 100 KB is 1.33× 75 KB, over the 0.75× bound.
    expect(verdict(vs, "server memory")).toMatchObject({
      met: false,
      measured: "100.0 vs 75.0 KB (colyseus-immediate): 1.33×",
    });
  });

  it("judges the snapshot storm by the median p99s and the delta by its median size", () => {
    const quiet = [step(200, 4), step(200, 5), step(200, 6)];
    const storm = [step(200, 5.2), step(200, 30), step(200, 5.4)];
    const vs = goalVerdicts(
      [
        peer("roundtable", 5, {
          // Typical: the median of the rounds' medians, not the means that large attacks pull up.
          rounds: [90, 96, 104].map((m) => step(200, 5, { deltaJsonBytes: 130, deltaJsonMedianBytes: m })),
          storm: { quiet, storm: storm.map((s) => ({ ...s, storms: [] })) },
        }),
      ],
      plan,
    );
    // One storm window at 30 ms does not decide it: 5.40 against 5.00 is 1.08×.
    expect(verdict(vs, "p99 while every room snapshots")).toMatchObject({
      met: true,
      measured: "5.40 vs 5.00 ms: 1.08×",
    });
    expect(verdict(vs, "a typical delta")).toMatchObject({
      met: true,
      measured: "96 B (median at the goal point)",
    });
  });

  it("says what this run did not measure instead of judging it", () => {
    const vs = goalVerdicts(
      [peer("roundtable", 3), peer("colyseus-immediate", NaN, { error: "server died" })],
      plan,
    );
    expect(verdict(vs, "p99 ≤ 2 ms")?.met).toBe(false);
    for (const start of [
      "that p99 not slower",
      "sustained",
      "≥ 10,000",
      "server memory",
      "p99 while",
      "a typical delta",
    ])
      expect(verdict(vs, start)).toMatchObject({ met: null, measured: "not measured" });
    expect(goalsTable(vs).some((l) => l.endsWith("| – |"))).toBe(true);
  });

  it("judges nothing when Roundtable did not run or failed", () => {
    expect(goalVerdicts([peer("naive", 1)], plan)).toEqual([]);
    expect(goalVerdicts([peer("roundtable", 1, { error: "x" }), peer("naive", 1)], plan)).toEqual([]);
    expect(goalsTable([])).toEqual([]);
  });
});
