/**
 * The storage port the rooms write through. ConvexStore talks to the project's Convex
 * functions (convex/live.ts); MemoryStore keeps everything in this process.
 */
export type InteractionStatus = "draft" | "live" | "awaiting_dm" | "paused" | "completed";
export type LiveStatus = Exclude<InteractionStatus, "draft">;

export type StoredSnapshot = {
  version: number;
  reason: string;
  /** What the writer gave the store (snapshotCodec.ts), opaque to the store. */
  state: unknown;
  savedAt: number;
  /** The log chunks this snapshot names (`SnapshotInput.chunkKeys`) that the store has. */
  chunks?: LogChunk[];
};

/**
 * A full chunk of a room's turn log or chat, stored apart from the snapshots once: it never
 * changes. `key` names it (a hash of its content); `entries` are opaque to the store.
 */
export type LogChunk = { key: string; entries: readonly unknown[] };

export type LoadedInteraction = {
  /** The engine's InteractionSetup as built in the CRUD app (validated by the room). */
  setup: unknown;
  status: InteractionStatus;
  snapshot: StoredSnapshot | null;
  /**
   * Only from a load with `claimFor` that claimed the draft: that claim's token (opaque here),
   * which `releaseClaim` takes so it ends this claim and never a newer launch's.
   */
  claim?: ClaimToken;
};

/** Names one claim a launch's load made (ConvexStore: the draft's `launchingAt` it wrote). */
export type ClaimToken = number;

/** Who a launch's load claims the draft for: the launching user, and whether their token is an admin's. */
export type ClaimFor = { claimFor: string; asAdmin?: boolean };

export type SnapshotInput = {
  interactionId: string;
  version: number;
  reason: string;
  state: unknown;
  /** Chunks to keep with this snapshot, stored in the same write (atomically) if it is stored. */
  chunks?: LogChunk[];
  /** Every chunk the state names (sent now or before); what loading gives back with it. */
  chunkKeys?: string[];
};

export type ResultsInput = { interactionId: string; results: unknown; turnLog: unknown; chatLog: unknown };

export type ErrorReport = {
  /**
   * Names the report on every attempt to send it (ErrorReportQueue makes one), so the store
   * keeps one row for it however often a lost answer makes it send again.
   */
  reportId?: string;
  interactionId?: string;
  userId?: string;
  message: string;
  context?: Record<string, unknown>;
};

export interface Store {
  /**
   * null when the interaction does not exist. With `claimFor` (a launch: the launching user's
   * id), a draft that user may take live — its DM's, or with `asAdmin` (the live server verified
   * an admin role in the user's token) a test interaction — stays claimed until the room's status
   * write (ConvexStore: `live.claimForRoom`), so its seated characters cannot be deleted
   * meanwhile, and the answer carries the claim's token (`claim`); without it (a join) nothing
   * is claimed.
   */
  loadForRoom(interactionId: string, opts?: Partial<ClaimFor>): Promise<LoadedInteraction | null>;
  /**
   * Ends the claim `claim` names (a `claimFor` load's answer), for a launch that failed before
   * its room existed; a newer claim of the same draft stays. Best-effort: an unreleased claim
   * lapses by itself (convex/live.ts LAUNCH_CLAIM_MS).
   */
  releaseClaim(interactionId: string, claimFor: string, claim: ClaimToken): Promise<void>;
  /**
   * Stores only if `version` is newer than the stored one (fencing); one row per interaction.
   * Its chunks are added in the same write (a key already stored is kept).
   */
  saveSnapshot(input: SnapshotInput): Promise<{ stored: boolean }>;
  setStatus(interactionId: string, status: LiveStatus): Promise<void>;
  saveResults(input: ResultsInput): Promise<void>;
  logError(report: ErrorReport): Promise<void>;
  /** Cheap probe for /readyz: rejects, saying why, when storage cannot be used. */
  ping(): Promise<void>;
}

/** An application error the store threw on purpose (convex/errors.ts: `{ kind, message }`). */
export function storeRejection(err: unknown): { kind: string; message: string } | null {
  const data = err instanceof Error && "data" in err ? err.data : undefined;
  if (typeof data !== "object" || data === null) return null;
  const { kind, message } = data as { kind?: unknown; message?: unknown };
  return typeof kind === "string" && typeof message === "string" ? { kind, message } : null;
}
