import { version as convexVersion } from "convex";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { ConvexError, type Value } from "convex/values";
import {
  type ClaimFor,
  type ClaimToken,
  type ErrorReport,
  type LiveStatus,
  type LoadedInteraction,
  type ResultsInput,
  type SnapshotInput,
  type Store,
  storeRejection,
} from "./store";

// References by name, so the live server needs no generated Convex types (convex/live.ts).
const fn = {
  loadForRoom: makeFunctionReference<
    "query",
    { secret: string; interactionId: string },
    LoadedInteraction | null
  >("live:loadForRoom"),
  // loadForRoom's answer, and a draft it loads for its DM (or, `asAdmin`, a test interaction for
  // an admin) is claimed until its status changes, so a player cannot delete a seated character
  // between this load and the room's "live" write; the answer's `claim` is that claim's token.
  claimForRoom: makeFunctionReference<
    "mutation",
    { secret: string; interactionId: string; subject: string; asAdmin?: boolean },
    LoadedInteraction | null
  >("live:claimForRoom"),
  // Ends only the claim `claim` names: a failed launch's late release leaves a newer one's.
  releaseClaim: makeFunctionReference<
    "mutation",
    { secret: string; interactionId: string; subject: string; claim: ClaimToken },
    null
  >("live:releaseClaim"),
  setStatus: makeFunctionReference<
    "mutation",
    { secret: string; interactionId: string; status: LiveStatus },
    unknown
  >("live:setStatus"),
  saveResults: makeFunctionReference<"mutation", { secret: string } & ResultsInput, unknown>(
    "live:saveResults",
  ),
  logError: makeFunctionReference<"mutation", { secret: string } & ErrorReport, unknown>("live:logError"),
  ping: makeFunctionReference<"query", { secret: string }, null>("live:ping"),
};

// ConvexHttpClient runs mutations one at a time per client unless told otherwise, which would
// put every room's snapshot behind every other room's round trip (one write per RTT for the
// whole server). The writer already keeps one write in flight per interaction, in order, and
// bounds how many run at once, so the store skips that queue.
const unqueued = { skipQueue: true } as const;

/** Production Store: the project's Convex functions over HTTP, authenticated by a shared secret. */
export class ConvexStore implements Store {
  private readonly client: ConvexHttpClient;
  private readonly fetch: typeof globalThis.fetch;
  private readonly mutationUrl: string;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    /** Benchmarks measure the store's own work with a stub here. */
    fetchImpl?: typeof globalThis.fetch,
    /**
     * Longest wait for one answer. A connection that hangs (no answer, no reset) would otherwise
     * hold the room's writes for fetch's own 5 minutes, past any shutdown deadline; a timed-out
     * write is retried, and every write here is safe to repeat (versions fence snapshots).
     */
    requestTimeoutMs = 10_000,
  ) {
    const base = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
    this.fetch = (input, init) => {
      const timeout = AbortSignal.timeout(requestTimeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return base(input, { ...init, signal });
    };
    this.client = new ConvexHttpClient(url, { logger: false, fetch: this.fetch });
    this.mutationUrl = new URL("/api/mutation", url).toString();
  }

  async loadForRoom(interactionId: string, opts?: Partial<ClaimFor>): Promise<LoadedInteraction | null> {
    const args = { secret: this.secret, interactionId };
    if (opts?.claimFor === undefined) return await this.client.query(fn.loadForRoom, args);
    // `asAdmin` only when set, so a deployment without it refuses admins' launches only.
    const claim = { ...args, subject: opts.claimFor, ...(opts.asAdmin ? { asAdmin: true } : {}) };
    return await this.client.mutation(fn.claimForRoom, claim, unqueued);
  }

  async releaseClaim(interactionId: string, claimFor: string, claim: ClaimToken): Promise<void> {
    await this.client.mutation(
      fn.releaseClaim,
      { secret: this.secret, interactionId, subject: claimFor, claim },
      unqueued,
    );
  }

  /**
   * The one big write, sent as ConvexHttpClient would send it (`/api/mutation`,
   * `convex_encoded_json`) but encoded with one `JSON.stringify`: the engine state is plain
   * JSON (no bigint, bytes, `$` keys or non-finite numbers; the engine's schema guarantees it),
   * which is already its own `convex_encoded_json`. The client's `convexToJson` would copy it
   * key by key, sorting every object's keys, at about 5–10× the cost (docs/benchmarks.md).
   * Convex validates the arguments on its side as for any client. Runs synchronously up to the
   * request (the writer paces these calls); unqueued like the other writes.
   */
  async saveSnapshot(input: SnapshotInput): Promise<{ stored: boolean }> {
    const args = JSON.stringify({
      secret: this.secret,
      interactionId: input.interactionId,
      version: input.version,
      reason: input.reason,
      state: input.state,
      ...(input.chunkKeys ? { chunks: input.chunks ?? [], chunkKeys: input.chunkKeys } : {}),
    });
    const body = `{"path":"live:saveSnapshot","format":"convex_encoded_json","args":[${args}]}`;
    const res = await this.fetch(this.mutationUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Convex-Client": `npm-${convexVersion}` },
      body,
    });
    // 560: the function ran and threw (its message is in the JSON answer).
    if (!res.ok && res.status !== 560)
      throw new Error(`saveSnapshot: HTTP ${res.status} ${await res.text()}`);
    const answer = (await res.json()) as {
      status?: string;
      value?: unknown;
      errorMessage?: string;
      errorData?: unknown;
    };
    if (answer.status === "success") return answer.value as { stored: boolean };
    // The function's own refusal (a ConvexError), as ConvexHttpClient would throw it: the writer
    // reads its kind to tell a verdict no retry can change from an outage.
    if (answer.errorData !== undefined) throw new ConvexError(answer.errorData as Value);
    throw new Error(
      answer.errorMessage ?? `saveSnapshot: unexpected answer ${JSON.stringify(answer).slice(0, 200)}`,
    );
  }

  async setStatus(interactionId: string, status: LiveStatus): Promise<void> {
    await this.client.mutation(fn.setStatus, { secret: this.secret, interactionId, status }, unqueued);
  }

  async saveResults(input: ResultsInput): Promise<void> {
    await this.client.mutation(fn.saveResults, { secret: this.secret, ...input }, unqueued);
  }

  async logError(report: ErrorReport): Promise<void> {
    await this.client.mutation(fn.logError, { secret: this.secret, ...report }, unqueued);
  }

  /** Ready when the deployment answers and accepts this server's secret (a wrong one fails every write). */
  async ping(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer within 2 s")), 2_000);
    });
    try {
      await Promise.race([this.client.query(fn.ping, { secret: this.secret }), timeout]);
    } catch (err) {
      // A ConvexError's message is its JSON data; its own words are the reason to show.
      const rejected = storeRejection(err);
      throw rejected ? new Error(rejected.message, { cause: err }) : err;
    } finally {
      clearTimeout(timer);
    }
  }
}
