import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import pino from "pino";
import { dmBot, sensibleBot, simulate } from "../engine/bots";
import { goblinAmbush } from "../engine/scenarios";
import { createMetrics } from "../metrics";
import { MemoryStore } from "./memoryStore";
import { decodeStored, SNAPSHOT_FORMAT } from "./snapshotCodec";
import type { SnapshotInput } from "./store";
import { PersistenceQueue, retryDelay } from "./writer";

const log = pino({ level: "silent" });
const policy = { baseMs: 1, maxMs: 5, jitter: 0.5 };

function setup() {
  const store = new MemoryStore();
  store.seed("i1", { any: "setup" }, "live");
  const queue = new PersistenceQueue(store, policy, log, createMetrics());
  return { store, queue };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!done()) throw new Error("timed out");
}

const snap = (version: number, reason = "round_end"): SnapshotInput => ({
  interactionId: "i1",
  version,
  reason,
  state: { v: version },
});

describe("PersistenceQueue", () => {
  it("sends each full log chunk once, and again after a failed write", async () => {
    const base = goblinAmbush();
    // No one goes down, so the log grows chunk after chunk.
    const ambush = {
      ...base,
      participants: base.participants.map((p) => ({ ...p, sheet: { ...p.sheet, maxHp: 10_000 } })),
    };
    const bots = Object.fromEntries(
      ambush.participants.flatMap((p) => (p.sheet.ownerUserId ? [[p.sheet.ownerUserId, sensibleBot]] : [])),
    );
    const play = (n: number) =>
      simulate(ambush, { ...bots, [ambush.dmUserId]: dmBot }, 9, { maxCommands: n }).finalState;
    const early = play(150);
    const later = play(300); // the same game further on: its first chunks are early's
    expect(early.turnLog.length).toBeGreaterThan(2);
    expect(later.turnLog.length).toBeGreaterThan(early.turnLog.length);
    const { store, queue } = setup();
    const sent: string[][] = [];
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = (input) => {
      sent.push((input.chunks ?? []).map((c) => c.key));
      return save(input);
    };
    queue.saveSnapshot({ interactionId: "i1", version: 1, reason: "round_end", state: early });
    await queue.flush(2_000);
    const first = sent[0]!;
    expect(first).toHaveLength(early.turnLog.length - 1 + Math.max(0, early.chat.length - 1));
    expect(decodeStored(store.peek("i1")!.snapshot!)).toEqual(early);

    store.failWith = new Error("down");
    queue.saveSnapshot({ interactionId: "i1", version: 2, reason: "round_end", state: later });
    await waitFor(() => sent.length >= 3);
    store.failWith = null;
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    // Only chunks the store did not have, and the same again after the failed attempts.
    const fresh = sent[1]!;
    expect(fresh.length).toBe(later.turnLog.length - early.turnLog.length);
    expect(fresh.some((k) => first.includes(k))).toBe(false);
    expect(sent.at(-1)).toEqual(fresh);
    expect(decodeStored(store.peek("i1")!.snapshot!)).toEqual(later);
  });

  it("writes a room's checkpoints as differences, and writes it whole if encoding fails", async () => {
    const setup = goblinAmbush();
    const bots = Object.fromEntries(
      setup.participants.flatMap((p) => (p.sheet.ownerUserId ? [[p.sheet.ownerUserId, sensibleBot]] : [])),
    );
    const state = simulate(setup, { ...bots, [setup.dmUserId]: dmBot }, 3, { maxCommands: 60 }).finalState;
    expect(state.history.length).toBeGreaterThan(2);
    const store = new MemoryStore();
    store.seed("i1", {}, "live");
    const queue = new PersistenceQueue(store, policy, log, createMetrics());
    queue.saveSnapshot({ interactionId: "i1", version: 1, reason: "round_end", state });
    await queue.flush(2_000);
    const stored = store.peek("i1")!.snapshot!;
    expect(stored.state).toMatchObject({ format: SNAPSHOT_FORMAT });
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(state).length / 2);
    expect(decodeStored(stored)).toEqual(state);

    const failing = new PersistenceQueue(store, policy, log, createMetrics(), Math.random, {
      encode: () => {
        throw new Error("bug");
      },
    });
    failing.saveSnapshot({ interactionId: "i1", version: 2, reason: "round_end", state });
    expect((await failing.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.snapshot).toMatchObject({ version: 2, state });
  });

  it("writes only the newest pending snapshot while one is in flight (coalescing)", async () => {
    const { store, queue } = setup();
    const written: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = async (input) => {
      written.push(input.version);
      if (input.version === 1) await gate;
      return save(input);
    };
    queue.saveSnapshot(snap(1));
    await turn(); // version 1 is now in flight
    queue.saveSnapshot(snap(2));
    queue.saveSnapshot(snap(3));
    release();
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(written).toEqual([1, 3]);
    expect(store.peek("i1")?.snapshot?.state).toEqual({ v: 3 });
  });

  it("never calls the store from saveSnapshot itself (off the command path), and coalesces within a turn", async () => {
    const { store, queue } = setup();
    const written: number[] = [];
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = (input) => {
      written.push(input.version);
      return save(input);
    };
    queue.saveSnapshot(snap(1));
    queue.saveSnapshot(snap(2));
    expect(written).toEqual([]);
    expect(queue.unwritten("i1")?.version).toBe(2);
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(written).toEqual([2]);
  });

  it("spreads a snapshot storm over event-loop turns and bounds writes in flight", async () => {
    const store = new MemoryStore();
    const ids = Array.from({ length: 40 }, (_, i) => `r${i}`);
    for (const id of ids) store.seed(id, {}, "live");
    const queue = new PersistenceQueue(store, policy, log, createMetrics(), Math.random, {
      concurrency: 4,
      sliceMs: 0,
    });
    const perTurn: number[] = [];
    let inTurn = 0;
    let maxInFlight = 0;
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = async (input) => {
      inTurn++;
      maxInFlight = Math.max(maxInFlight, queue.inFlight);
      await turn();
      return save(input);
    };
    // Runs once per event-loop iteration, like the pump.
    let probing = true;
    const probe = () => {
      perTurn.push(inTurn);
      inTurn = 0;
      if (probing) setImmediate(probe);
    };
    setImmediate(probe);
    for (const id of ids)
      queue.saveSnapshot({ interactionId: id, version: 1, reason: "round_end", state: { id } });
    expect((await queue.flush(5_000)).unflushed).toEqual([]);
    probing = false;
    expect(maxInFlight).toBeLessThanOrEqual(4);
    // sliceMs 0: one store call per turn, so commands can run between any two.
    expect(Math.max(...perTurn, inTurn)).toBe(1);
    for (const id of ids) expect(store.peek(id)?.snapshot?.state).toEqual({ id });
  });

  it("retries a failing store until the write lands, keeping the newest version", async () => {
    const { store, queue } = setup();
    let failures = 0;
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = (input) => {
      if (failures < 4) {
        failures++;
        return Promise.reject(new Error("store down"));
      }
      return save(input);
    };
    queue.saveSnapshot(snap(5));
    queue.saveSnapshot(snap(6));
    expect((await queue.flush(5_000)).unflushed).toEqual([]);
    expect(failures).toBe(4);
    expect(store.peek("i1")?.snapshot?.version).toBe(6);
  });

  it("never writes an older version after a newer one (fencing), here or in the store", async () => {
    const { store, queue } = setup();
    queue.saveSnapshot(snap(8));
    await queue.flush(1_000);
    queue.saveSnapshot(snap(7));
    expect(queue.pendingIds()).toEqual([]);
    expect(await store.saveSnapshot(snap(4))).toEqual({ stored: false });
    expect(store.peek("i1")?.snapshot?.version).toBe(8);
  });

  it("reports what is still unwritten when the flush deadline passes", async () => {
    const { store, queue } = setup();
    store.failWith = new Error("outage");
    queue.saveSnapshot(snap(2));
    queue.setStatus("i1", "paused");
    expect(queue.unwritten("i1")?.version).toBe(2);
    expect((await queue.flush(50)).unflushed).toEqual(["i1"]);
    store.failWith = null;
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.status).toBe("paused");
    expect(queue.unwritten("i1")).toBeNull();
  });

  it("a flush retries at once what waits out a long backoff, and soon again after each failure", async () => {
    const store = new MemoryStore();
    store.seed("i1", { any: "setup" }, "live");
    let calls = 0;
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = (input) => (++calls <= 3 ? Promise.reject(new Error("outage")) : save(input));
    // A jitter draw this large makes every backoff ~50 s, as after a long outage.
    const policy = { baseMs: 5, maxMs: 60_000, jitter: 1 };
    const queue = new PersistenceQueue(store, policy, log, createMetrics(), () => 10_000);
    queue.saveSnapshot(snap(5));
    await waitFor(() => calls === 1);
    await turn();
    queue.saveSnapshot(snap(6, "shutdown"));
    // The store fails twice more while shutting down, then takes the write well before the deadline.
    expect((await queue.flush(1_000)).unflushed).toEqual([]);
    expect(calls).toBe(4);
    expect(store.peek("i1")?.snapshot).toEqual(expect.objectContaining({ version: 6, reason: "shutdown" }));
  });

  it("drops a write the store refuses for good (its verdict, not an outage), reports it, and writes what follows", async () => {
    const { store } = setup();
    const refused: { message: string; interactionId: string }[] = [];
    const queue = new PersistenceQueue(store, policy, log, createMetrics(), Math.random, {
      onRefused: (message, c) => refused.push({ message, interactionId: c.interactionId }),
    });
    const setStatus = store.setStatus.bind(store);
    store.setStatus = (id, status) =>
      status === "awaiting_dm"
        ? Promise.reject(new ConvexError({ kind: "invalid_state", message: "cannot become awaiting_dm" }))
        : setStatus(id, status);
    const saveSnapshot = store.saveSnapshot.bind(store);
    store.saveSnapshot = (input) =>
      input.version === 3
        ? Promise.reject(new ConvexError({ kind: "too_large", message: "state too large" }))
        : saveSnapshot(input);

    queue.setStatus("i1", "awaiting_dm");
    queue.saveSnapshot(snap(3));
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(refused).toEqual([
      { message: "The store refused snapshot v3 (round_end); not retried", interactionId: "i1" },
      { message: "The store refused status awaiting_dm; not retried", interactionId: "i1" },
    ]);
    queue.saveSnapshot(snap(4));
    queue.setStatus("i1", "paused");
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")).toMatchObject({ status: "paused", snapshot: { version: 4 } });
    expect(refused).toHaveLength(2);
  });

  it("keeps retrying a write Convex itself refuses (not a ConvexError), reporting it at 5 and 10 failures and when it lands", async () => {
    const { store } = setup();
    const reports: { message: string; interactionId: string; err?: string }[] = [];
    const queue = new PersistenceQueue(store, policy, log, createMetrics(), Math.random, {
      onFailing: (message, c) =>
        reports.push({
          message,
          interactionId: c.interactionId,
          ...(c.err instanceof Error ? { err: c.err.message } : {}),
        }),
    });
    let failures = 12;
    const save = store.saveSnapshot.bind(store);
    store.saveSnapshot = (input) =>
      failures-- > 0
        ? Promise.reject(
            new Error('saveSnapshot: HTTP 400 {"code":"BadJsonBody","message":"value too large"}'),
          )
        : save(input);
    queue.saveSnapshot(snap(3));
    expect((await queue.flush(5_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.snapshot?.version).toBe(3);
    const err = 'saveSnapshot: HTTP 400 {"code":"BadJsonBody","message":"value too large"}';
    expect(reports).toEqual([
      {
        message: "Writing snapshot v3 (round_end) has failed 5 times in a row; still retrying",
        interactionId: "i1",
        err,
      },
      {
        message: "Writing snapshot v3 (round_end) has failed 10 times in a row; still retrying",
        interactionId: "i1",
        err,
      },
      { message: "Wrote snapshot v3 (round_end) after 13 attempts", interactionId: "i1" },
    ]);

    // A blip of a few failures is only retried, not reported.
    const setStatus = store.setStatus.bind(store);
    let blips = 4;
    store.setStatus = (id, status) =>
      blips-- > 0 ? Promise.reject(new Error("fetch failed")) : setStatus(id, status);
    queue.setStatus("i1", "paused");
    expect((await queue.flush(5_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.status).toBe("paused");
    expect(reports).toHaveLength(3);
  });

  it("forgets a released room's outbox once its last writes landed, retries included; the store still fences", async () => {
    const { store, queue } = setup();
    store.failWith = new Error("outage");
    queue.saveSnapshot(snap(9, "inactivity"));
    queue.setStatus("i1", "paused");
    queue.release("i1"); // the room left memory with its last snapshot still failing
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.outboxes).toBe(1);
    expect(queue.unwritten("i1")?.version).toBe(9);
    store.failWith = null;
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.snapshot?.version).toBe(9);
    expect(store.peek("i1")?.status).toBe("paused");
    expect(queue.outboxes).toBe(0);
    // The outbox's fence went with it; the store refuses the stale version, takes a newer one.
    queue.saveSnapshot(snap(8));
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.snapshot?.version).toBe(9);
    queue.saveSnapshot(snap(10));
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.snapshot?.version).toBe(10);
  });

  it("keeps the outbox of a room still in memory, and of one rebuilt before its writes landed", async () => {
    const { store, queue } = setup();
    queue.saveSnapshot(snap(3));
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(queue.outboxes).toBe(1); // live room: its fence stays
    queue.saveSnapshot(snap(3, "inactivity"));
    queue.release("i1");
    queue.saveSnapshot(snap(4)); // a new room for it queued work before the write ran
    expect((await queue.flush(2_000)).unflushed).toEqual([]);
    expect(store.peek("i1")?.snapshot?.version).toBe(4);
    expect(queue.outboxes).toBe(1);
  });

  it("backs off exponentially up to the cap, with bounded jitter", () => {
    const p = { baseMs: 100, maxMs: 1_000, jitter: 0.2 };
    expect(retryDelay(p, 0, () => 0)).toBe(100);
    expect(retryDelay(p, 3, () => 0)).toBe(800);
    expect(retryDelay(p, 10, () => 0)).toBe(1_000);
    expect(retryDelay(p, 10, () => 1)).toBe(1_200);
  });
});
