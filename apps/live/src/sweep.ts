import type { WebSocket } from "ws";
import type { Logger } from "./logger";
import type { Connection } from "./trpc/context";

/**
 * Heartbeats and the bounded connection lifetime for every socket, in one timer (no timers per
 * socket).
 *
 * Every write is a syscall (30–70 µs on the bench machine). Pinging every socket in one tick held
 * the event loop ~30 ms at 1,000 sockets (bench: longest loop stall 30–35 ms in windows with a
 * ping round, 8–12 ms without) and would hold it ~0.5 s at 15,000, delaying every command queued
 * behind it. So each socket has a ping slot and a tick pings one slot, which spreads a round over
 * the whole period; and writes leave in chunks, one chunk per turn of the event loop, so commands
 * run in between. Lifetimes end somewhere in the last tenth of the bound, so sockets that opened
 * together (a deploy, a reconnect wave) are not all told to reconnect in the same tick.
 */
export type SweepOptions = {
  heartbeatMs: number;
  lifetimeMs: number;
  now: () => number;
  random: () => number;
  log: Logger;
  sockets: () => Iterable<WebSocket>;
  connectionOf: (ws: WebSocket) => Connection | undefined;
};

/** Socket writes per turn of the event loop. */
export const WRITES_PER_TURN = 32;
/** How long a socket told to reconnect keeps working before it is cut. */
export const RETIRE_GRACE_MS = 10_000;
const RECONNECT_NOTICE = JSON.stringify({ id: null, method: "reconnect" });

export type Sweep = {
  /** A new socket's place in the sweep: its ping slot and when its lifetime ends. */
  schedule: (openedAt: number) => Pick<Connection, "pingSlot" | "expiresAt">;
  /** One sweep step (the timer calls it every `tickMs`). */
  tick: () => void;
  tickMs: number;
  slots: number;
};

export function createSweep(opts: SweepOptions): Sweep {
  const { heartbeatMs, lifetimeMs, now, random, log } = opts;
  // A few ticks per period of the shorter bound, at most one per second.
  const tickMs = Math.max(50, Math.min(1_000, Math.floor(heartbeatMs / 4), Math.floor(lifetimeMs / 4)));
  const slots = Math.max(1, Math.round(heartbeatMs / tickMs));
  let nextSlot = 0;
  let ticks = 0;
  const pending: { ws: WebSocket; ping: boolean }[] = [];
  let draining = false;

  const drain = (): void => {
    const batch = pending.splice(0, WRITES_PER_TURN);
    for (const { ws, ping } of batch) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ping) ws.ping();
      else ws.send(RECONNECT_NOTICE);
    }
    if (pending.length > 0) setImmediate(drain);
    else draining = false;
  };

  return {
    tickMs,
    slots,
    schedule(openedAt) {
      const pingSlot = nextSlot;
      nextSlot = (nextSlot + 1) % slots;
      return { pingSlot, expiresAt: openedAt + lifetimeMs - Math.floor(random() * lifetimeMs * 0.1) };
    },
    tick() {
      const t = now();
      const slot = ticks;
      ticks = (ticks + 1) % slots;
      for (const ws of opts.sockets()) {
        const conn = opts.connectionOf(ws);
        if (!conn) continue;
        // Opened with `connectionParams=1` and never sent them: no user behind it, nothing to keep.
        if (conn.session === null && t >= conn.authBy) {
          log.debug({ connId: conn.id }, "no session token in time; closing the socket");
          ws.close(4401, "no session token");
          continue;
        }
        if (conn.retireAt !== null) {
          if (t >= conn.retireAt) ws.terminate();
          continue;
        }
        if (t >= conn.expiresAt) {
          conn.retireAt = t + RETIRE_GRACE_MS;
          pending.push({ ws, ping: false });
          continue;
        }
        if (conn.pingSlot !== slot) continue;
        // Silent for a whole period: nothing came back since the previous ping.
        if (!conn.alive) {
          log.debug(
            { connId: conn.id, userId: conn.session?.userId },
            "no heartbeat answer; dropping the socket",
          );
          ws.terminate();
          continue;
        }
        conn.alive = false;
        pending.push({ ws, ping: true });
      }
      if (pending.length > 0 && !draining) {
        draining = true;
        drain();
      }
    },
  };
}
