// Runs one peer through the plan: a server process and a load process, both children of
// this (mostly idle) process, talking to each other over loopback only.
import type { ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { spawnChild } from "./childNode";
import type { GcWindow } from "./gcWindow";
import { caller, type Reply } from "./ipc";
import {
  type CommandTimes,
  type DispatchTimes,
  type StageSplit,
  type StageTimes,
  splitStages,
} from "./stages";
import { fmt, median, type LatencySummary } from "./stats";

export type RunResult = Reply & RunStats;

export interface RunStats {
  latency: LatencySummary;
  sent: number;
  completed: number;
  lost: number;
  stuck: number;
  achievedPerSec: number;
  bytesPerDelivery: number;
  clientCpuPct: number;
  clientLagMaxMs: number;
  rejected: number;
  firstRejection: string;
  /** JSON peers: mean size of one change message body as a seat receives it (`DeltaSizes`). */
  deltaJsonBytes: number;
  /** JSON peers: the median of the same sample, the typical change. */
  deltaJsonMedianBytes: number;
  /** `--stages`: where the window's commands spent their time (stages.ts). */
  stages?: StageSplit;
  /** Every measured command's latency (ms), for pooling goal-point rounds; dropped after. */
  samples?: number[];
}

export interface Step extends RunStats {
  rooms: number;
  ratePerRoom: number;
  serverCpuPct: number;
  serverLagMaxMs: number;
  machineLoad1: number;
  /** The server's garbage collection in the window (V8 GCProfiler). */
  gc?: GcWindow | null;
  /** The load process' garbage collection in the same window. */
  loadGc?: GcWindow | null;
}

interface Mem extends Reply {
  rss: number;
  heapUsed: number;
  external: number;
}

export interface PeerReport {
  peer: string;
  latency: Step[];
  /** The goal point measured in several rounds taking turns with the other peers. */
  rounds?: Step[];
  /** Percentiles over every command of every goal-point round together. */
  pooled?: LatencySummary;
  ramp: Step[];
  maxConn: (Step & { connectFailures: number })[];
  memory?: { perRoomBytes: number; perRoomRssBytes: number; perIdleConnBytes: number; rooms: number };
  /** Snapshot storm at the goal point (Roundtable): quiet and storm windows, back to back. */
  storm?: StormReport;
  error?: string;
}

export interface StormCall {
  rooms: number;
  /** Time the synchronous pass that queues every room's snapshot took (on the command path). */
  queueMs: number;
  /** From the storm to the last of its snapshots written. */
  drainMs: number;
}

export interface StormReport {
  quiet: Step[];
  storm: (Step & { storms: StormCall[] })[];
  storePath?: Record<string, unknown>;
}

export interface Plan {
  /** Rounds at the goal point (rampRooms × 1/s), peers taking turns; medians reported. */
  rounds: number;
  latencyRooms: number[];
  window: number;
  warmup: number;
  rampRooms: number;
  rampRates: number[];
  rampWindow: number;
  rampTries: number;
  memoryRooms: [number, number];
  maxConnRooms: number[];
  p99Ramp: number;
  p99MaxConn: number;
  /** Pairs of (quiet, storm) windows at the goal point; 0 skips the snapshot-storm phase. */
  stormRounds: number;
  /** Storms per storm window, evenly spread over its measured part. */
  stormsPerWindow: number;
  /** Seconds the store path is driven back to back (per store). */
  storePathSeconds: number;
}

const profile = process.argv.includes("--profile");
const heapProfileArg = process.argv.find((a) => a === "--heap-profile" || a.startsWith("--heap-profile="));
const heapProfile = heapProfileArg !== undefined;
/** `--heap-profile[=live|promoted]`: what the server's sampling heap profile of each window keeps. */
const heapProfileMode = heapProfileArg?.split("=")[1] ?? "all";
if (!["all", "live", "promoted"].includes(heapProfileMode))
  throw new Error(`--heap-profile=${heapProfileMode}: expected live or promoted (or nothing: all)`);
/** `--probe=load`: `--profile` and `--heap-profile` record the load process instead of the server. */
const probeArg = process.argv.find((a) => a.startsWith("--probe="))?.split("=")[1] ?? "server";
if (probeArg !== "server" && probeArg !== "load")
  throw new Error(`--probe=${probeArg}: expected server or load`);
const stages = process.argv.includes("--stages");
/** `--trace-slow[=ms]`: the load process prints every measured command slower than this (default 20). */
const traceArg = process.argv.find((a) => a === "--trace-slow" || a.startsWith("--trace-slow="));
const traceSlowMs = traceArg === undefined ? null : Number(traceArg.split("=")[1] ?? 20);
if (traceSlowMs !== null && !(traceSlowMs > 0))
  throw new Error(`--trace-slow=ms: not a positive number: ${traceArg}`);
const jsMem = (m: Mem) => m.heapUsed + m.external;

/** Medians of each percentile over rounds; the other fields from the round with the median p99. */
export function medianStep(rounds: Step[]): Step {
  const byP99 = [...rounds].sort((a, b) => a.latency.p99 - b.latency.p99);
  const mid = byP99[Math.floor((byP99.length - 1) / 2)]!;
  return {
    ...mid,
    latency: {
      count: rounds.reduce((n, r) => n + r.latency.count, 0),
      p50: median(rounds.map((r) => r.latency.p50)),
      p95: median(rounds.map((r) => r.latency.p95)),
      p99: median(rounds.map((r) => r.latency.p99)),
      max: Math.max(...rounds.map((r) => r.latency.max)),
    },
    lost: rounds.reduce((n, r) => n + r.lost, 0),
  };
}

/** One peer's server and load processes, kept up across phases so peers can take turns. */
export class PeerRun {
  readonly report: PeerReport;
  private readonly server: ChildProcess;
  private readonly load: ChildProcess;
  private readonly srv: ReturnType<typeof caller>;
  private readonly ld: ReturnType<typeof caller>;
  private connected = 0;
  private m0: Mem | undefined;
  private lastStorms: StormCall[] = [];

  constructor(
    readonly peer: string,
    private readonly plan: Plan,
    private readonly log: (s: string) => void,
  ) {
    this.report = { peer, latency: [], ramp: [], maxConn: [] };
    this.server = spawnChild("server", [peer]);
    this.load = spawnChild("load", []);
    this.srv = caller(this.server);
    this.ld = caller(this.load);
  }

  get failed(): boolean {
    return this.report.error !== undefined;
  }

  /** Runs `fn` unless this peer already failed; a failure is recorded, not thrown. */
  async guard(fn: () => Promise<void>): Promise<void> {
    if (this.failed) return;
    try {
      await fn();
    } catch (e) {
      this.report.error = e instanceof Error ? e.message : String(e);
      this.log(`  ${this.peer}: FAILED ${this.report.error}`);
    }
  }

  start(): Promise<void> {
    return this.guard(async () => {
      const started = await this.srv<Reply & { url: string; info: unknown }>("start", {}, 60_000);
      if (!started.url.startsWith("ws://127.0.0.1:"))
        throw new Error(`refusing non-loopback target ${started.url}`);
      await this.ld("init", { peer: this.peer, url: started.url, info: started.info }, 60_000);
      this.m0 = await this.srv<Mem>("mem");
    });
  }

  async ensureRooms(n: number, seats = [0, 1, 2, 3, 4], prime = true): Promise<number> {
    if (n <= this.connected) return 0;
    const before = this.connected;
    const r = await this.ld<Reply & { ms: number; failures: number; firstError: string }>(
      "connect",
      { from: this.connected, to: n, seats },
      600_000,
    );
    if (r.failures) this.log(`  ${this.peer}: ${r.failures} joins failed (${r.firstError})`);
    this.log(
      `  ${this.peer}: rooms ${this.connected}..${n} seats [${seats.join(",")}] joined in ${(r.ms / 1000).toFixed(1)} s`,
    );
    if (seats.includes(4)) this.connected = n;
    if (seats.includes(4) && prime) await this.prime(before, n);
    return r.failures;
  }

  /**
   * Primes new rooms (unmeasured): first-command costs stay out of the windows, and each room
   * starts at a different point of its round (the goblin ambush has 11 entities, about 3
   * commands each per round).
   */
  private async prime(before: number, n: number): Promise<void> {
    const p = await this.ld<Reply & { ms: number; commands: number }>(
      "prime",
      { from: before, to: n, spread: 33 },
      300_000,
    );
    this.log(`  ${this.peer}: primed with ${p.commands} commands in ${(p.ms / 1000).toFixed(1)} s`);
  }

  async measure(
    rooms: number,
    ratePerRoom: number,
    seconds: number,
    storms: number[] = [],
    keepSamples = false,
  ): Promise<Step> {
    // `--profile`: the server process (or with `--probe=load` the load process) records a CPU
    // profile of every measured window.
    const probed = probeArg === "load" ? this.ld : this.srv;
    if (profile) await probed("profStart");
    if (heapProfile) await probed("heapProfStart", { mode: heapProfileMode });
    await this.srv("gcStart");
    await this.ld("gcStart");
    if (stages) await this.srv("stagesStart");
    const c0 = await this.srv<Reply & { user: number; system: number; at: number }>("cpu");
    const running = this.ld<RunResult & { stages?: CommandTimes[] }>(
      "run",
      { rooms, ratePerRoom, seconds, warmup: this.plan.warmup, stages, traceSlowMs, samples: keepSamples },
      (seconds + 30) * 1000,
    );
    // Snapshot storms at the given seconds into the window (the load process starts it ~20 ms
    // after the request; a storm lands within a few ms of its mark).
    const stormCalls = storms.map(
      (at) =>
        new Promise<StormCall>((resolve) =>
          setTimeout(() => {
            this.srv<Reply & StormCall>("storm", {}, 40_000).then(
              (c) => resolve({ rooms: c.rooms, queueMs: c.queueMs, drainMs: c.drainMs }),
              (e: unknown) => {
                this.log(`  ${this.peer}: storm failed: ${e instanceof Error ? e.message : String(e)}`);
                resolve({ rooms: 0, queueMs: NaN, drainMs: NaN });
              },
            );
          }, at * 1000),
        ),
    );
    const r = await running;
    this.lastStorms = await Promise.all(stormCalls);
    const c1 = await this.srv<Reply & { user: number; system: number; at: number; lagMax: number }>("cpu");
    const { gc } = await this.srv<Reply & { gc: GcWindow | null }>("gcStop");
    const { gc: loadGc } = await this.ld<Reply & { gc: GcWindow | null }>("gcStop");
    // NaN (no samples) crosses the IPC channel as null; turn it back so comparisons fail.
    const l = r.latency as unknown as Record<string, number | null>;
    for (const k of ["p50", "p95", "p99", "max"]) l[k] ??= NaN;
    if (profile) {
      const { file } = await probed<Reply & { file: string }>("profStop", {
        label: `${rooms}x${ratePerRoom}-${Date.now()}`,
      });
      this.log(`  ${this.peer}: CPU profile ${file}`);
    }
    if (heapProfile) {
      const { file } = await probed<Reply & { file: string }>("heapProfStop", {
        mode: heapProfileMode,
        label: `${rooms}x${ratePerRoom}-${heapProfileMode === "all" ? "" : `${heapProfileMode}-`}${Date.now()}`,
      });
      this.log(`  ${this.peer}: heap profile ${file}`);
    }
    const serverCpuPct = ((c1.user + c1.system - c0.user - c0.system) / 1000 / (c1.at - c0.at)) * 100;
    const { id: _id, ok: _ok, stages: commandTimes, samples, ...rest } = r;
    const split = commandTimes ? await this.stageSplit(commandTimes) : undefined;
    const load1 = loadavg()[0] ?? NaN;
    this.log(
      `  ${this.peer}: ${rooms} rooms × ${ratePerRoom}/s → p50 ${fmt(r.latency.p50, 2)} p95 ${fmt(r.latency.p95, 2)} p99 ${fmt(r.latency.p99, 2)} ms, ` +
        `${fmt(r.achievedPerSec, 0)} cmd/s, ${fmt(r.bytesPerDelivery, 0)} B/delivery (delta JSON ${fmt(r.deltaJsonBytes, 0)} B), lost ${r.lost}, server CPU ${fmt(serverCpuPct, 0)}%, ` +
        `load CPU ${fmt(r.clientCpuPct, 0)}%, max loop lag server ${fmt(c1.lagMax, 0)} / load ${fmt(r.clientLagMaxMs, 0)} ms, machine load ${fmt(load1)}`,
    );
    for (const [who, w] of [
      ["gc", gc],
      ["load process gc", loadGc],
    ] as const) {
      if (!w) continue;
      // Per command: the offered commands of the whole GC window (warm-up included).
      const perCmd = w.allocated / (w.seconds * rooms * ratePerRoom);
      this.log(
        `  ${this.peer}: ${who} ${fmt(w.allocated / 2 ** 20, 1)} MB allocated in ${fmt(w.seconds, 1)} s (${fmt(perCmd / 1024, 1)} KB per command), ` +
          `${w.scavenges} scavenges (median ${fmt(w.scavengeMedianMs, 2)} ms, max ${fmt(w.scavengeMaxMs, 2)} ms, ` +
          `survival ${fmt(w.survivalMedian * 100, 0)}%, promoted ${fmt(w.promotedMedian / 1024, 0)} KB median), ` +
          `${w.majors} major GC steps (${fmt(w.majorTotalMs, 1)} ms)`,
      );
    }
    if (r.rejected) this.log(`  ${this.peer}: ${r.rejected} commands refused, first: ${r.firstRejection}`);
    return {
      rooms,
      ratePerRoom,
      serverCpuPct,
      serverLagMaxMs: c1.lagMax,
      machineLoad1: load1,
      gc,
      loadGc,
      ...rest,
      ...(split ? { stages: split } : {}),
      ...(keepSamples ? { samples } : {}),
    };
  }

  /** `--stages`: joins the load process' command times with the server's dispatches and prints the split. */
  private async stageSplit(commands: CommandTimes[]): Promise<StageSplit> {
    const { dispatches } = await this.srv<Reply & { dispatches: DispatchTimes[] | null }>("stagesTake");
    const split = splitStages(commands, dispatches ?? []);
    const pair = (k: keyof StageTimes) => `${fmt(split.all[k], 2)} / ${fmt(split.slowest[k], 2)}`;
    this.log(
      `  ${this.peer}: stages, ms, median of ${split.commands} commands / mean of the slowest ${split.slowest.commands} ` +
        `(${fmt(split.slowest.latency, 2)} ms): due → sent ${pair("timer")}, sent → first seat ${pair("toFirst")}, ` +
        `first → last seat ${pair("spread")}` +
        (dispatches
          ? `; server: sent → dispatch ${pair("toDispatch")}, dispatch ${pair("dispatch")}, dispatch end → last seat ${pair("afterDispatch")}`
          : ""),
    );
    return split;
  }

  /** One window at 1 command/s per room; `keepSamples` for a goal-point round (pooled later). */
  latency(rooms: number, keepSamples = false): Promise<Step | undefined> {
    let step: Step | undefined;
    return this.guard(async () => {
      await this.ensureRooms(rooms);
      step = await this.measure(rooms, 1, this.plan.window, [], keepSamples);
    }).then(() => step);
  }

  /**
   * Snapshot storm at the goal point: a quiet window, then one in which every room snapshots
   * at once `stormsPerWindow` times, back to back, `stormRounds` times; then the store path
   * alone. Only peers that snapshot (Roundtable).
   */
  snapshotStorm(): Promise<void> {
    return this.guard(async () => {
      if (this.peer !== "roundtable" || this.plan.stormRounds <= 0) return;
      await this.ensureRooms(this.plan.rampRooms);
      const report: StormReport = { quiet: [], storm: [] };
      this.report.storm = report;
      const measured = this.plan.window - this.plan.warmup;
      const n = this.plan.stormsPerWindow;
      const marks = Array.from({ length: n }, (_, i) => this.plan.warmup + ((i + 0.5) * measured) / n);
      for (let k = 0; k < this.plan.stormRounds; k++) {
        report.quiet.push(await this.measure(this.plan.rampRooms, 1, this.plan.window));
        const step = await this.measure(this.plan.rampRooms, 1, this.plan.window, marks);
        report.storm.push({ ...step, storms: this.lastStorms });
        this.log(
          `  ${this.peer}: storms ${this.lastStorms
            .map(
              (c) => `${c.rooms} rooms queued in ${fmt(c.queueMs, 2)} ms, written in ${fmt(c.drainMs, 0)} ms`,
            )
            .join("; ")}`,
        );
      }
      const sp = await this.srv("storePath", { seconds: this.plan.storePathSeconds }, 120_000);
      const { id: _id, ok: _ok, ...rest } = sp;
      report.storePath = rest;
      this.log(`  ${this.peer}: store path ${JSON.stringify(rest)}`);
    });
  }

  ramp(): Promise<void> {
    return this.guard(async () => {
      await this.ensureRooms(this.plan.rampRooms);
      for (const rate of this.plan.rampRates) {
        // The better of `rampTries` windows: one stall from other work on a shared machine
        // should not end the ramp, a server that cannot keep up fails every window.
        let step = await this.measure(this.plan.rampRooms, rate, this.plan.rampWindow);
        for (
          let k = 1;
          k < this.plan.rampTries && !(step.latency.p99 <= this.plan.p99Ramp && step.lost === 0);
          k++
        ) {
          const again = await this.measure(this.plan.rampRooms, rate, this.plan.rampWindow);
          if (again.latency.p99 < step.latency.p99 || Number.isNaN(step.latency.p99)) step = again;
        }
        this.report.ramp.push(step);
        if (!(step.latency.p99 <= this.plan.p99Ramp) || step.lost > 0) break;
      }
    });
  }

  /** Idle rooms with one seat each, then their other four seats: memory per room and per connection. */
  memory(): Promise<void> {
    return this.guard(async () => {
      const [before, after] = this.plan.memoryRooms;
      await this.ensureRooms(before);
      const base = before === 0 && this.m0 ? this.m0 : await this.srv<Mem>("mem");
      const from = this.connected;
      await this.ensureRooms(after, [0]);
      const m1 = await this.srv<Mem>("mem");
      // Idle connections are measured before the rooms play (priming grows the rooms'
      // state and event rings, which is room memory, not connection memory).
      await this.ensureRooms(after, [1, 2, 3, 4], false);
      const m5 = await this.srv<Mem>("mem");
      await this.prime(from, after);
      const mp = await this.srv<Mem>("mem");
      const n = after - before;
      this.report.memory = {
        rooms: n,
        perRoomBytes: (jsMem(mp) - jsMem(base)) / n,
        perRoomRssBytes: (mp.rss - base.rss) / n,
        perIdleConnBytes: (jsMem(m5) - jsMem(m1)) / (4 * n),
      };
      this.log(`  ${this.peer}: memory ${JSON.stringify(this.report.memory)}`);
    });
  }

  maxConnections(): Promise<void> {
    return this.guard(async () => {
      // Only worth connecting thousands more when the largest latency point still passed.
      const last = this.report.latency.at(-1);
      if (last && !(last.latency.p99 < this.plan.p99MaxConn && last.lost === 0)) {
        this.log(
          `  ${this.peer}: max connections not tried: already over ${this.plan.p99MaxConn} ms at ${last.rooms * 5} connections`,
        );
        return;
      }
      for (const rooms of this.plan.maxConnRooms) {
        const failures = await this.ensureRooms(rooms);
        const step = await this.measure(rooms, 1, this.plan.window);
        this.report.maxConn.push({ ...step, connectFailures: failures });
        if (failures || !(step.latency.p99 < this.plan.p99MaxConn) || step.lost > 0) break;
      }
    });
  }

  async stop(): Promise<void> {
    await this.ld("exit", {}, 5_000).catch(() => this.load.kill());
    await this.srv("stop", {}, 15_000).catch(() => this.server.kill());
    await Promise.all(
      [this.server, this.load].map((c) =>
        c.exitCode === null && c.signalCode === null
          ? new Promise((r) => c.once("exit", r))
          : Promise.resolve(),
      ),
    );
  }
}
