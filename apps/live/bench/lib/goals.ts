// The live server's goals (issues 4 and 9), judged from one run's own reports, so every run
// says which it met instead of leaving the reader to compare tables.
import type { PeerReport, Plan, Step, StormReport } from "./orchestrate";
import { fmt, median } from "./stats";

export const GOALS = {
  /** Issue 4: p99 from a command to its whole room, at the goal point. */
  p99Ms: 2,
  /** Issue 9: sustained commands/s (p99 within the ramp's bound) against Colyseus. */
  sustainedVsColyseus: 1.5,
  /** Issue 9: connections in one process, and against Colyseus. */
  connections: 10_000,
  connectionsVsColyseus: 1.5,
  /** Issue 9: server memory per room of 5 against Colyseus. */
  memoryVsColyseus: 0.75,
  /** Issue 9: command p99 while every room snapshots, against the quiet p99. */
  stormRatio: 1.1,
  /** Issue 9: a typical delta as JSON. */
  deltaBytes: 100,
} as const;

/** `met` is null when this run did not measure what the goal needs (a phase or peer left out). */
export interface Verdict {
  goal: string;
  measured: string;
  met: boolean | null;
}

const OURS = "roundtable";
/** A figure this run has (NaN crosses the IPC channel as null). */
const known = (x: number | null | undefined): x is number => typeof x === "number" && !Number.isNaN(x);
const isColyseus = (r: PeerReport) => r.peer.startsWith("colyseus");

/** Highest ramp step whose p99 stayed within the bound with nothing lost. */
export function sustained(r: PeerReport, plan: Plan): Step | undefined {
  const steps = [...r.latency.filter((s) => s.rooms === plan.rampRooms), ...r.ramp];
  return steps
    .filter((s) => s.latency.p99 <= plan.p99Ramp && s.lost === 0)
    .sort((a, b) => b.achievedPerSec - a.achievedPerSec)[0];
}

export function maxConnections(r: PeerReport, plan: Plan): number | undefined {
  const steps = [...r.latency, ...r.maxConn].filter(
    (s) => s.latency.p99 < plan.p99MaxConn && s.lost === 0 && !("connectFailures" in s && s.connectFailures),
  );
  const best = Math.max(0, ...steps.map((s) => s.rooms));
  return best ? best * 5 : undefined;
}

/** The goal point's p99: over every round's commands pooled when there were rounds. */
export function goalP99(r: PeerReport, plan: Plan): number | undefined {
  const p = r.pooled?.p99 ?? r.latency.find((s) => s.rooms === plan.rampRooms)?.latency.p99;
  return known(p) ? p : undefined;
}

/** Median p99 of the quiet windows and of the storm windows. */
export function stormP99s(storm: StormReport): { quiet: number; storm: number } | undefined {
  const quiet = median(storm.quiet.map((q) => q.latency.p99));
  const loud = median(storm.storm.map((s) => s.latency.p99));
  return known(quiet) && known(loud) ? { quiet, storm: loud } : undefined;
}

/** The best value among Colyseus's runs (default and immediate patches); higher or lower is better. */
function bestColyseus(
  reports: PeerReport[],
  value: (r: PeerReport) => number | undefined,
  better: "higher" | "lower",
): { peer: string; value: number } | undefined {
  let best: { peer: string; value: number } | undefined;
  for (const r of reports.filter((x) => isColyseus(x) && !x.error)) {
    const v = value(r);
    if (!known(v)) continue;
    if (!best || (better === "higher" ? v > best.value : v < best.value)) best = { peer: r.peer, value: v };
  }
  return best;
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** A goal's verdict from its figures, or "not measured" when this run has none (`undefined`). */
function judge<T>(
  goal: string,
  figures: T | undefined,
  measured: (f: T) => string,
  met: (f: T) => boolean,
): Verdict {
  return figures === undefined
    ? { goal, measured: "not measured", met: null }
    : { goal, measured: measured(figures), met: met(figures) };
}

/** Both figures, or undefined when either is missing. */
const both = <A, B>(a: A | undefined, b: B | undefined): [A, B] | undefined =>
  a === undefined || b === undefined ? undefined : [a, b];

export function goalVerdicts(reports: PeerReport[], plan: Plan): Verdict[] {
  const ours = reports.find((r) => r.peer === OURS && !r.error);
  if (!ours) return [];
  const others = reports.filter((r) => r !== ours && !r.error && r.peer !== "roundtable-wire");
  const out: Verdict[] = [];
  const point = `${plan.rampRooms} rooms × 5 clients, 1 command/s per room`;

  const p99 = goalP99(ours, plan);
  const how = ours.pooled ? "pooled over every round" : "one window";
  out.push(
    judge(
      `p99 ≤ ${GOALS.p99Ms} ms at ${point} (issue 4)`,
      p99,
      (p) => `${fmt(p, 2)} ms (${how})`,
      (p) => p <= GOALS.p99Ms,
    ),
  );

  let fastest: { peer: string; p99: number } | undefined;
  for (const r of others) {
    const v = goalP99(r, plan);
    if (v !== undefined && (!fastest || v < fastest.p99)) fastest = { peer: r.peer, p99: v };
  }
  out.push(
    judge(
      "that p99 not slower than the fastest peer's (issue 4)",
      both(p99, fastest),
      ([p, f]) => `${fmt(p, 2)} vs ${fmt(f.p99, 2)} ms (${f.peer}): ${ratio(p, f.p99)}`,
      ([p, f]) => p <= f.p99,
    ),
  );
  if (fastest?.peer !== "colyseus-immediate") {
    const immediate = others.find((r) => r.peer === "colyseus-immediate");
    out.push(
      judge(
        "that p99 no worse than Colyseus with immediate patches (issue 9)",
        both(p99, immediate && goalP99(immediate, plan)),
        ([p, c]) => `${fmt(p, 2)} vs ${fmt(c, 2)} ms: ${ratio(p, c)}`,
        ([p, c]) => p <= c,
      ),
    );
  }

  // Judged only when the ramp ran (a goal-only run has the goal point's 200/s and nothing more).
  const ourRate = ours.ramp.length ? sustained(ours, plan)?.achievedPerSec : undefined;
  out.push(
    judge(
      `sustained commands/s at p99 ≤ ${plan.p99Ramp} ms ≥ ${GOALS.sustainedVsColyseus}× Colyseus (issue 9)`,
      both(
        ourRate,
        bestColyseus(others, (r) => sustained(r, plan)?.achievedPerSec, "higher"),
      ),
      ([o, c]) => `${fmt(o, 0)} vs ${fmt(c.value, 0)}/s (${c.peer}): ${ratio(o, c.value)}`,
      ([o, c]) => o >= GOALS.sustainedVsColyseus * c.value,
    ),
  );

  // Measured when the large-room phase ran (its max-connection steps are skipped once 1,000 rooms fail).
  const largeRan = ours.maxConn.length > 0 || ours.latency.some((s) => s.rooms > plan.rampRooms);
  const theirConns = bestColyseus(others, (r) => maxConnections(r, plan) ?? 0, "higher");
  out.push(
    judge(
      `≥ ${GOALS.connections.toLocaleString("en")} connections with p99 < ${plan.p99MaxConn} ms, ≥ ${GOALS.connectionsVsColyseus}× Colyseus (issue 9)`,
      largeRan ? (maxConnections(ours, plan) ?? 0) : undefined,
      (o) =>
        `${o.toLocaleString("en")}${theirConns ? ` vs ${theirConns.value.toLocaleString("en")} (${theirConns.peer})` : ""}`,
      (o) => o >= GOALS.connections && (!theirConns || o >= GOALS.connectionsVsColyseus * theirConns.value),
    ),
  );

  out.push(
    judge(
      `server memory per room of 5 ≤ ${GOALS.memoryVsColyseus}× Colyseus (issue 9)`,
      both(
        known(ours.memory?.perRoomBytes) ? ours.memory.perRoomBytes : undefined,
        bestColyseus(others, (r) => r.memory?.perRoomBytes, "lower"),
      ),
      ([o, c]) => `${fmt(o / 1024, 1)} vs ${fmt(c.value / 1024, 1)} KB (${c.peer}): ${ratio(o, c.value)}`,
      ([o, c]) => o <= GOALS.memoryVsColyseus * c.value,
    ),
  );

  out.push(
    judge(
      `p99 while every room snapshots ≤ ${GOALS.stormRatio}× the quiet p99 (issue 9)`,
      ours.storm && stormP99s(ours.storm),
      (s) => `${fmt(s.storm, 2)} vs ${fmt(s.quiet, 2)} ms: ${ratio(s.storm, s.quiet)}`,
      (s) => s.storm <= GOALS.stormRatio * s.quiet,
    ),
  );

  // Typical = the median of the sampled deltas, over every goal-point round.
  const sizes = (ours.rounds ?? ours.latency.filter((s) => s.rooms === plan.rampRooms))
    .map((s) => s.deltaJsonMedianBytes)
    .filter(known);
  out.push(
    judge(
      `a typical delta ≤ ${GOALS.deltaBytes} bytes as JSON (issue 9)`,
      sizes.length ? median(sizes) : undefined,
      (d) => `${fmt(d, 0)} B (median at the goal point)`,
      (d) => d <= GOALS.deltaBytes,
    ),
  );
  return out;
}

/** The verdicts as a markdown table. */
export function goalsTable(verdicts: Verdict[]): string[] {
  if (!verdicts.length) return [];
  const out = ["| goal | this run | met? |", "|---|---|---|"];
  for (const v of verdicts)
    out.push(`| ${v.goal} | ${v.measured} | ${v.met === null ? "–" : v.met ? "yes" : "**no**"} |`);
  return out;
}
