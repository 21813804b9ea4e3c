// Garbage collection during one measured window, from V8's GCProfiler (heap space sizes before
// and after every collection): bytes allocated, scavenges and their pauses, what survived them.
// These depend on what the server allocates per command, not on how busy the machine is.
import { GCProfiler, getHeapStatistics } from "node:v8";
import { median } from "./stats";

export interface GcWindow {
  seconds: number;
  /** Bytes allocated in the window (all spaces): the used heap's growth plus what each GC freed. */
  allocated: number;
  scavenges: number;
  /** Scavenge pauses, ms. */
  scavengeMedianMs: number;
  scavengeMaxMs: number;
  scavengeTotalMs: number;
  /** New-space bytes a scavenge kept (copied or promoted) ÷ new-space bytes before it (median). */
  survivalMedian: number;
  /** Bytes the window's scavenges moved into the old generation, per scavenge (median). */
  promotedMedian: number;
  /** Mark-sweep/compact and incremental marking steps, and their pauses. */
  majors: number;
  majorTotalMs: number;
}

type SpaceStat = { spaceName: string; spaceUsedSize: number };
type HeapPoint = { heapStatistics: { usedHeapSize: number }; heapSpaceStatistics: SpaceStat[] };
type GcStat = { gcType: string; cost: number; beforeGC: HeapPoint; afterGC: HeapPoint };

const used = (p: HeapPoint, space: string) =>
  p.heapSpaceStatistics.find((s) => s.spaceName === space)?.spaceUsedSize ?? 0;
const old = (p: HeapPoint) => used(p, "old_space") + used(p, "large_object_space") + used(p, "code_space");

export class GcRecorder {
  private profiler: GCProfiler | null = null;
  private startUsed = 0;
  private startAt = 0;

  start(): void {
    this.profiler?.stop();
    this.profiler = new GCProfiler();
    this.startUsed = getHeapStatistics().used_heap_size;
    this.startAt = performance.now();
    this.profiler.start();
  }

  stop(): GcWindow | null {
    if (!this.profiler) return null;
    const result = this.profiler.stop() as unknown as { statistics: GcStat[] } | undefined;
    this.profiler = null;
    const seconds = (performance.now() - this.startAt) / 1000;
    const stats = result?.statistics ?? [];
    let allocated = 0;
    let prev = this.startUsed;
    const scav: number[] = [];
    const survival: number[] = [];
    const promoted: number[] = [];
    let majors = 0;
    let majorMs = 0;
    for (const s of stats) {
      allocated += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - prev);
      prev = s.afterGC.heapStatistics.usedHeapSize;
      if (s.gcType === "Scavenge") {
        scav.push(s.cost / 1000);
        const before = used(s.beforeGC, "new_space");
        const moved = Math.max(0, old(s.afterGC) - old(s.beforeGC));
        if (before > 0) survival.push((used(s.afterGC, "new_space") + moved) / before);
        promoted.push(moved);
      } else {
        majors++;
        majorMs += s.cost / 1000;
      }
    }
    allocated += Math.max(0, getHeapStatistics().used_heap_size - prev);
    return {
      seconds,
      allocated,
      scavenges: scav.length,
      scavengeMedianMs: median(scav),
      scavengeMaxMs: scav.length ? Math.max(...scav) : NaN,
      scavengeTotalMs: scav.reduce((a, b) => a + b, 0),
      survivalMedian: median(survival),
      promotedMedian: median(promoted),
      majors,
      majorTotalMs: majorMs,
    };
  }
}
