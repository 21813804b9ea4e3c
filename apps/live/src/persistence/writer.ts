import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { createHash } from "node:crypto";
import { encodeSnapshot, type Externalize } from "./snapshotCodec";
import {
  storeRejection,
  type LiveStatus,
  type LogChunk,
  type ResultsInput,
  type SnapshotInput,
  type Store,
} from "./store";

export type RetryPolicy = { baseMs: number; maxMs: number; jitter: number };

export type WriterOptions = {
  /** Store writes in flight at once across all rooms (each room has at most one). */
  concurrency?: number;
  /**
   * Longest stretch of one event-loop turn spent starting writes. Starting one encodes the
   * state and the store call serializes it synchronously (JSON in both stores), so a round
   * ending in every room at once is spread over many turns, with commands running between.
   */
  sliceMs?: number;
  /**
   * What a snapshot's state is written as, run in the same slice just before the store call:
   * by default `encodeSnapshot` (checkpoints as differences, full log chunks stored apart,
   * snapshotCodec.ts). Rooms keep the engine's state; only the store sees this.
   */
  encode?: (state: unknown, externalize: Externalize) => unknown;
  /**
   * A write the store refused for good (its verdict on the data, not an outage), dropped rather
   * than retried forever; by default logged. The server also sends it to the store's error log.
   */
  onRefused?: (message: string, context: { interactionId: string; err: unknown }) => void;
  /**
   * A room's write that keeps failing though it is no refusal the writer knows (an outage, or
   * Convex refusing the call itself, e.g. HTTP 400 "value too large"): it is still retried, never
   * dropped, and this is told so (`FAILING_AFTER`), and again once it lands; by default logged.
   * The server also sends it to the store's error log.
   */
  onFailing?: (message: string, context: { interactionId: string; err?: unknown }) => void;
};

/**
 * Consecutive failures of one room's writes before `onFailing` hears of it: a blip retried
 * a few times is not worth a report. It hears again at twice as many failures each time
 * (5, 10, 20, 40, …: with the default 30 s backoff cap, 40 is ~17 min in, 160 ~80 min, 640
 * ~5 h), so a write failing for days reports a handful of times, and once more when it lands.
 */
export const FAILING_AFTER = 5;
const isFailingMilestone = (failures: number): boolean =>
  failures >= FAILING_AFTER && Number.isInteger(Math.log2(failures / FAILING_AFTER));

/** Store verdicts no retry can change (a wrong service secret can be fixed, so it is retried). */
const FINAL_REFUSALS = new Set(["invalid", "invalid_state", "not_found", "too_large"]);
export const isFinalRefusal = (err: unknown): boolean => FINAL_REFUSALS.has(storeRejection(err)?.kind ?? "");

type Outbox = {
  /** Newest snapshot not yet handed to the store (only the newest is kept: coalescing). */
  snapshot: SnapshotInput | null;
  inFlight: SnapshotInput | null;
  results: ResultsInput | null;
  status: LiveStatus | null;
  /** Newest version the store confirmed (or refused as not newer): never write below it. */
  fence: number;
  /** A store call is in flight, or a retry is waiting for its backoff. */
  busy: boolean;
  /** In the ready queue. */
  queued: boolean;
  attempt: number;
  /** What the current (or last) store call writes, for reports: "snapshot v3 (round_end)". */
  writing: string;
  /** Its room left memory: the outbox goes once everything in it is written. */
  released: boolean;
  /** Log chunks the store confirmed it has (stored with a snapshot), by key. */
  durable: Set<string>;
};

/** Delay before retry `attempt` (0-based): doubling from base, capped, plus random jitter share. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp * (1 + policy.jitter * random()));
}

/**
 * Writes snapshots, statuses and results to the store without ever blocking a command.
 *
 * A command only records what should be written (an O(1) reference to the immutable state);
 * the store calls, and the serialization they do, start later from `setImmediate`, a few per
 * event-loop turn (`sliceMs`) and at most `concurrency` at a time, so commands keep running
 * between them even when every room snapshots at once. Per interaction only the newest
 * pending snapshot is kept (coalescing) and one write is in flight; writes are retried with
 * backoff and jitter until they succeed; versions only go up (fencing).
 */
export class PersistenceQueue {
  private readonly boxes = new Map<string, Outbox>();
  /** Interactions with work that may start now, in arrival order. */
  private readonly ready = new Set<string>();
  /** Retries waiting out their backoff, with what each runs when it fires. */
  private readonly retries = new Map<NodeJS.Timeout, () => void>();
  private readonly idle = new Set<() => void>();
  private readonly concurrency: number;
  private readonly sliceMs: number;
  private readonly encode: (state: unknown, externalize: Externalize) => unknown;
  private readonly onRefused: NonNullable<WriterOptions["onRefused"]>;
  private readonly onFailing: NonNullable<WriterOptions["onFailing"]>;
  private inFlightCount = 0;
  private pumpScheduled = false;
  private stopped = false;
  /** Flushing (shutdown): a failed write retries after the base delay, not a long backoff. */
  private draining = false;

  constructor(
    private readonly store: Store,
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
    private readonly metrics: Metrics,
    private readonly random: () => number = Math.random,
    options: WriterOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.sliceMs = Math.max(0, options.sliceMs ?? 2);
    this.encode = options.encode ?? encodeSnapshot;
    this.onRefused =
      options.onRefused ?? ((message, c) => this.log.error({ roomId: c.interactionId, err: c.err }, message));
    this.onFailing =
      options.onFailing ?? ((message, c) => this.log.error({ roomId: c.interactionId, err: c.err }, message));
  }

  private box(id: string): Outbox {
    let box = this.boxes.get(id);
    if (!box) {
      box = {
        snapshot: null,
        inFlight: null,
        results: null,
        status: null,
        fence: 0,
        busy: false,
        queued: false,
        attempt: 0,
        writing: "",
        released: false,
        durable: new Set(),
      };
      this.boxes.set(id, box);
    }
    return box;
  }

  /** O(1): keeps a reference to the (immutable) state; serializing happens off the command path. */
  saveSnapshot(input: SnapshotInput): void {
    const box = this.box(input.interactionId);
    const newest = Math.max(box.fence, box.snapshot?.version ?? 0, box.inFlight?.version ?? 0);
    // Same version again is allowed only for a newer reason while it is still pending.
    if (input.version < newest || (input.version === newest && !box.snapshot)) return;
    box.snapshot = input;
    box.released = false;
    this.schedule(input.interactionId, box);
  }

  setStatus(interactionId: string, status: LiveStatus): void {
    const box = this.box(interactionId);
    box.status = status;
    box.released = false;
    this.schedule(interactionId, box);
  }

  saveResults(input: ResultsInput): void {
    const box = this.box(input.interactionId);
    box.results = input;
    box.released = false;
    this.schedule(input.interactionId, box);
  }

  /**
   * The interaction's room left memory (after queuing its last writes): its outbox is dropped
   * as soon as nothing in it is pending, in flight or waiting to retry, so a long-running
   * server does not keep one per interaction it ever hosted. Its version fence goes with it;
   * the store fences by version itself, so a later stale write is refused there (at worst one
   * extra store call when a rebuilt room snapshots the version it loaded).
   */
  release(interactionId: string): void {
    const box = this.boxes.get(interactionId);
    if (!box) return;
    box.released = true;
    this.dropIfIdle(interactionId, box);
  }

  /** Outboxes kept (pending work, or a room still in memory). */
  get outboxes(): number {
    return this.boxes.size;
  }

  private dropIfIdle(id: string, box: Outbox): void {
    if (
      box.released &&
      !box.busy &&
      !box.queued &&
      !box.inFlight &&
      !hasWork(box) &&
      this.boxes.get(id) === box
    )
      this.boxes.delete(id);
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

  /** Store writes in flight right now (benchmarks). */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /**
   * Writes everything now (shutdown) and resolves when it is written, or at the deadline with
   * what is still unwritten. A retry waiting out a backoff of up to `maxMs` goes at once, and
   * failures from here on retry after the base delay: the store may be back, and a backoff
   * longer than the deadline would lose the room's newest state though it could be written.
   */
  async flush(timeoutMs: number): Promise<{ unflushed: string[] }> {
    this.draining = true;
    for (const [timer, retry] of [...this.retries]) {
      clearTimeout(timer);
      retry();
    }
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
    for (const t of this.retries.keys()) clearTimeout(t);
    this.retries.clear();
  }

  private schedule(id: string, box: Outbox): void {
    if (box.busy || box.queued || this.stopped) return;
    box.queued = true;
    this.ready.add(id);
    this.pumpSoon();
  }

  private pumpSoon(): void {
    if (this.pumpScheduled || this.ready.size === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => this.pump());
  }

  /** Starts queued writes until the slice or the concurrency runs out; the rest waits a turn. */
  private pump(): void {
    this.pumpScheduled = false;
    if (this.stopped) return;
    const started = performance.now();
    for (const id of this.ready) {
      if (this.inFlightCount >= this.concurrency) break;
      this.ready.delete(id);
      const box = this.boxes.get(id);
      if (!box) continue;
      box.queued = false;
      if (box.busy || !hasWork(box)) continue;
      this.start(id, box);
      if (performance.now() - started >= this.sliceMs) break;
    }
    // Full concurrency: the next completion pumps again.
    if (this.inFlightCount < this.concurrency) this.pumpSoon();
  }

  private start(id: string, box: Outbox): void {
    box.busy = true;
    this.inFlightCount++;
    let write: Promise<boolean>;
    try {
      write = this.writeOne(id, box);
    } catch (err) {
      write = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    write.then(
      (written) => {
        this.inFlightCount--;
        // A refusal after failures was reported as such (onRefused); only a landed write recovers.
        if (written && box.attempt >= FAILING_AFTER)
          this.onFailing(`Wrote ${box.writing} after ${box.attempt + 1} attempts`, { interactionId: id });
        box.attempt = 0;
        box.busy = false;
        this.afterWrite(id, box);
      },
      (err: unknown) => {
        this.inFlightCount--;
        const backoff = retryDelay(this.policy, box.attempt++, this.random);
        const delay = this.draining ? Math.min(backoff, this.policy.baseMs) : backoff;
        this.log.warn(
          { roomId: id, err, attempt: box.attempt, retryInMs: delay },
          "store write failed; retrying",
        );
        if (isFailingMilestone(box.attempt))
          this.onFailing(`Writing ${box.writing} has failed ${box.attempt} times in a row; still retrying`, {
            interactionId: id,
            err,
          });
        if (this.stopped) {
          box.busy = false;
          return;
        }
        const retry = () => {
          this.retries.delete(timer);
          box.busy = false;
          this.afterWrite(id, box);
        };
        const timer = setTimeout(retry, delay);
        this.retries.set(timer, retry);
        this.pumpSoon();
      },
    );
  }

  private afterWrite(id: string, box: Outbox): void {
    if (hasWork(box)) this.schedule(id, box);
    else this.dropIfIdle(id, box);
    this.pumpSoon();
    if (this.idle.size > 0 && this.pendingIds().length === 0) for (const done of [...this.idle]) done();
  }

  /**
   * The snapshot as the store gets it, with the log chunks it names that the store does not
   * have yet (all of them again after a failed or fenced write, or a restart: adding a chunk
   * twice keeps one). Whole if encoding fails (it still loads, only bigger).
   */
  private encoded(snap: SnapshotInput, box: Outbox): SnapshotInput {
    const chunks: LogChunk[] = [];
    const chunkKeys: string[] = [];
    const externalize: Externalize = (entries) => {
      const key = chunkKey(entries);
      chunkKeys.push(key);
      if (!box.durable.has(key)) chunks.push({ key, entries });
      return key;
    };
    try {
      const state = this.encode(snap.state, externalize);
      return chunkKeys.length ? { ...snap, state, chunks, chunkKeys } : { ...snap, state };
    } catch (err) {
      this.log.error({ roomId: snap.interactionId, err }, "encoding the snapshot failed; writing it whole");
      return snap;
    }
  }

  /**
   * Snapshot before results before status: a "completed" status implies both are stored (or
   * were refused for good by the store, and reported).
   * The store is called synchronously (inside the pump's slice): its serialization runs here.
   * Resolves false when the store refused the write for good (reported, not retried).
   */
  private async writeOne(id: string, box: Outbox): Promise<boolean> {
    if (box.snapshot) {
      const snap = box.snapshot;
      box.snapshot = null;
      box.inFlight = snap;
      box.writing = `snapshot v${snap.version} (${snap.reason})`;
      const started = performance.now();
      try {
        const input = this.encoded(snap, box);
        const { stored } = await this.store.saveSnapshot(input);
        // The store has every chunk this snapshot names now; older ones left the log.
        if (stored) box.durable = new Set(input.chunkKeys);
        this.metrics.snapshotWrites.inc({ result: stored ? "stored" : "fenced" });
        this.metrics.snapshotLatency.observe((performance.now() - started) / 1000);
        box.fence = Math.max(box.fence, snap.version);
      } catch (err) {
        if (isFinalRefusal(err)) {
          this.metrics.snapshotWrites.inc({ result: "refused" });
          this.onRefused(`The store refused snapshot v${snap.version} (${snap.reason}); not retried`, {
            interactionId: id,
            err,
          });
          return false;
        }
        this.metrics.snapshotWrites.inc({ result: "failed" });
        // Put it back unless a newer one arrived meanwhile (coalescing).
        const newer = pendingSnapshot(box);
        if (!newer || newer.version < snap.version) box.snapshot = snap;
        throw err;
      } finally {
        box.inFlight = null;
      }
      return true;
    }
    if (box.results) {
      const results = box.results;
      box.writing = "the results";
      const written = await this.writeOrDropRefused(id, box.writing, () => this.store.saveResults(results));
      if (box.results === results) box.results = null;
      return written;
    }
    if (box.status) {
      const status = box.status;
      box.writing = `status ${status}`;
      const written = await this.writeOrDropRefused(id, box.writing, () => this.store.setStatus(id, status));
      if (box.status === status) box.status = null;
      return written;
    }
    return true;
  }

  /** Runs a write; a refusal for good is reported and counts as done (retrying cannot help). */
  private async writeOrDropRefused(id: string, what: string, write: () => Promise<void>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      if (!isFinalRefusal(err)) throw err;
      this.onRefused(`The store refused ${what}; not retried`, { interactionId: id, err });
      return false;
    }
  }
}

const keyOfChunk = new WeakMap<object, string>();

/**
 * A log chunk's name: a hash of its JSON, computed once per chunk (the engine never changes a
 * chunk once it is not the last, and keeps the same frozen array for it).
 */
export function chunkKey(entries: readonly unknown[]): string {
  let key = keyOfChunk.get(entries);
  if (key === undefined) {
    key = createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, 32);
    keyOfChunk.set(entries, key);
  }
  return key;
}

/** Read through a function: the field changes across the await above (TS narrows it away). */
function pendingSnapshot(box: Outbox): SnapshotInput | null {
  return box.snapshot;
}

function hasWork(box: Outbox): boolean {
  return box.snapshot !== null || box.results !== null || box.status !== null;
}
