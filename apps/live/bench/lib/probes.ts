// What a bench process can record about one measured window, for the server and the load
// process alike: a CPU profile (`--profile`), a sampling heap profile (`--heap-profile`) and its
// garbage collection (always). Files go to `$TMPDIR/roundtable-bench-profiles/`.
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GcRecorder } from "./gcWindow";
import type { Request } from "./ipc";

type Handler = (req: Request) => Promise<Record<string, unknown>> | Record<string, unknown>;
type HeapProfileMode = "all" | "live" | "promoted";
const heapProfileMode = (m: unknown): HeapProfileMode => (m === "live" || m === "promoted" ? m : "all");
const gc = (globalThis as { gc?: (options?: { type: "minor" | "major" }) => void }).gc;

/** The window handlers of one process; `name()` prefixes its profiles' files (`roundtable-load`). */
export function windowProbes(name: () => string): Record<string, Handler> {
  let profiler: Session | undefined;
  let heapProfiler: Session | undefined;
  const gcWindow = new GcRecorder();
  const write = (label: unknown, ext: string, profile: unknown): string => {
    const dir = join(tmpdir(), "roundtable-bench-profiles");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name()}-${String(label)}.${ext}`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  };
  return {
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
      return { file: write(req.label, "cpuprofile", profile) };
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
    // `--heap-profile=promoted`: meant as what no scavenge collected (what makes them long), but
    // V8 keeps some samples of objects scavenges did collect, so sites that allocate much rank
    // too high (docs/benchmarks.md, "Which heap profile to trust"); `live` is reliable.
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
      return { file: write(req.label, "heapprofile", profile) };
    },
  };
}
