import { connect, type Socket } from "node:net";
import { ConvexError } from "convex/values";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryStore } from "./persistence/memoryStore";
import type { ErrorReport, LoadedInteraction } from "./persistence/store";
import {
  DM,
  type TestServer,
  connectClient,
  failure,
  signToken,
  startTestServer,
  waitUntil,
} from "./testkit";

const servers: TestServer[] = [];
async function server(settings: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer(settings);
  servers.push(s);
  return s;
}
const uncaught: unknown[] = [];
const record = (err: unknown) => uncaught.push(err);
afterEach(async () => {
  process.off("uncaughtException", record);
  uncaught.length = 0;
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const UPGRADE =
  "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

/** A raw TCP client (a browser that may reset, or never close its side) and what it received. */
function rawSocket(port: number, first = UPGRADE) {
  const socket: Socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  const got = { text: "", ended: false, error: null as Error | null, closed: false };
  socket.on("connect", () => socket.write(first));
  socket.on("data", (d: Buffer) => (got.text += d.toString()));
  socket.on("end", () => (got.ended = true));
  socket.on("error", (err) => (got.error = err));
  socket.on("close", () => (got.closed = true));
  return { socket, got, status: () => waitUntil(() => /^HTTP\/1\.1 (\d+)/.exec(got.text)?.[1], "status") };
}

/** The server closed its side for good: writes after its FIN are answered with a reset. */
async function serverClosed(c: ReturnType<typeof rawSocket>): Promise<boolean> {
  await waitUntil(() => c.got.ended, "FIN from the server");
  for (let i = 0; i < 20 && !c.got.error && !c.got.closed; i++) {
    c.socket.write("x");
    await new Promise((r) => setTimeout(r, 25));
  }
  return c.got.error !== null || c.got.closed;
}

describe("refused and rate-limited upgrades", () => {
  it("survives clients resetting connections over the limit, and does not keep them half-open", async () => {
    process.on("uncaughtException", record);
    const s = await server({ rateConnectionsPerMinute: 1 });
    const first = rawSocket(s.port);
    expect(await first.status()).toBe("101");

    // Over the limit: opened and closed at once (a browser reads the close code), then reset.
    const reset = rawSocket(s.port);
    expect(await reset.status()).toBe("101");
    reset.socket.resetAndDestroy();
    // Resets that reach the server before its answer is written.
    const hasty = Array.from({ length: 10 }, () => {
      const c = connect({ port: s.port, host: "127.0.0.1" });
      c.on("error", () => undefined);
      c.on("connect", () => c.write(UPGRADE, () => c.resetAndDestroy()));
      return c;
    });
    await waitUntil(() => hasty.every((c) => c.destroyed), "hasty clients gone");

    // One that never answers the server's close is let go after a short wait.
    const lingering = rawSocket(s.port);
    expect(await lingering.status()).toBe("101");
    expect(await serverClosed(lingering)).toBe(true);

    await new Promise((r) => setTimeout(r, 100));
    expect(uncaught).toEqual([]);
    expect((await fetch(`${s.httpUrl}/healthz`)).status).toBe(200);
    first.socket.destroy();
    lingering.socket.destroy();
  });

  it("survives a client resetting an upgrade refused (503) during shutdown", async () => {
    process.on("uncaughtException", record);
    const s = await server();
    // Half a request before the stop: a busy connection, which closing the server keeps.
    const late = rawSocket(s.port, UPGRADE.slice(0, 20));
    await waitUntil(() => late.socket.bytesWritten > 0, "request start");
    const stopping = s.stop();
    late.socket.write(UPGRADE.slice(20));
    expect(await late.status()).toBe("503");
    expect(late.got.text).toContain("SHUTTING_DOWN");
    late.socket.resetAndDestroy();
    await stopping;
    await new Promise((r) => setTimeout(r, 100));
    expect(uncaught).toEqual([]);
  });
});

/**
 * Refuses every load as a wrong service secret does (an error the server reports), and takes
 * error reports as scripted per call: "fail" (an outage), "lost" (stored, but the answer is lost).
 */
class FlakyErrorLog extends MemoryStore {
  calls = 0;
  constructor(private readonly script: ("fail" | "lost")[]) {
    super();
  }
  override loadForRoom(): Promise<LoadedInteraction | null> {
    return Promise.reject(new ConvexError({ kind: "forbidden", message: "Invalid service secret" }));
  }
  override async logError(report: ErrorReport): Promise<void> {
    const step = this.script[this.calls++];
    if (step === "fail") throw new TypeError("fetch failed");
    await super.logError(report);
    if (step === "lost") throw new TypeError("fetch failed");
  }
}

describe("error reports", () => {
  async function reportOne(s: TestServer) {
    const dm = connectClient(s, await signToken(s.keys, DM));
    expect(await failure(dm.trpc.interaction.launch.mutate({ interactionId: "any" }))).toMatchObject({
      appCode: "STORE_MISCONFIGURED",
    });
    await dm.close();
  }
  const reported = (store: MemoryStore) =>
    store.errors.filter((e) => e.message.includes("Invalid service secret"));

  it("retries a report the store failed to take until it lands, keeping one row when an answer was lost", async () => {
    const store = new FlakyErrorLog(["lost", "fail", "fail"]);
    const s = await startTestServer({ snapshotRetryBaseMs: 5, snapshotRetryMaxMs: 20 }, store);
    servers.push(s);
    await reportOne(s);
    await waitUntil(() => store.calls === 4, "the report's fourth attempt");
    await new Promise((r) => setTimeout(r, 50));
    expect(store.calls).toBe(4);
    expect(reported(store)).toHaveLength(1);
  });

  it("sends a report waiting out a long backoff at shutdown", async () => {
    const store = new FlakyErrorLog(["fail"]);
    const s = await startTestServer({ snapshotRetryBaseMs: 60_000, snapshotRetryMaxMs: 60_000 }, store);
    servers.push(s);
    await reportOne(s);
    await waitUntil(() => store.calls === 1, "the report's first attempt");
    expect(reported(store)).toEqual([]);
    await s.stop();
    expect(reported(store)).toHaveLength(1);
  });
});
