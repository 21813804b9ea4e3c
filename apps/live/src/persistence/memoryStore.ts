import type {
  ClaimToken,
  ErrorReport,
  InteractionStatus,
  LiveStatus,
  LoadedInteraction,
  LogChunk,
  ResultsInput,
  SnapshotInput,
  Store,
  StoredSnapshot,
} from "./store";

type Row = {
  setup: unknown;
  status: InteractionStatus;
  snapshot: StoredSnapshot | null;
  results: Omit<ResultsInput, "interactionId"> | null;
};

/**
 * A snapshot as kept here: its state as JSON text, as a real store would hold it, in a Buffer.
 * A 100–200 KB string that `JSON.stringify` builds is made of chunks in V8's young generation;
 * kept until the room's next snapshot it survived every scavenge in between and was copied and
 * promoted (most of what scavenges copied at 200 rooms). The Buffer's bytes live outside the
 * JS heap and the string dies young.
 */
type KeptSnapshot = Omit<StoredSnapshot, "state" | "chunks"> & { json: Buffer; chunkKeys: string[] };
type KeptRow = Omit<Row, "snapshot"> & {
  snapshot: KeptSnapshot | null;
  /** Log chunks by key, as JSON text. */
  chunks: Map<string, Buffer>;
};

/**
 * In-process Store: tests, and the fallback when no storage is configured. Copies on the way
 * in and out so callers can never share references with what is "stored". Snapshot states
 * are kept as JSON text: one `JSON.stringify` per write (serialized synchronously in the call,
 * like ConvexStore's client does, so the writer can pace it) instead of a structured clone,
 * and flat bytes instead of a second object graph per room.
 */
export class MemoryStore implements Store {
  private readonly rows = new Map<string, KeptRow>();
  /** Snapshots stored per interaction (test mode reports how many were written). */
  private readonly writes = new Map<string, number>();
  readonly errors: ErrorReport[] = [];
  /** Test hook: while set, every call rejects with this error (simulates an outage). */
  failWith: Error | null = null;

  /** Puts an interaction (its CRUD setup) into the store, as the CRUD app would. */
  seed(interactionId: string, setup: unknown, status: InteractionStatus = "draft"): void {
    this.rows.set(interactionId, {
      setup: structuredClone(setup),
      status,
      snapshot: null,
      results: null,
      chunks: new Map(),
    });
  }

  delete(interactionId: string): void {
    this.rows.delete(interactionId);
    this.writes.delete(interactionId);
  }

  /** How many snapshots of this interaction were stored (older versions refused do not count). */
  snapshotsWritten(interactionId: string): number {
    return this.writes.get(interactionId) ?? 0;
  }

  peek(interactionId: string): Readonly<Row> | undefined {
    const row = this.rows.get(interactionId);
    if (!row) return undefined;
    const { setup, status, results } = row;
    return { ...structuredClone({ setup, status, results }), snapshot: thaw(row) };
  }

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  private row(interactionId: string): KeptRow {
    const row = this.rows.get(interactionId);
    if (!row) throw new Error(`Unknown interaction ${interactionId}`);
    return row;
  }

  /**
   * Claims nothing (`claimFor` is ignored, and no answer has a `claim` token): nothing here can
   * delete a seated character.
   */
  loadForRoom(interactionId: string): Promise<LoadedInteraction | null> {
    return Promise.resolve().then(() => {
      this.check();
      const row = this.rows.get(interactionId);
      if (!row) return null;
      return { ...structuredClone({ setup: row.setup, status: row.status }), snapshot: thaw(row) };
    });
  }

  /** Serializes synchronously, then answers asynchronously like a remote store. */
  saveSnapshot(input: SnapshotInput): Promise<{ stored: boolean }> {
    try {
      this.check();
      const row = this.row(input.interactionId);
      if (row.snapshot && row.snapshot.version >= input.version) return Promise.resolve({ stored: false });
      // Chunks the previous snapshot named and this one does not were dropped from the log.
      const named = new Set(input.chunkKeys ?? []);
      for (const key of row.snapshot?.chunkKeys ?? []) if (!named.has(key)) row.chunks.delete(key);
      row.snapshot = {
        version: input.version,
        reason: input.reason,
        json: Buffer.from(JSON.stringify(input.state)),
        savedAt: Date.now(),
        chunkKeys: [...(input.chunkKeys ?? [])],
      };
      for (const c of input.chunks ?? [])
        if (!row.chunks.has(c.key)) row.chunks.set(c.key, Buffer.from(JSON.stringify(c.entries)));
      this.writes.set(input.interactionId, (this.writes.get(input.interactionId) ?? 0) + 1);
      return Promise.resolve({ stored: true });
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  setStatus(interactionId: string, status: LiveStatus): Promise<void> {
    return Promise.resolve().then(() => {
      this.check();
      this.row(interactionId).status = status;
    });
  }

  /** Never called for this store's loads (they carry no claim); there is nothing to release. */
  releaseClaim(_interactionId: string, _claimFor: string, _claim: ClaimToken): Promise<void> {
    return Promise.resolve().then(() => this.check());
  }

  saveResults(input: ResultsInput): Promise<void> {
    return Promise.resolve().then(() => {
      this.check();
      const { interactionId, ...rest } = input;
      this.row(interactionId).results = structuredClone(rest);
    });
  }

  /** One report per `reportId`, as convex/live.ts keeps it: a repeat of one already kept is a no-op. */
  logError(report: ErrorReport): Promise<void> {
    return Promise.resolve().then(() => {
      this.check();
      if (report.reportId !== undefined && this.errors.some((e) => e.reportId === report.reportId)) return;
      this.errors.push(structuredClone(report));
    });
  }

  ping(): Promise<void> {
    return Promise.resolve().then(() => this.check());
  }
}

function thaw(row: KeptRow): StoredSnapshot | null {
  const kept = row.snapshot;
  if (!kept) return null;
  const { json, chunkKeys, ...rest } = kept;
  const chunks: LogChunk[] = [];
  for (const key of chunkKeys) {
    const entries = row.chunks.get(key);
    if (entries) chunks.push({ key, entries: JSON.parse(entries.toString()) as unknown[] });
  }
  return { ...rest, state: JSON.parse(json.toString()) as unknown, ...(chunkKeys.length ? { chunks } : {}) };
}
