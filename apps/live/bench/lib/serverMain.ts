// Server process: runs one peer's server alone, so its CPU and memory are its own.
// Answers `mem` (after a full GC) and `cpu`, and `stop`.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { GcRecorder } from "./gcWindow";
import { serve } from "./ipc";
import type { PeerServer } from "./peer";

const peer = process.argv[2] ?? "";

async function start(): Promise<PeerServer> {
  switch (peer) {
    case "colyseus-immediate":
    case "colyseus-default": {
      const { startColyseus } = await import("../peers/colyseusServer");
      return startColyseus(peer === "colyseus-immediate");
    }
    case "naive": {
      const { startNaive } = await import("../peers/naiveServer");
      return startNaive();
    }
    case "roundtable": {
      const { startRoundtable } = await import("../peers/roundtableServer");
      return startRoundtable();
    }
    default:
      throw new Error(`unknown peer ${peer}`);
  }
}

/** Writes a window's profile to `$TMPDIR/roundtable-bench-profiles/<peer>-<label>.<ext>`. */
function writeProfile(label: unknown, ext: string, profile: unknown): string {
  const dir = join(tmpdir(), "roundtable-bench-profiles");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${peer}-${String(label)}.${ext}`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

const gc = (globalThis as { gc?: (options?: { type: "minor" | "major" }) => void }).gc;
let server: PeerServer | undefined;
let profiler: Session | undefined;
let heapProfiler: Session | undefined;
const gcWindow = new GcRecorder();

type HeapProfileMode = "all" | "live" | "promoted";
const heapProfileMode = (m: unknown): HeapProfileMode => (m === "live" || m === "promoted" ? m : "all");
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

serve({
  start: async () => {
    server = await start();
    return { url: server.url, info: server.info ?? null };
  },
  mem: async () => {
    // Two full collections with a pause between, so finalizers and weak refs settle.
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
    gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
  },
  cpu: () => {
    // Event-loop delay since the previous call: how long the server's loop was blocked.
    const lag = { lagP99: loopDelay.percentile(99) / 1e6, lagMax: loopDelay.max / 1e6 };
    loopDelay.reset();
    return { ...process.cpuUsage(), at: performance.now(), ...lag };
  },
  // `--profile`: a V8 CPU profile of one measured window, for finding what limits a peer.
  profStart: async () => {
    profiler ??= new Session();
    profiler.connect();
    await profiler.post("Profiler.enable");
    await profiler.post("Profiler.start");
    return {};
  },
  profStop: async (req) => {
    if (!profiler) throw new Error("profStart first");
    const { profile } = await profiler.post("Profiler.stop");
    profiler.disconnect();
    profiler = undefined;
    return { file: writeProfile(req.label, "cpuprofile", profile) };
  },
  // Every measured window: allocation and garbage collection (bench/lib/gcWindow.ts).
  gcStart: () => {
    gcWindow.start();
    return {};
  },
  gcStop: () => ({ gc: gcWindow.stop() }),
  // `--heap-profile`: V8's sampling heap profiler over one measured window, counting objects
  // that died in the window too (what is allocated per command, not only what stays);
  // `--heap-profile=live`: only the window's allocations still alive at its end;
  // `--heap-profile=promoted`: only what no scavenge collected (what scavenges copied into the
  // old generation, whether or not it died there later: what makes them long).
  heapProfStart: async (req) => {
    heapProfiler ??= new Session();
    heapProfiler.connect();
    await heapProfiler.post("HeapProfiler.enable");
    // The include flags exist in Node 20's V8 but not yet in @types/node.
    const mode = heapProfileMode(req.mode);
    const sampling = {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: mode !== "live",
      includeObjectsCollectedByMinorGC: mode === "all",
    };
    await heapProfiler.post("HeapProfiler.startSampling", sampling);
    return {};
  },
  heapProfStop: async (req) => {
    if (!heapProfiler) throw new Error("heapProfStart first");
    const mode = heapProfileMode(req.mode);
    // Live-only profiles: collect what already died, so only what is reachable remains.
    if (mode === "live") gc?.();
    // Promoted: what the young generation holds now has not faced its scavenge yet.
    if (mode === "promoted") gc?.({ type: "minor" });
    const { profile } = await heapProfiler.post("HeapProfiler.stopSampling");
    heapProfiler.disconnect();
    heapProfiler = undefined;
    return { file: writeProfile(req.label, "heapprofile", profile) };
  },
  // Investigation (bench/lib/memoryProbe.ts): the heap by kind of object, after a full GC.
  heap: async () => {
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
    gc?.();
    const { heapSummary } = await import("./heapSummary");
    return { summary: await heapSummary() };
  },
  // `--stages`: the server's own part of each command's time (bench/lib/stages.ts).
  stagesStart: () => {
    server?.traceDispatches?.();
    return {};
  },
  stagesTake: () => ({ dispatches: server?.takeDispatches?.() ?? null }),
  storm: async () => {
    if (!server?.storm) throw new Error(`${peer} has no snapshot storm`);
    return await server.storm();
  },
  storePath: async (req) => {
    if (!server?.storePath) throw new Error(`${peer} has no snapshot store path`);
    return await server.storePath(Number(req.seconds));
  },
  stop: async () => {
    await server?.stop();
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});
