import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { CLOSE_RATE_LIMITED } from "../room/events";
import {
  P1,
  type TestServer,
  connectClient,
  currentTurn,
  failure,
  metric,
  openTable,
  rawClient,
  startCombat,
  startTestServer,
  watch,
  waitUntil,
} from "../testkit";

const servers: TestServer[] = [];
async function server(settings: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(settings);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

describe("limits", () => {
  it("answers too many messages on one connection with a typed RATE_LIMITED error; other connections are unaffected", async () => {
    const s = await server({ rateMessagesPerMinute: 5 });
    const t = await openTable(s, "rate_msg"); // the DM used 1 message (launch)
    for (let i = 0; i < 5; i++) await t.p1.trpc.interaction.state.query({ interactionId: t.id });
    const err = await failure(t.p1.trpc.interaction.state.query({ interactionId: t.id }));
    expect(err).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      appCode: "RATE_LIMITED",
      details: { limit: "messages" },
    });
    expect((err.details as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    await t.p2.trpc.interaction.state.query({ interactionId: t.id });
    await t.close();
  });

  it("cuts off a socket that floods frames far past the message budget", async () => {
    const s = await server({ rateMessagesPerMinute: 5 });
    const raw = await rawClient(s, null);
    for (let i = 0; i < 30; i++) raw.send("junk");
    expect((await raw.closed).code).toBe(1008);
    expect((await fetch(`${s.httpUrl}/healthz`)).status).toBe(200);
  });

  it("limits game actions per player (across tabs), not the DM running the table", async () => {
    const s = await server({ rateActionsPerMinute: 3 });
    const t = await openTable(s, "rate_act");
    await startCombat(t); // P1 used one action (updateInitiative is not a game action)
    const turn = await currentTurn(t);
    const move = (c: typeof t.p1, y: number) =>
      c.trpc.interaction.moveEntity.mutate({
        interactionId: t.id,
        turnId: turn.id,
        entityId: "pc1",
        path: [{ x: 1, y }],
      });
    await move(t.p1, 2);
    await move(t.p1, 1);
    const tab2 = connectClient(s, await t.token(P1));
    await move(tab2, 2);
    const version = (await t.dm.trpc.interaction.state.query({ interactionId: t.id })).version;
    expect(await failure(move(tab2, 1))).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      appCode: "RATE_LIMITED",
      details: { limit: "actions" },
    });
    expect((await t.dm.trpc.interaction.state.query({ interactionId: t.id })).version).toBe(version);
    for (let i = 0; i < 5; i++)
      await t.dm.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text: `dm ${i}` });
    await tab2.close();
    await t.close();
  });

  it("closes connections past the per-IP limit with a code and reason a browser can read", async () => {
    const s = await server({ rateConnectionsPerMinute: 3 });
    // Who closes first, with what: a browser's WebSocket sees exactly this (code and reason).
    const open = () =>
      new Promise<{ by: "client" | "server"; code: number; reason: string }>((resolve) => {
        const ws = new WebSocket(s.url);
        let by: "client" | "server" = "server";
        // A connection within the limit stays open until the client closes it.
        const timer = setTimeout(() => {
          by = "client";
          ws.close();
        }, 300);
        ws.on("close", (code, reason) => {
          clearTimeout(timer);
          resolve({ by, code, reason: reason.toString() });
        });
      });
    const results = [await open(), await open(), await open(), await open()];
    expect(results.map((r) => r.by)).toEqual(["client", "client", "client", "server"]);
    expect(results[3]).toEqual({
      by: "server",
      code: CLOSE_RATE_LIMITED,
      reason: "Too many connection attempts: at most 3 per minute",
    });
    // tRPC's client passes the close event on as its connection error's cause (the web app reads it).
    const c = connectClient(s, "any token");
    const closeEvent = await waitUntil(() => {
      const closed = c.ws.connectionState.get().error?.cause?.cause as
        { code?: number; reason?: string } | undefined;
      return closed?.code === CLOSE_RATE_LIMITED && closed;
    }, "the client's close error");
    expect(closeEvent.reason).toBe("Too many connection attempts: at most 3 per minute");
    await c.close();
  });

  it("drops a client whose socket buffer grows past the bound; the rest of the room is unharmed", async () => {
    const s = await server({ slowConsumerBytes: 1_024, maxPayloadBytes: 262_144, disconnectGraceMs: 100 });
    const t = await openTable(s, "slow_1");
    const p2Log = watch(t.p2, t.id);
    await p2Log.waitFor((e) => e.type === "sync");
    const slow = await rawClient(s, await t.token(P1));
    slow.send({
      id: 1,
      method: "subscription",
      params: { path: "interaction.events", input: { interactionId: t.id } },
    });
    await slow.waitFor(
      (m) => (m.result as { data?: { data?: { type?: string } } } | undefined)?.data?.data?.type === "sync",
      "raw sync",
    );
    // The phone stops reading.
    (slow.ws as unknown as { _socket: { pause: () => void } })._socket.pause();
    const text = "x".repeat(900);
    let sent = 0;
    while ((await metric(s, "live_slow_consumer_drops_total")) === 0 && sent < 4_000) {
      // The client batches parallel calls into one frame (hence the larger maxPayload here).
      await Promise.all(
        Array.from({ length: 100 }, () =>
          t.dm.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text }),
        ),
      );
      sent += 100;
    }
    expect(await metric(s, "live_slow_consumer_drops_total")).toBe(1);
    (slow.ws as unknown as { _socket: { resume: () => void } })._socket.resume();
    await slow.closed;
    // Everyone else got every message, and saw the dropped player leave.
    await waitUntil(() => p2Log.of("chat").length === sent, "p2 got all chat");
    await p2Log.waitView((v) => v.presence[P1]?.online === false, "P1 offline after the drop");
    await t.close();
  });

  it("survives a burst of malformed frames and inputs with the server and its rooms unharmed", async () => {
    const s = await server({ maxPayloadBytes: 4_096 });
    const t = await openTable(s, "junk_1");
    await startCombat(t);
    const before = await t.dm.trpc.interaction.state.query({ interactionId: t.id });
    const turn = await currentTurn(t);

    const raw = await rawClient(s, await t.token(P1));
    const junk: unknown[] = [
      "not json",
      "{",
      "[]",
      "null",
      "42",
      '"string"',
      { id: null, method: "query", params: { path: "interaction.state", input: { interactionId: t.id } } },
      { id: 1, method: "nope", params: {} },
      { id: 2, method: "query" },
      { id: 3, method: "query", params: { path: "does.not.exist", input: {} } },
      {
        id: 4,
        method: "mutation",
        params: {
          path: "interaction.moveEntity",
          input: { interactionId: t.id, turnId: "x", entityId: "pc1", path: "north" },
        },
      },
      {
        id: 5,
        method: "mutation",
        params: {
          path: "interaction.moveEntity",
          input: { interactionId: t.id, turnId: turn.id, entityId: "pc1", path: [{ x: 1e9, y: 1 }] },
        },
      },
      {
        id: 6,
        method: "mutation",
        params: {
          path: "interaction.takeTurn",
          input: {
            interactionId: t.id,
            turnId: turn.id,
            entityId: "pc1",
            actionId: "bow",
            targets: ["gob1"],
            extra: true,
          },
        },
      },
      {
        id: 7,
        method: "mutation",
        params: { path: "interaction.sendChat", input: { interactionId: t.id, channel: "shout", text: "" } },
      },
      {
        id: 8,
        method: "subscription",
        params: { path: "interaction.events", input: { interactionId: "../../etc" } },
      },
      {
        id: 9,
        method: "mutation",
        params: { path: "interaction.launch", input: { interactionId: { $ne: 1 } } },
      },
      { id: 10, method: "subscription.stop" },
      [{ id: 11, method: "query", params: { path: "interaction.state", input: null } }, "garbage"],
    ];
    for (let i = 0; i < 5; i++) for (const j of junk) raw.send(j);
    raw.ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]), { binary: true });
    // Every bad input got an error (frames that carry no id are answered with id null), none any data.
    const errors = () => raw.messages.filter((m) => (m as { error?: unknown } | null)?.error);
    await waitUntil(
      () => errors().filter((m) => (m as { id?: unknown }).id === 7).length === 5,
      "an error for the last input of every burst",
    );
    const data = raw.messages.filter(
      (m) => (m as { result?: { type?: string } } | null)?.result?.type === "data",
    );
    expect(data).toEqual([]);
    expect(errors().length).toBeGreaterThanOrEqual(junk.length * 5 - 10);
    // An oversized frame closes only that socket.
    const big = await rawClient(s, await t.token(P1));
    big.send("x".repeat(10_000));
    expect((await big.closed).code).toBe(1009);
    // Bad frames are the client's fault: nothing of it reaches the store's application error log.
    expect(s.memory.errors).toEqual([]);

    const after = await t.dm.trpc.interaction.state.query({ interactionId: t.id });
    expect({ ...after, now: 0 }).toEqual({ ...before, now: 0 }); // the same table, read later
    expect((await fetch(`${s.httpUrl}/healthz`)).status).toBe(200);
    await t.p1.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: turn.id, entityId: "pc1" });
    expect((await currentTurn(t)).entityId).toBe("pc2");
    raw.ws.close();
    await t.close();
  });
});
