// Server process: runs one peer's server alone, so its CPU and memory are its own.
// Answers `mem` (after a full GC) and `cpu`, and `stop`.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serve } from "./ipc";
import type { PeerServer } from "./peer";
import { windowProbes } from "./probes";

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
    case "roundtable":
    case "roundtable-wire": {
      const { startRoundtable } = await import("../peers/roundtableServer");
      return startRoundtable();
    }
    default:
      throw new Error(`unknown peer ${peer}`);
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
let server: PeerServer | undefined;
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
  ...windowProbes(() => peer),
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
