import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import type { ErrorReport, LiveStatus, LoadedInteraction, ResultsInput, SnapshotInput, Store } from "./store";

// References by name, so the live server needs no generated Convex types (convex/live.ts).
const fn = {
  loadForRoom: makeFunctionReference<
    "query",
    { secret: string; interactionId: string },
    LoadedInteraction | null
  >("live:loadForRoom"),
  saveSnapshot: makeFunctionReference<"mutation", { secret: string } & SnapshotInput, { stored: boolean }>(
    "live:saveSnapshot",
  ),
  setStatus: makeFunctionReference<
    "mutation",
    { secret: string; interactionId: string; status: LiveStatus },
    unknown
  >("live:setStatus"),
  saveResults: makeFunctionReference<"mutation", { secret: string } & ResultsInput, unknown>(
    "live:saveResults",
  ),
  logError: makeFunctionReference<"mutation", { secret: string } & ErrorReport, unknown>("live:logError"),
};

// ConvexHttpClient runs mutations one at a time per client unless told otherwise, which would
// put every room's snapshot behind every other room's round trip (one write per RTT for the
// whole server). The writer already keeps one write in flight per interaction, in order, and
// bounds how many run at once, so the store skips that queue.
const unqueued = { skipQueue: true } as const;

/** Production Store: the project's Convex functions over HTTP, authenticated by a shared secret. */
export class ConvexStore implements Store {
  private readonly client: ConvexHttpClient;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    /** Benchmarks measure the client's serialization with a stub here. */
    fetchImpl?: typeof globalThis.fetch,
  ) {
    this.client = new ConvexHttpClient(url, { logger: false, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  }

  async loadForRoom(interactionId: string): Promise<LoadedInteraction | null> {
    return await this.client.query(fn.loadForRoom, { secret: this.secret, interactionId });
  }

  async saveSnapshot(input: SnapshotInput): Promise<{ stored: boolean }> {
    // convexToJson and JSON.stringify of the state run synchronously in this call; the writer paces them.
    return await this.client.mutation(fn.saveSnapshot, { secret: this.secret, ...input }, unqueued);
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

  /** Any HTTP answer means the deployment is reachable; only a network failure is not. */
  async ping(): Promise<void> {
    const res = await fetch(new URL("/version", this.url), { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
  }
}
