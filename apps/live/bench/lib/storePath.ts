// The snapshot store path on its own, in the server process, with the rooms' real states:
// what one snapshot costs to serialize (MemoryStore's JSON, ConvexStore's client encoding,
// the structured clone MemoryStore used to make) and how many snapshots per second the
// writer sustains through MemoryStore and through ConvexStore with a stub HTTP answer (the
// client's whole encoding, no network: that part depends on the deployment, not on us).
import { convexToJson, type Value } from "convex/values";
import pino from "pino";
import { createMetrics } from "../../src/metrics";
import { ConvexStore } from "../../src/persistence/convexStore";
import { MemoryStore } from "../../src/persistence/memoryStore";
import { encodeSnapshot } from "../../src/persistence/snapshotCodec";
import type { Store } from "../../src/persistence/store";
import { chunkKey, PersistenceQueue } from "../../src/persistence/writer";
import { median } from "./stats";

export interface RoomState {
  id: string;
  state: unknown;
}

export interface StorePathResult {
  [key: string]: unknown;
  states: number;
  meanStateBytes: number;
  maxStateBytes: number;
  /**
   * JSON of the snapshot as written (checkpoints as differences, full log chunks named:
   * snapshotCodec.ts), without the chunks it sends once.
   */
  meanSnapshotBytes: number;
  maxSnapshotBytes: number;
  /** Median ms per state. */
  structuredCloneMs: number;
  jsonStringifyMs: number;
  /** encodeSnapshot + JSON.stringify: what a store call serializes now. */
  encodedStringifyMs: number;
  convexEncodeMs: number;
  memory: Sustained;
  convex: Sustained;
  /** The same, writing the state whole (before snapshotCodec). */
  memoryWhole: Sustained;
  convexWhole: Sustained;
}

export interface Sustained {
  [key: string]: unknown;
  snapshotsPerSec: number;
  cpuMsPerSnapshot: number;
  /** Longest the loop was kept busy at a stretch (CPU ms between two 1 ms timer runs). */
  lagMaxMs: number;
}

function timeEach(states: RoomState[], fn: (s: unknown) => unknown): number {
  const ms: number[] = [];
  for (const s of states) {
    const t = performance.now();
    fn(s.state);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

// Versions above anything the rooms reached, and rising across passes on the same store,
// so fencing never skips a write.
let version = 1e9;

async function sustain(
  store: Store,
  states: RoomState[],
  seconds: number,
  whole = false,
): Promise<Sustained> {
  const log = pino({ level: "silent" });
  const queue = new PersistenceQueue(
    store,
    { baseMs: 10, maxMs: 100, jitter: 0 },
    log,
    createMetrics(),
    Math.random,
    whole ? { encode: (s) => s } : {},
  );
  // Longest stretch between two runs of a 1 ms timer, in CPU time of this process (so time
  // the machine spent on other processes does not count): how long the loop was kept busy.
  let lagMax = 0;
  let last = process.cpuUsage();
  let probing = true;
  const probe = () => {
    const d = process.cpuUsage(last);
    lagMax = Math.max(lagMax, (d.user + d.system) / 1000);
    last = process.cpuUsage();
    if (probing) setTimeout(probe, 1);
  };
  setTimeout(probe, 1);
  let written = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (performance.now() - t0 < seconds * 1000) {
    version++;
    for (const s of states)
      queue.saveSnapshot({ interactionId: s.id, version, reason: "bench", state: s.state });
    const { unflushed } = await queue.flush(30_000);
    if (unflushed.length) throw new Error(`store path: ${unflushed.length} snapshots not written in 30 s`);
    written += states.length;
    // Let the probe run between storms: the block it sees is one storm's longest stretch.
    await new Promise((r) => setTimeout(r, 2));
  }
  probing = false;
  const cpu = process.cpuUsage(cpu0);
  const elapsed = performance.now() - t0;
  queue.stop();
  return {
    snapshotsPerSec: (written / elapsed) * 1000,
    cpuMsPerSnapshot: (cpu.user + cpu.system) / 1000 / written,
    lagMaxMs: Math.max(0, lagMax),
  };
}

export async function storePath(states: RoomState[], seconds: number): Promise<StorePathResult> {
  if (states.length === 0) throw new Error("store path: no rooms to take states from");
  const bytes = states.map((s) => JSON.stringify(s.state).length);
  const snapshotBytes = states.map((s) => JSON.stringify(encodeSnapshot(s.state, chunkKey)).length);
  const memory = new MemoryStore();
  for (const s of states) memory.seed(s.id, {}, "live");
  const answer = JSON.stringify({ status: "success", value: { stored: true } });
  const stubFetch: typeof fetch = () =>
    Promise.resolve(new Response(answer, { status: 200, headers: { "Content-Type": "application/json" } }));
  const convex = new ConvexStore("http://127.0.0.1:9", "bench-secret", stubFetch);
  // Also the global one while measuring, so nothing here can reach the network.
  const realFetch = globalThis.fetch;
  globalThis.fetch = stubFetch;
  try {
    return await measure(states, bytes, snapshotBytes, memory, convex, seconds);
  } finally {
    globalThis.fetch = realFetch;
  }
}

async function measure(
  states: RoomState[],
  bytes: number[],
  snapshotBytes: number[],
  memory: Store,
  convex: Store,
  seconds: number,
): Promise<StorePathResult> {
  return {
    states: states.length,
    meanStateBytes: bytes.reduce((a, b) => a + b, 0) / bytes.length,
    maxStateBytes: Math.max(...bytes),
    meanSnapshotBytes: snapshotBytes.reduce((a, b) => a + b, 0) / snapshotBytes.length,
    maxSnapshotBytes: Math.max(...snapshotBytes),
    structuredCloneMs: timeEach(states, (s) => structuredClone(s)),
    jsonStringifyMs: timeEach(states, (s) => JSON.stringify(s)),
    encodedStringifyMs: timeEach(states, (s) => JSON.stringify(encodeSnapshot(s, chunkKey))),
    convexEncodeMs: timeEach(states, (s) => JSON.stringify(convexToJson(s as Value))),
    memory: await sustain(memory, states, seconds),
    convex: await sustain(convex, states, seconds),
    memoryWhole: await sustain(memory, states, seconds, true),
    convexWhole: await sustain(convex, states, seconds, true),
  };
}
