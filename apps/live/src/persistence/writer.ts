import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { LiveStatus, ResultsInput, SnapshotInput, Store } from "./store";

export type RetryPolicy = { baseMs: number; maxMs: number; jitter: number };

type Outbox = {
  snapshot: SnapshotInput | null;
  inFlight: SnapshotInput | null;
  results: ResultsInput | null;
  status: LiveStatus | null;
  /** Newest version the store confirmed (or refused as not newer): never write below it. */
  fence: number;
  running: boolean;
};

/** Delay before retry `attempt` (0-based): doubling from base, capped, plus random jitter share. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp * (1 + policy.jitter * random()));
}

/**
 * Writes snapshots, statuses and results to the store without ever blocking a command.
 * Per interaction only the newest pending snapshot is kept (coalescing); writes are retried
 * with backoff and jitter until they succeed; versions only go up (fencing).
 */
export class PersistenceQueue {
  private readonly boxes = new Map<string, Outbox>();
  private readonly idle = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly random: () => number = Math.random,
  ) {}

  private box(id: string): Outbox {
    let box = this.boxes.get(id);
    if (!box) {
      box = { snapshot: null, inFlight: null, results: null, status: null, fence: 0, running: false };
      this.boxes.set(id, box);
    }
    return box;
  }

  saveSnapshot(input: SnapshotInput): void {
    const box = this.box(input.interactionId);
    const newest = Math.max(box.fence, box.snapshot?.version ?? 0, box.inFlight?.version ?? 0);
    // Same version again is allowed only for a newer reason while it is still pending.
    if (input.version < newest || (input.version === newest && !box.snapshot)) return;
    box.snapshot = input;
    this.kick(input.interactionId, box);
  }

  setStatus(interactionId: string, status: LiveStatus): void {
    const box = this.box(interactionId);
    box.status = status;
    this.kick(interactionId, box);
  }

  saveResults(input: ResultsInput): void {
    const box = this.box(input.interactionId);
    box.results = input;
    this.kick(input.interactionId, box);
  }

  /** The newest snapshot not yet confirmed by the store, so a rebuild never goes backwards. */
  unwritten(interactionId: string): SnapshotInput | null {
    const box = this.boxes.get(interactionId);
    return box?.snapshot ?? box?.inFlight ?? null;
  }

  /** The newest status not yet confirmed by the store. */
  unwrittenStatus(interactionId: string): LiveStatus | null {
    return this.boxes.get(interactionId)?.status ?? null;
  }

  pendingIds(): string[] {
    return [...this.boxes.entries()].filter(([, b]) => hasWork(b) || b.inFlight).map(([id]) => id);
  }

  /** Resolves when everything is written, or at the deadline with what is still unwritten. */
  async flush(timeoutMs: number): Promise<{ unflushed: string[] }> {
    if (this.pendingIds().length > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.idle.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.idle.add(done);
      });
    }
    return { unflushed: this.pendingIds() };
  }

  /** Stops retrying (after shutdown); pending work stays reported by pendingIds(). */
  stop(): void {
    this.stopped = true;
  }

  private kick(id: string, box: Outbox): void {
    if (box.running || this.stopped) return;
    box.running = true;
    void this.drain(id, box);
  }

  private async drain(id: string, box: Outbox): Promise<void> {
    let attempt = 0;
    while (hasWork(box) && !this.stopped) {
      try {
        await this.writeOne(id, box);
        attempt = 0;
      } catch (err) {
        const delay = retryDelay(this.policy, attempt++, this.random);
        this.log.warn({ roomId: id, err, attempt, retryInMs: delay }, "store write failed; retrying");
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    box.running = false;
    if (this.pendingIds().length === 0) for (const done of [...this.idle]) done();
  }

  /** Snapshot before results before status: a "completed" status implies both are stored. */
  private async writeOne(id: string, box: Outbox): Promise<void> {
    if (box.snapshot) {
      const snap = box.snapshot;
      box.snapshot = null;
      box.inFlight = snap;
      const started = performance.now();
      try {
        const { stored } = await this.store.saveSnapshot(snap);
        this.metrics.snapshotWrites.inc({ result: stored ? "stored" : "fenced" });
        this.metrics.snapshotLatency.observe((performance.now() - started) / 1000);
        box.fence = Math.max(box.fence, snap.version);
      } catch (err) {
        this.metrics.snapshotWrites.inc({ result: "failed" });
        // Put it back unless a newer one arrived meanwhile (coalescing).
        const newer = pendingSnapshot(box);
        if (!newer || newer.version < snap.version) box.snapshot = snap;
        throw err;
      } finally {
        box.inFlight = null;
      }
      return;
    }
    if (box.results) {
      const results = box.results;
      await this.store.saveResults(results);
      if (box.results === results) box.results = null;
      return;
    }
    if (box.status) {
      const status = box.status;
      await this.store.setStatus(id, status);
      if (box.status === status) box.status = null;
    }
  }
}

/** Read through a function: the field changes across the await above (TS narrows it away). */
function pendingSnapshot(box: Outbox): SnapshotInput | null {
  return box.snapshot;
}

function hasWork(box: Outbox): boolean {
  return box.snapshot !== null || box.results !== null || box.status !== null;
}
