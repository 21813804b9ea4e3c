// `npm run bench live [-- --quick]`: the live server side by side with Colyseus 0.18 (its
// immediate and its default patch rate) and a naive full-state-JSON baseline, all playing
// the goblin ambush over real WebSocket clients on 127.0.0.1. Each peer runs in its own
// server process; all clients run in one load process; this process only orchestrates.
// Options: --quick (under a minute), --peers=roundtable,colyseus-immediate,... (also
// roundtable-wire: Roundtable's server with minimal clients, not in the default set)
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { kdamondState, pauseKdamonds } from "./lib/kdamond";
import { childNodeVersion } from "./lib/childNode";
import { PeerRun, medianStep, type Plan } from "./lib/orchestrate";
import { printReport } from "./lib/report";
import { summarize } from "./lib/stats";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const peersArg = args.find((a) => a.startsWith("--peers="))?.slice("--peers=".length);
const ALL = ["roundtable", "colyseus-immediate", "colyseus-default", "naive"];
/** Only on request: Roundtable's server with minimal clients (peers/roundtableWireClient.ts). */
const KNOWN = [...ALL, "roundtable-wire"];
const peers = peersArg ? peersArg.split(",") : ALL;

const plan: Plan = quick
  ? {
      latencyRooms: [40],
      rounds: 1,
      window: 2,
      warmup: 0.5,
      rampRooms: 40,
      rampRates: [10],
      rampWindow: 1.5,
      rampTries: 1,
      memoryRooms: [0, 40],
      maxConnRooms: [],
      p99Ramp: 25,
      p99MaxConn: 50,
      stormRounds: 1,
      stormsPerWindow: 2,
      storePathSeconds: 1,
    }
  : {
      latencyRooms: [10, 100, 200, 1000],
      // Five rounds, not three: single stalls of this shared VM (10-40 ms, in every peer's
      // process, the naive server's too) move one round's p99; the median of five holds better.
      rounds: 5,
      window: 6,
      warmup: 1.5,
      rampRooms: 200,
      rampRates: [2, 4, 8, 16, 32],
      rampWindow: 4,
      rampTries: 2,
      memoryRooms: [200, 1000],
      // 2,000 and 3,000 rooms × 5 = 10,000 and 15,000 connections: the cap keeps client and
      // server sockets within this machine's descriptor and loopback port limits.
      maxConnRooms: [2000, 3000],
      p99Ramp: 25,
      p99MaxConn: 50,
      stormRounds: 3,
      stormsPerWindow: 3,
      storePathSeconds: 3,
    };

// Overrides for investigating one point: --window=S --rooms=N (goal point) --rates=a,b,c
// --maxconn=rooms,rooms (each ≤ 3,000)
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
if (flag("window")) plan.window = Number(flag("window"));
if (flag("rounds")) plan.rounds = Number(flag("rounds"));
if (flag("rooms")) {
  plan.rampRooms = Number(flag("rooms"));
  plan.latencyRooms = [plan.rampRooms];
  plan.memoryRooms = [0, plan.rampRooms];
  plan.maxConnRooms = [];
}
if (flag("maxconn")) plan.maxConnRooms = (flag("maxconn") ?? "").split(",").map(Number);
if (flag("rates")) plan.rampRates = (flag("rates") ?? "").split(",").map(Number);
if (flag("storms")) plan.stormRounds = Number(flag("storms"));
// --only=goal,storm,ramp,memory,large: run only these phases (investigation; `latency` is the
// points below the goal, `large` the points above it and the max-connection steps).
const PHASES = ["latency", "goal", "storm", "ramp", "memory", "large"];
const only = flag("only")?.split(",");
for (const p of only ?? [])
  if (!PHASES.includes(p)) throw new Error(`unknown phase ${p}; one of ${PHASES.join(", ")}`);
const runs_ = (p: string) => !only || only.includes(p);

// Bounds: at most 3,000 rooms × 5 = 15,000 connections (the Roundtable peer seeds 3,000).
for (const n of [...plan.latencyRooms, ...plan.maxConnRooms, plan.rampRooms, ...plan.memoryRooms])
  if (!(n >= 0 && n <= 3_000)) throw new Error(`room counts must be within 0..3000, got ${n}`);

// Hard stop: whatever happens, this run ends by itself (children exit with it).
let runs: PeerRun[] = [];
const deadline = setTimeout(
  () => {
    console.error("bench live: time limit reached, stopping; what was measured so far:");
    printReport(
      runs.map((r) => r.report),
      plan,
    );
    process.exit(2);
  },
  (quick ? 2 : 20) * 60_000,
);

// `--pause-kdamond` (root): the kernel's DAMON monitor off for the run, back on at exit.
if (args.includes("--pause-kdamond")) {
  const { paused, restore } = pauseKdamonds();
  process.on("exit", restore);
  for (const [sig, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)
    process.on(sig, () => {
      restore();
      process.exit(code);
    });
  console.log(
    `--pause-kdamond: ${paused.length ? `kdamond ${paused.join(", ")} off for this run` : "none running"}`,
  );
}

const log = (s: string) => console.log(s);
const t0 = performance.now();
log(
  `live bench ${quick ? "--quick" : "(full)"}: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} free), Node ${process.version}` +
    `${childNodeVersion === process.version ? "" : ` (servers and load processes on Node ${childNodeVersion})`}, ` +
    `${new Date().toISOString()}, machine load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}, kdamond ${kdamondState()}`,
);
for (const p of peers)
  if (!KNOWN.includes(p)) throw new Error(`unknown peer ${p}; one of ${KNOWN.join(", ")}`);
runs = peers.map((p) => new PeerRun(p, plan, log));
await Promise.all(runs.map((r) => r.start()));

const [memBefore, memAfter] = plan.memoryRooms;
const phase = (name: string) => log(`\n--- ${name} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
if (memBefore === 0 && runs_("memory")) {
  phase("memory");
  for (const r of runs) await r.memory();
}
if (runs_("latency")) {
  phase("latency below the goal point");
  for (const rooms of plan.latencyRooms.filter((n) => n < plan.rampRooms)) {
    for (const r of runs) {
      const s = await r.latency(rooms);
      if (s) r.report.latency.push(s);
    }
  }
}
if (runs_("goal")) {
  phase(`goal point: ${plan.rampRooms} rooms × 1/s, ${plan.rounds} round(s), peers taking turns`);
  for (let k = 0; k < plan.rounds; k++) {
    for (const r of runs) {
      const s = await r.latency(plan.rampRooms, true);
      if (s) (r.report.rounds ??= []).push(s);
    }
  }
  for (const r of runs) {
    const rounds = r.report.rounds;
    if (!rounds?.length) continue;
    r.report.latency.push(medianStep(rounds));
    // Every command of every round together: a p99 of thousands of commands, steadier than a
    // median of per-round p99s of 900 each.
    r.report.pooled = summarize(rounds.flatMap((s) => s.samples ?? []));
    for (const s of rounds) delete s.samples;
  }
}
if (runs_("storm") && plan.stormRounds > 0 && runs.some((r) => r.peer === "roundtable")) {
  phase(
    `snapshot storm: ${plan.rampRooms} rooms × 1/s, quiet and storm windows back to back, ${plan.stormRounds} round(s); store path`,
  );
  for (const r of runs) await r.snapshotStorm();
}
if (runs_("ramp")) {
  phase("ramp");
  for (const r of runs) await r.ramp();
}
phase("memory, large room counts, max connections (one peer at a time, then it stops)");
for (const r of runs) {
  if (memBefore !== 0 && runs_("memory")) await r.memory();
  if (runs_("large")) {
    for (const rooms of plan.latencyRooms.filter((n) => n > plan.rampRooms)) {
      const s = await r.latency(rooms);
      if (s) r.report.latency.push(s);
    }
    await r.maxConnections();
  }
  await r.stop();
}
void memAfter;
clearTimeout(deadline);
log(
  `\nbench live finished in ${((performance.now() - t0) / 1000).toFixed(0)} s, machine load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
printReport(
  runs.map((r) => r.report),
  plan,
);
process.exit(runs.some((r) => r.failed) ? 1 : 0);
