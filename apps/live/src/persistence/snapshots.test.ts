import { afterEach, describe, expect, it } from "vitest";
import {
  P1,
  type TestServer,
  currentTurn,
  failure,
  openTable,
  startCombat,
  startTestServer,
  watch,
  waitUntil,
} from "../testkit";

const servers: TestServer[] = [];
async function server(settings: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer({ snapshotRetryBaseMs: 5, snapshotRetryMaxMs: 20, ...settings });
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
    expect(s.memory.peek(t.id)?.snapshot).toMatchObject({ version, reason: "shutdown" });
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
