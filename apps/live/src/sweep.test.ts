import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { createLogger } from "./logger";
import { RETIRE_GRACE_MS, WRITES_PER_TURN, createSweep } from "./sweep";
import type { Connection } from "./trpc/context";

type FakeSocket = {
  readyState: number;
  OPEN: number;
  pings: number;
  sent: string[];
  terminated: boolean;
  ping(): void;
  send(data: string): void;
  terminate(): void;
};

function fakeSocket(): FakeSocket {
  return {
    readyState: 1,
    OPEN: 1,
    pings: 0,
    sent: [],
    terminated: false,
    ping() {
      this.pings++;
    },
    send(data) {
      this.sent.push(data);
    },
    terminate() {
      this.terminated = true;
      this.readyState = 3;
    },
  };
}

const turn = () => new Promise((r) => setImmediate(r));

/** A sweep over `n` sockets opened at time 0, with a clock the test moves. */
function table(n: number, settings: { heartbeatMs: number; lifetimeMs: number }, random = () => 0.5) {
  let t = 0;
  const sockets = Array.from({ length: n }, fakeSocket);
  const conns = new Map<FakeSocket, Connection>();
  const sweep = createSweep({
    ...settings,
    now: () => t,
    random,
    log: createLogger("silent"),
    sockets: () => sockets as unknown as WebSocket[],
    connectionOf: (ws) => conns.get(ws as unknown as FakeSocket),
  });
  for (const ws of sockets)
    conns.set(ws, { alive: true, retireAt: null, ...sweep.schedule(0) } as unknown as Connection);
  return {
    sweep,
    sockets,
    conns,
    now: () => t,
    /** Runs one tick at the next tick time, then lets every chunk of writes go out. */
    step: async () => {
      t += sweep.tickMs;
      sweep.tick();
      for (let i = 0; i < n / WRITES_PER_TURN + 2; i++) await turn();
    },
  };
}

describe("socket sweep", () => {
  it("pings every socket once per heartbeat period, spread over the period's ticks", async () => {
    const { sweep, sockets, conns, step } = table(300, { heartbeatMs: 30_000, lifetimeMs: 3_600_000 });
    expect(sweep.slots).toBe(30);
    const perTick: number[] = [];
    for (let i = 0; i < sweep.slots; i++) {
      const before = sockets.reduce((s, ws) => s + ws.pings, 0);
      await step();
      perTick.push(sockets.reduce((s, ws) => s + ws.pings, 0) - before);
      for (const c of conns.values()) c.alive = true; // every client answered
    }
    expect(sockets.every((ws) => ws.pings === 1)).toBe(true);
    expect(Math.max(...perTick)).toBe(10);
    expect(sockets.some((ws) => ws.terminated)).toBe(false);
  });

  it("drops a socket that stayed silent for a whole period, and only that one", async () => {
    const { sweep, sockets, conns, step } = table(4, { heartbeatMs: 4_000, lifetimeMs: 3_600_000 });
    const silent = sockets[2]!;
    for (let i = 0; i < 2 * sweep.slots; i++) {
      await step();
      for (const [ws, c] of conns) if (ws !== silent) c.alive = true;
    }
    expect(silent.terminated).toBe(true);
    expect(silent.pings).toBe(1);
    expect(sockets.filter((ws) => ws.terminated)).toEqual([silent]);
  });

  it("writes a round bigger than one chunk over several turns of the event loop", async () => {
    // A 50 ms heartbeat has one slot: every socket is due in the same tick.
    const { sweep, sockets } = table(WRITES_PER_TURN * 3 + 5, { heartbeatMs: 50, lifetimeMs: 3_600_000 });
    expect(sweep.slots).toBe(1);
    const pinged = () => sockets.filter((ws) => ws.pings > 0).length;
    sweep.tick();
    expect(pinged()).toBe(WRITES_PER_TURN);
    await turn();
    expect(pinged()).toBe(WRITES_PER_TURN * 2);
    await turn();
    await turn();
    expect(pinged()).toBe(sockets.length);
  });

  it("ends lifetimes within the last tenth of the bound, asks to reconnect, and cuts after the grace", async () => {
    const randoms = [0, 0.5, 0.999];
    let r = 0;
    const { sockets, conns, step, now } = table(
      3,
      { heartbeatMs: 30_000, lifetimeMs: 100_000 },
      () => randoms[r++]!,
    );
    const noticeAt: (number | undefined)[] = [];
    while (now() < 100_000 + RETIRE_GRACE_MS + 2_000) {
      await step();
      for (const c of conns.values()) c.alive = true;
      sockets.forEach((ws, i) => {
        if (ws.sent.length > 0) noticeAt[i] ??= now();
      });
    }
    for (const ws of sockets)
      expect(ws.sent.map((m) => JSON.parse(m) as unknown)).toEqual([{ id: null, method: "reconnect" }]);
    // Spread over the last tenth, never past the bound (ticks are 1 s apart).
    expect(noticeAt).toEqual([100_000, 95_000, 91_000]);
    expect(sockets.every((ws) => ws.terminated)).toBe(true);
  });
});
