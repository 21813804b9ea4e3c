import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLiveClient, LIVE_SOCKET_TIMING } from "./client";

/**
 * A tiny WebSocket server (apps/web has no `ws` dependency): the handshake, small text frames,
 * PING → PONG (counted), an answer to each call and a `started` for each subscription, and the close
 * handshake. `open` counts the sockets open now. The first `refuse` calls are refused as the live
 * server refuses an expired token: UNAUTHENTICATED, then the socket closed with 4401.
 */
async function tinyLiveServer({ refuse = 0 } = {}) {
  const sockets = new Set<Socket>();
  let pings = 0;
  const server: Server = createServer();
  const send = (socket: Socket, text: string | Buffer, opcode = 0x1) => {
    if (!socket.writable) return; // we closed it (a refusal); the client's close frame needs no answer
    const payload = typeof text === "string" ? Buffer.from(text) : text;
    const header =
      payload.length < 126
        ? Buffer.from([0x80 | opcode, payload.length])
        : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
    socket.write(Buffer.concat([header, payload]));
  };
  const answer = (socket: Socket, text: string) => {
    if (text === "PING") {
      pings++;
      return send(socket, "PONG");
    }
    const parsed = JSON.parse(text) as unknown;
    for (const msg of (Array.isArray(parsed) ? parsed : [parsed]) as { id?: number; method: string }[]) {
      if (msg.method === "subscription")
        send(socket, JSON.stringify({ id: msg.id, result: { type: "started" } }));
      else if ((msg.method === "query" || msg.method === "mutation") && refuse > 0) {
        refuse--;
        const data = { code: "UNAUTHORIZED", appCode: "UNAUTHENTICATED", details: { reason: "expired" } };
        const message = "Session token rejected (expired): JWT is expired.";
        send(socket, JSON.stringify({ id: msg.id, error: { code: -32001, message, data } }));
        const code = Buffer.alloc(2);
        code.writeUInt16BE(4401);
        send(socket, Buffer.concat([code, Buffer.from("unauthorized")]), 0x8);
        socket.end();
      } else if (msg.method === "query" || msg.method === "mutation")
        send(socket, JSON.stringify({ id: msg.id, result: { type: "data", data: [] } }));
    }
  };
  server.on("upgrade", (req, socket: Socket) => {
    const accept = createHash("sha1")
      .update(`${String(req.headers["sec-websocket-key"])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Client frames are masked; ours are small (no 64-bit lengths).
      while (buffered.length >= 6) {
        const opcode = buffered[0]! & 0x0f;
        let length = buffered[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          length = buffered.readUInt16BE(2);
          offset = 4;
        }
        if (buffered.length < offset + 4 + length) return;
        const mask = buffered.subarray(offset, offset + 4);
        const payload = Buffer.from(buffered.subarray(offset + 4, offset + 4 + length));
        for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
        buffered = buffered.subarray(offset + 4 + length);
        if (opcode === 0x8) {
          send(socket, "", 0x8);
          socket.end();
          return;
        }
        if (opcode === 0x1) answer(socket, payload.toString());
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => sockets.size,
    pings: () => pings,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The app's timing, 50 times faster: what matters is how its parts compare. */
const fast = {
  closeMs: LIVE_SOCKET_TIMING.closeMs / 50,
  intervalMs: LIVE_SOCKET_TIMING.intervalMs / 50,
  pongTimeoutMs: LIVE_SOCKET_TIMING.pongTimeoutMs / 50,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function setup(opts?: { refuse?: number }) {
  const server = await tinyLiveServer(opts);
  const tokenAsks: unknown[] = [];
  const getToken = (options?: unknown) => {
    tokenAsks.push(options);
    return Promise.resolve("token");
  };
  const live = createLiveClient({ url: server.url, getToken, timing: fast });
  cleanup.push(() => live.close(), server.stop);
  return { server, live, tokenAsks };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await sleep(10);
  expect(check()).toBe(true);
}

describe("the live socket", () => {
  it("closes when idle, though the server answers its heartbeats", async () => {
    const { server, live } = await setup();
    await live.client.admin.scenarios.query();
    expect(server.open()).toBe(1);
    // several heartbeats' worth of quiet
    await sleep(fast.intervalMs * 6);
    expect(server.open()).toBe(0);
    expect(live.ws.connectionState.get().state).toBe("idle");
  });

  it("stays open, with heartbeats, while a table is subscribed, and closes once it is not", async () => {
    const { server, live } = await setup();
    const sub = live.client.interaction.events.subscribe({ interactionId: "int_1" }, {});
    await sleep(fast.intervalMs * 6);
    expect(server.open()).toBe(1);
    expect(server.pings()).toBeGreaterThan(2);
    expect(live.ws.connectionState.get().state).toBe("pending");
    sub.unsubscribe();
    await sleep(fast.intervalMs * 6);
    expect(server.open()).toBe(0);
  });
});

describe("the live client after the server refused its session token", () => {
  it("fetches a fresh token for its next connection instead of resending the cached one", async () => {
    const { server, live, tokenAsks } = await setup({ refuse: 1 });
    await expect(live.client.admin.scenarios.query()).rejects.toMatchObject({
      data: { appCode: "UNAUTHENTICATED" },
    });
    await until(() => server.open() === 0);
    await live.client.admin.scenarios.query();
    expect(tokenAsks).toEqual([undefined, { forceRefresh: true }]);
    // and only that once: later connections use the cache again
    await until(() => server.open() === 0);
    await live.client.admin.scenarios.query();
    expect(tokenAsks).toEqual([undefined, { forceRefresh: true }, undefined]);
  });
});
