import { afterEach, describe, expect, it } from "vitest";
import { recentLog, type InteractionState } from "../engine/state";
import type { ViewState } from "../engine/view";
import {
  P1,
  DM,
  type Table,
  type TestClient,
  type TestServer,
  currentTurn,
  failure,
  connectClient,
  openTable,
  startCombat,
  startTestServer,
  signToken,
  tableSetup,
  watch,
  waitUntil,
} from "../testkit";
import { MemoryStore } from "./memoryStore";
import { decodeStored, SNAPSHOT_FORMAT, type EncodedSnapshot } from "./snapshotCodec";

const servers: TestServer[] = [];
async function server(settings: Parameters<typeof startTestServer>[0] = {}, store?: MemoryStore) {
  const s = await startTestServer({ snapshotRetryBaseMs: 5, snapshotRetryMaxMs: 20, ...settings }, store);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** Records every version the store was asked to save and whether it kept it. */
function recordWrites(s: TestServer) {
  const writes: { version: number; reason: string; stored: boolean }[] = [];
  const save = s.memory.saveSnapshot.bind(s.memory);
  s.memory.saveSnapshot = async (input) => {
    const res = await save(input);
    writes.push({ version: input.version, reason: input.reason, stored: res.stored });
    return res;
  };
  return writes;
}

describe("snapshot writer", () => {
  it("never blocks commands while the store is down, and retries until the snapshot lands", async () => {
    const s = await server();
    const t = await openTable(s, "retry_1");
    await startCombat(t);
    s.memory.failWith = new Error("convex unreachable");
    const log = watch(t.p1, t.id);
    await log.waitFor((e) => e.type === "sync");
    const paused = await t.dm.trpc.interaction.pause.mutate({ interactionId: t.id });
    await log.waitFor((e) => e.type === "closed");
    await new Promise((r) => setTimeout(r, 100));
    expect(s.memory.peek(t.id)?.snapshot).toBeNull();
    const metrics = await (await fetch(`${s.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/live_snapshot_writes_total\{result="failed"\} [1-9]/);
    expect((await fetch(`${s.httpUrl}/readyz`)).status).toBe(503);
    // Loading is refused with a typed error while storage is down.
    expect(await failure(t.dm.trpc.interaction.launch.mutate({ interactionId: t.id }))).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
    });
    s.memory.failWith = null;
    await waitUntil(
      () => s.memory.peek(t.id)?.snapshot?.version === paused.version,
      "snapshot after recovery",
    );
    await waitUntil(() => s.memory.peek(t.id)?.status === "paused", "paused status after recovery");
    await t.close();
  });

  it("coalesces to the newest snapshot while a write is in flight, and versions only go up", async () => {
    const s = await server({ disconnectGraceMs: 0 });
    const writes = recordWrites(s);
    const t = await openTable(s, "coalesce_1");
    await startCombat(t);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = s.memory.saveSnapshot.bind(s.memory);
    let first = true;
    s.memory.saveSnapshot = async (input) => {
      if (first) {
        first = false;
        await gate;
      }
      return inner(input);
    };
    // Each time P1's only subscription ends, they go offline: a "disconnect" snapshot each.
    const dmLog = watch(t.dm, t.id);
    for (let i = 0; i < 4; i++) {
      const sub = watch(t.p1, t.id);
      await sub.waitFor((e) => e.type === "sync");
      const offline = dmLog.changes((v) => v.presence[P1]?.online).filter((o) => o === false).length;
      sub.unsubscribe();
      await waitUntil(
        () => dmLog.changes((v) => v.presence[P1]?.online).filter((o) => o === false).length > offline,
        "offline",
      );
    }
    const latest = (await t.dm.trpc.interaction.state.query({ interactionId: t.id })).version;
    release();
    await waitUntil(() => s.memory.peek(t.id)?.snapshot?.version === latest, "newest snapshot stored");
    expect(writes).toHaveLength(2);
    expect(writes[1]).toMatchObject({ version: latest, reason: "disconnect", stored: true });
    // Fencing: an older version offered later is refused by the store.
    expect(
      await s.memory.saveSnapshot({
        interactionId: t.id,
        version: writes[0]!.version,
        reason: "late",
        state: {},
      }),
    ).toEqual({ stored: false });
    expect(s.memory.peek(t.id)?.snapshot?.version).toBe(latest);
    await t.close();
  });

  it("rebuilds from a snapshot still waiting to be written, never from older stored data", async () => {
    const s = await server();
    const t = await openTable(s, "pending_1");
    await startCombat(t);
    const turn = await currentTurn(t);
    // Snapshot writes fail (reads still work): the pause snapshot stays pending.
    const save = s.memory.saveSnapshot.bind(s.memory);
    let failing = true;
    s.memory.saveSnapshot = (input) => (failing ? Promise.reject(new Error("write timeout")) : save(input));
    const paused = await t.dm.trpc.interaction.pause.mutate({ interactionId: t.id });
    expect(s.registry.get(t.id)).toBeUndefined();
    expect(s.memory.peek(t.id)?.snapshot).toBeNull();
    const relaunched = await t.dm.trpc.interaction.launch.mutate({ interactionId: t.id });
    // Not the lobby from the CRUD setup: the paused game, resumed.
    expect(relaunched.version).toBe(paused.version + 1);
    expect(await currentTurn(t)).toMatchObject({ id: turn.id, entityId: "pc1" });
    failing = false;
    await waitUntil(
      () => (s.memory.peek(t.id)?.snapshot?.version ?? 0) >= paused.version,
      "snapshot written after recovery",
    );
    await t.dm.trpc.interaction.pause.mutate({ interactionId: t.id });
    await waitUntil(() => s.memory.peek(t.id)?.status === "paused", "paused");
    await t.close();
  });

  it("flushes every room's snapshot on shutdown and reports what could not be written", async () => {
    const s = await server();
    const t = await openTable(s, "shutdown_1");
    await startCombat(t);
    const turn = await currentTurn(t);
    await t.p1.trpc.interaction.moveEntity.mutate({
      interactionId: t.id,
      turnId: turn.id,
      entityId: "pc1",
      path: [{ x: 1, y: 2 }],
    });
    const version = (await t.dm.trpc.interaction.state.query({ interactionId: t.id })).version;
    const states: string[] = [];
    t.p1.ws.connectionState.subscribe({ next: (st) => states.push(st.state) });
    const report = await s.stop();
    expect(report).toEqual({ flushed: 1, unflushed: [] });
    // One more version: Aria's turn clock stopped (the time she has left kept for the next server).
    expect(s.memory.peek(t.id)?.snapshot).toMatchObject({ version: version + 1, reason: "shutdown" });
    // Clients were told to reconnect (and now retry against the stopped server).
    await waitUntil(() => states.includes("connecting"), "client reconnecting");
    await t.close();

    const down = await server({ shutdownFlushMs: 200 });
    const t2 = await openTable(down, "shutdown_2");
    await startCombat(t2);
    down.memory.failWith = new Error("down");
    const report2 = await down.stop();
    expect(report2.unflushed).toEqual(["shutdown_2"]);
    await t2.close();
  });
});

describe("shutdown", () => {
  it("keeps a player's turn time while no server runs the room: the next instance gives it back", async () => {
    const store = new MemoryStore();
    const first = await server({ turnTimeoutMs: 2_000 }, store);
    const t = await openTable(first, "clock_1");
    await startCombat(t);
    const turn = await currentTurn(t);
    expect(turn.entityId).toBe("pc1");
    await first.stop();
    await t.close();
    const saved = decodeStored(store.peek(t.id)!.snapshot!) as InteractionState;
    expect(saved.turn).toMatchObject({ id: turn.id, entityId: "pc1" });
    expect(saved.turn!.deadline).toBeUndefined();
    const left = saved.turn!.remainingMs!;
    expect(left).toBeGreaterThan(1_000);
    expect(left).toBeLessThanOrEqual(2_000);

    // Down for longer than the turn had left.
    await new Promise((r) => setTimeout(r, left + 300));
    const next = await server({ turnTimeoutMs: 2_000 }, store);
    const p1 = connectClient(next, await signToken(next.keys, P1));
    const rebuiltAt = Date.now();
    const sync = await p1.trpc.interaction.state.query({ interactionId: t.id });
    const view = sync.view as ViewState;
    // Still Aria's turn, not timed out on arrival, with the time it had left.
    expect(view.turn).toMatchObject({ id: turn.id, entityId: "pc1" });
    expect(view.turn!.remainingMs).toBeUndefined();
    expect(view.turn!.deadline! - rebuiltAt).toBeGreaterThan(left - 500);
    expect(view.turn!.deadline! - rebuiltAt).toBeLessThanOrEqual(left + 500);
    expect(recentLog(view.log).some((l) => l.text.includes("timed out"))).toBe(false);
    await p1.close();
  });

  it("tells a join on a room it is still flushing to try again (the next instance), not that the game is over", async () => {
    const s = await server({ shutdownFlushMs: 30_000 });
    const t = await openTable(s, "shutdown_3");
    await startCombat(t);
    s.memory.failWith = new Error("down"); // the flush waits for the store
    const stopping = s.stop();
    const late = watch(t.p1, t.id);
    await waitUntil(() => late.errors[0], "the late join's answer");
    expect(late.errors[0]).toMatchObject({ data: { code: "SERVICE_UNAVAILABLE", appCode: "SHUTTING_DOWN" } });
    s.memory.failWith = null;
    expect(await stopping).toEqual({ flushed: 1, unflushed: [] });
    await t.close();
  });

  it("tells the DM's launch or resume during the flush to try again, instead of answering that it worked", async () => {
    const s = await server({ shutdownFlushMs: 30_000 });
    const t = await openTable(s, "shutdown_4");
    await startCombat(t);
    s.memory.failWith = new Error("down");
    const stopping = s.stop();
    for (const call of [t.dm.trpc.interaction.launch, t.dm.trpc.interaction.resume])
      expect(await failure(call.mutate({ interactionId: t.id }))).toMatchObject({
        code: "SERVICE_UNAVAILABLE",
        appCode: "SHUTTING_DOWN",
      });
    s.memory.failWith = null;
    expect(await stopping).toEqual({ flushed: 1, unflushed: [] });
    await t.close();
  });
});

/** Ends `turns` turns, each by the seat that plays it, then rolls the last one back. */
async function playWithRollback(t: Table, turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) {
    const turn = await currentTurn(t);
    const entityId = turn.entityId ?? "gob2";
    const seat = entityId === "pc1" ? t.p1 : entityId === "pc2" ? t.p2 : t.dm;
    await seat.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: turn.id, entityId });
  }
  await t.dm.trpc.interaction.rollback.mutate({ interactionId: t.id, turnId: (await currentTurn(t)).id });
}

/** A new server with a table in combat that played `turns` turns and rolled the last one back. */
async function playedTable(id: string, turns: number): Promise<{ s: TestServer; t: Table }> {
  const s = await server();
  const t = await openTable(s, id);
  await startCombat(t);
  await playWithRollback(t, turns);
  return { s, t };
}

/** Pauses the table and returns the room's final state and what the store kept of it. */
async function pauseAndStore(s: TestServer, t: Table): Promise<{ state: InteractionState; stored: unknown }> {
  const room = s.registry.get(t.id)!;
  const paused = await t.dm.trpc.interaction.pause.mutate({ interactionId: t.id });
  await waitUntil(() => s.memory.peek(t.id)?.snapshot?.version === paused.version, "pause snapshot");
  return { state: room.current(), stored: s.memory.peek(t.id)!.snapshot!.state };
}

/**
 * Stops the server (its shutdown snapshot keeps the redo stack, which a pause clears) and
 * returns the room's last state; then a new server on the same store, and its DM.
 */
async function restart(s: TestServer, t: Table) {
  const state = s.registry.get(t.id)!.current();
  await s.stop();
  await t.close();
  const next = await server({}, s.memory);
  const dm = connectClient(next, await signToken(next.keys, DM));
  return { state, next, dm };
}

/** The interaction as the store would hold it with this status and snapshot state (any format). */
async function storeAs(
  s: TestServer,
  id: string,
  status: "live" | "paused",
  version: number,
  state: unknown,
) {
  s.memory.delete(id);
  s.memory.seed(id, tableSetup(id), status);
  await s.memory.saveSnapshot({ interactionId: id, version, reason: status, state });
}

/** Launching rebuilds the room with exactly `state`, and its checkpoints work: redo puts the rolled-back turn back. */
async function expectRebuilt(s: TestServer, dm: TestClient, id: string, state: InteractionState) {
  await dm.trpc.interaction.launch.mutate({ interactionId: id });
  expect(s.registry.get(id)!.current()).toEqual(state);
  await dm.trpc.interaction.redo.mutate({ interactionId: id, turnId: state.turn?.id ?? null });
  expect(s.registry.get(id)!.current().entities).toEqual(state.redo[0]!.game.entities);
}

describe("snapshot format", () => {
  it("stores checkpoints as differences, and the room rebuilt from them has the same state", async () => {
    const { s, t } = await playedTable("format_1", 12);
    const { state, next, dm } = await restart(s, t);
    const stored = s.memory.peek(t.id)!.snapshot!.state;
    const storedSnapshot = s.memory.peek(t.id)!.snapshot!;
    expect(s.memory.peek(t.id)!.snapshot!.version).toBe(state.version);
    expect(state.history.length).toBeGreaterThanOrEqual(8);
    expect(state.redo).toHaveLength(1);
    expect((stored as EncodedSnapshot).format).toBe(SNAPSHOT_FORMAT);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(state).length / 2);
    expect(decodeStored(storedSnapshot)).toEqual(state);

    await expectRebuilt(next, dm, t.id, state);
    await dm.close();
  });

  it("still loads a snapshot stored whole, as written before checkpoints were differences", async () => {
    const { s, t } = await playedTable("format_2", 12);
    const { state, next, dm } = await restart(s, t);
    // A goblin's turn (no clock): the rebuilt state is the stored one exactly, not re-timed.
    expect(state.turn?.deadline).toBeUndefined();
    // The same interaction with its snapshot in the old format.
    await storeAs(next, t.id, "live", state.version, JSON.parse(JSON.stringify(state)));

    await expectRebuilt(next, dm, t.id, state);
    // Written again, it is in the new format.
    await dm.trpc.interaction.pause.mutate({ interactionId: t.id });
    await waitUntil(
      () => (next.memory.peek(t.id)?.snapshot?.state as { format?: number }).format === SNAPSHOT_FORMAT,
      "snapshot in the new format",
    );
    await dm.close();
  });

  it("refuses a snapshot of an unknown format or with damaged differences, and reports it", async () => {
    const { s, t } = await playedTable("format_3", 4);
    const { stored } = await pauseAndStore(s, t);
    const good = stored as EncodedSnapshot;
    const cases: unknown[] = [
      { ...good, format: 99 },
      { ...good, history: good.history.map((c) => ({ ...c, diff: [[["entities", "nobody", "hp"], 1]] })) },
      // Decodes, but the result is not a state.
      { ...good, history: good.history.map((c) => ({ ...c, diff: [[["round"], "soon"]] })) },
    ];
    for (const [i, bad] of cases.entries()) {
      await storeAs(s, t.id, "paused", 1_000, bad);
      const errors = s.memory.errors.length;
      expect(await failure(t.dm.trpc.interaction.launch.mutate({ interactionId: t.id }))).toMatchObject({
        code: "INTERNAL_SERVER_ERROR",
        appCode: "BAD_SNAPSHOT",
      });
      const message =
        i < 2
          ? "stored snapshot could not be decoded"
          : "stored snapshot does not match the engine's state schema";
      await waitUntil(
        () => s.memory.errors.slice(errors).some((e) => e.message === message && e.interactionId === t.id),
        message,
      );
      expect(s.registry.get(t.id)).toBeUndefined();
    }
    await t.close();
  });
});
