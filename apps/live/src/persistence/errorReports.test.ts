import { describe, expect, it } from "vitest";
import pino from "pino";
import { ErrorReportQueue } from "./errorReports";
import { MemoryStore } from "./memoryStore";
import type { ErrorReport } from "./store";

const log = pino({ level: "silent" });
const policy = { baseMs: 1, maxMs: 5, jitter: 0.5 };

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!done()) throw new Error("timed out");
}

describe("ErrorReportQueue", () => {
  const report = (message: string): ErrorReport => ({ interactionId: "i1", message });

  it("retries a report until the store takes it, in order, and a lost answer adds no second row", async () => {
    const store = new MemoryStore();
    const logError = store.logError.bind(store);
    let calls = 0;
    store.logError = async (r) => {
      calls++;
      if (calls === 1) {
        await logError(r); // landed, but the answer is lost on the way back
        throw new TypeError("fetch failed");
      }
      if (calls <= 3) throw new Error("store down");
      return logError(r);
    };
    const reports = new ErrorReportQueue(store, policy, log);
    reports.report(report("first"));
    reports.report(report("second"));
    expect((await reports.flush(2_000)).unsent).toBe(0);
    expect(calls).toBe(5);
    expect(store.errors.map((e) => e.message)).toEqual(["first", "second"]);
    expect(new Set(store.errors.map((e) => e.reportId)).size).toBe(2);
  });

  it("keeps at most maxPending reports while the store is down, and reports how many it dropped", async () => {
    const store = new MemoryStore();
    store.failWith = new Error("down");
    const reports = new ErrorReportQueue(store, policy, log, Math.random, { maxPending: 3 });
    for (let i = 1; i <= 5; i++) reports.report(report(`error ${i}`));
    await new Promise((r) => setTimeout(r, 20));
    expect(reports.size).toBe(3);
    store.failWith = null;
    expect((await reports.flush(2_000)).unsent).toBe(0);
    expect(store.errors.map((e) => e.message)).toEqual([
      "error 1",
      "error 2",
      "error 3",
      "2 error reports were dropped while the store did not take them (at most 3 wait); the server's log has each",
    ]);
  });

  it("a flush sends at once what waits out a long backoff, and says what is left at its deadline", async () => {
    const store = new MemoryStore();
    const logError = store.logError.bind(store);
    let calls = 0;
    store.logError = (r) => (++calls === 1 ? Promise.reject(new Error("outage")) : logError(r));
    // A jitter draw this large makes every backoff ~50 s, as after a long outage.
    const reports = new ErrorReportQueue(store, { baseMs: 5, maxMs: 60_000, jitter: 1 }, log, () => 10_000);
    reports.report(report("refused for good"));
    await waitFor(() => calls === 1);
    expect((await reports.flush(1_000)).unsent).toBe(0);
    expect(store.errors.map((e) => e.message)).toEqual(["refused for good"]);

    store.failWith = new Error("outage");
    reports.report(report("late"));
    expect((await reports.flush(30)).unsent).toBe(1);
    reports.stop();
  });
});
