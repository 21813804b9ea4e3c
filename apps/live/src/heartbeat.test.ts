import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { type TestServer, startTestServer, waitUntil } from "./testkit";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function open(
  url: string,
  autoPong: boolean,
): Promise<{ ws: WebSocket; closed: () => boolean; pings: () => number }> {
  const ws = new WebSocket(url, { autoPong });
  let closed = false;
  let pings = 0;
  ws.on("close", () => (closed = true));
  ws.on("ping", () => pings++);
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, closed: () => closed, pings: () => pings }));
    ws.once("error", reject);
  });
}

describe("shared heartbeat sweep", () => {
  it("pings every socket, keeps the ones that answer and drops the silent ones", async () => {
    const s = await startTestServer({ heartbeatMs: 200 });
    servers.push(s);
    const live = await open(s.url, true);
    const silent = await open(s.url, false);
    await waitUntil(() => silent.closed(), "silent socket dropped", 3_000);
    expect(silent.pings()).toBeGreaterThanOrEqual(1);
    // Several more sweeps (waited for, not timed: a loaded CI box runs timers late), and the
    // socket that answers is still open.
    await waitUntil(() => live.pings() >= 3, "three pings answered", 5_000);
    expect(live.closed()).toBe(false);
    live.ws.close();
  });
});
