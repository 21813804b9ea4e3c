/**
 * Engine benchmark: commands applied per second on the goblin ambush, and the JSON size of the
 * patches a typical move, attack and turn change send to each audience.
 * Run: `npx tsx bench/engine.ts` in apps/live (or `npm run bench -w apps/live`).
 */
import os from "node:os";
import { enablePatches, produce, produceWithPatches } from "immer";
import {
  applyCommand,
  applyValidCommand,
  createInteraction,
  demoUsers,
  filterPatches,
  goblinAmbush,
  sensibleBot,
  simulate,
  type Actor,
  type Command,
  type InteractionState,
} from "../src/engine";

interface Recorded {
  command: Command;
  actor: Actor;
  now: number;
}

const SEED = 7;
/** A real epoch time, so the timestamps in patches have their real size. */
const START = 1_763_753_400_000;
const setup = goblinAmbush();
const bots = Object.fromEntries(demoUsers.players.map((p) => [p, sensibleBot]));
const recorded: Recorded[] = [];
const report = simulate(setup, bots, SEED, {
  startNow: START,
  onCommand: (command, actor, _s, now) => recorded.push({ command, actor, now }),
});

/** `applyCommand` checks the command against its schema; the live server's tRPC input already did (`applyValidCommand`). */
function replay(apply = applyCommand): { ms: number; cpuMs: number; final: InteractionState } {
  let state = createInteraction(setup, { seed: SEED, now: START });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const r of recorded) {
    const res = apply(state, r.command, { actor: r.actor, now: r.now });
    if (!res.ok) throw new Error(`replay diverged at ${r.command.type}: ${res.error.message}`);
    state = res.state;
  }
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, final: state };
}

/**
 * `--alloc[=valid]`: only replays (after warm-up) between two markers, for counting bytes allocated per
 * command with V8's GC trace (each scavenge reports `allocated=` since the previous GC):
 * node --trace-gc-nvp --import tsx bench/engine.ts --alloc 2>&1 | awk '/^alloc-start/{on=1;next}
 *   /^alloc-end/{n=$2;on=0} on&&/allocated=/{match($0,/allocated=[0-9]+/);a+=substr($0,RSTART+10,RLENGTH-10)}
 *   END{print int(a/n), "bytes allocated per command"}'
 */
const alloc = process.argv.find((a) => a.startsWith("--alloc"));
if (alloc) {
  const apply = alloc === "--alloc=valid" ? applyValidCommand : applyCommand;
  for (let i = 0; i < 200; i++) replay(apply);
  const n = 2_000;
  console.log("alloc-start");
  for (let i = 0; i < n; i++) replay(apply);
  console.log(`alloc-end ${n * recorded.length}`);
  process.exit(0);
}

const RUNS = Number(
  process.argv.find((a) => a.startsWith("--runs="))?.slice(7) ??
    (process.argv.includes("--quick") ? 10 : 100),
);
for (let i = 0; i < 10; i++) replay(); // warm up the JIT
for (let i = 0; i < 10; i++) replay(applyValidCommand);
const runs: number[] = [];
const cpu: number[] = [];
const cpuValid: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = replay();
  runs.push(r.ms);
  cpu.push(r.cpuMs);
  cpuValid.push(replay(applyValidCommand).cpuMs); // interleaved, so both see the same machine
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
runs.sort((a, b) => a - b);
const median = med(runs);
const perSec = Math.round((recorded.length / median) * 1000);
const perSecCpu = Math.round((recorded.length / med(cpu)) * 1000);
const perSecValid = Math.round((recorded.length / med(cpuValid)) * 1000);

// patch sizes: the first move, attack and turn change of the recorded game
let state = createInteraction(setup, { seed: SEED, now: START });
const sizes: Record<string, { raw: number; dm: number; player: number } | undefined> = {};
const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
for (const r of recorded) {
  const res = applyCommand(state, r.command, { actor: r.actor, now: r.now });
  if (!res.ok) break;
  const c = r.command;
  const who = (id: string | undefined) => (id && state.entities[id]?.kind === "pc" ? "PC" : "monster");
  const next = res.state.turn ? res.state.entities[res.state.turn.entityId] : undefined;
  const key =
    c.type === "moveEntity"
      ? `move (${who(c.entityId)})`
      : c.type === "takeTurn" &&
          state.entities[c.entityId]?.actions.find((a) => a.id === c.actionId)?.kind === "attack"
        ? `attack (${who(c.entityId)}${res.state.entities[c.targets[0] ?? ""]?.hp === 0 ? ", kill" : ""})`
        : c.type === "endTurn" && res.state.round === state.round
          ? `turn change → ${next?.kind === "pc" ? "PC (timed)" : `monster${next?.hidden ? " (hidden)" : ""}`}`
          : undefined;
  if (key && !sizes[key]) {
    const gameOnly = res.patches.filter(
      (p) => !["rng", "seq", "turnLog", "history", "redo", "chat"].includes(String(p.path[0])),
    );
    sizes[key] = {
      raw: bytes(gameOnly),
      dm: bytes(filterPatches(res.patches, state, res.state, "dm")),
      player: bytes(filterPatches(res.patches, state, res.state, "player")),
    };
    if (process.argv.includes("--show"))
      console.log(key, JSON.stringify(filterPatches(res.patches, state, res.state, "player")));
  }
  state = res.state;
}

// calibration: how fast this machine is right now at the smallest possible immer change
enablePatches();
const tiny = produce({ a: 1, b: { c: 1 } }, () => undefined);
for (let i = 0; i < 20_000; i++) produceWithPatches(tiny, (d) => void (d.a += 1));
const cal0 = process.cpuUsage();
for (let i = 0; i < 100_000; i++) produceWithPatches(tiny, (d) => void (d.a += 1));
const cal = process.cpuUsage(cal0);
const tinyUs = (cal.user + cal.system) / 100_000;

console.log(
  `machine: ${os.cpus()[0]?.model ?? "?"} (${os.cpus().length} cores), node ${process.version}, ${new Date().toISOString()}`,
);
console.log(
  `goblin ambush, seed ${SEED}, sensible bots: ${recorded.length} commands, ${report.rounds} rounds, winner ${report.winner}`,
);
console.log(
  `replay: median ${median.toFixed(2)} ms wall over ${runs.length} runs (min ${runs[0]!.toFixed(2)}, max ${runs[runs.length - 1]!.toFixed(2)}) → ${perSec.toLocaleString("en")} commands/s`,
);
console.log(
  `        median ${med(cpu).toFixed(2)} ms CPU → ${perSecCpu.toLocaleString("en")} commands/s per core; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(
  `        applyValidCommand (the live server's path, input already parsed): median ${med(cpuValid).toFixed(2)} ms CPU → ${perSecValid.toLocaleString("en")} commands/s per core`,
);
console.log(
  `calibration: a one-field produceWithPatches on a 3-key object costs ${tinyUs.toFixed(2)} µs CPU here`,
);
console.log("patch bytes (JSON) — game state without server-only paths / DM view / player view:");
for (const [k, v] of Object.entries(sizes))
  if (v)
    console.log(
      `  ${k.padEnd(22)} ${String(v.raw).padStart(5)} / ${String(v.dm).padStart(5)} / ${String(v.player).padStart(5)}`,
    );
