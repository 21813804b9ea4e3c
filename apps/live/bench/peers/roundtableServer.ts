// Roundtable's live server as production runs it (startLiveServer, MemoryStore, real token
// verification), via the test kit: tokens are signed with a key made here, and the rate
// limits are raised so one load process on loopback may open every bench connection.
import { exportPKCS8 } from "jose";
import { benchSetup, BENCH_ROOMS_MAX } from "./roundtableSetup";
import { startTestServer } from "../../src/testkit";
import type { PeerServer } from "../lib/peer";
import { storePath } from "../lib/storePath";
import type { DispatchTimes } from "../lib/stages";
import { Room } from "../../src/room/room";

export interface RoundtableInfo {
  pkcs8: string;
  kid: string;
}

export async function startRoundtable(): Promise<PeerServer> {
  const server = await startTestServer({
    rateConnectionsPerMinute: 100_000,
    rateMessagesPerMinute: 100_000,
    rateActionsPerMinute: 100_000,
  });
  for (let i = 0; i < BENCH_ROOMS_MAX; i++) server.memory.seed(`bench-${i}`, benchSetup(i));
  const info: RoundtableInfo = { pkcs8: await exportPKCS8(server.keys.privateKey), kid: server.keys.kid };
  return {
    url: server.url,
    info,
    stop: async () => {
      await server.stop();
    },
    // A round ending in every room at the same instant: each room queues its snapshot as the
    // engine's round_end effect makes it do (Room.snapshot), all in one synchronous pass.
    storm: async () => {
      const t0 = performance.now();
      const rooms = server.registry.all();
      for (const room of rooms) room.snapshot("round_end");
      const queueMs = performance.now() - t0;
      const { unflushed } = await server.persistence.flush(30_000);
      if (unflushed.length)
        throw new Error(`storm: ${unflushed.length} snapshots still unwritten after 30 s`);
      return { rooms: rooms.length, queueMs, drainMs: performance.now() - t0 };
    },
    traceDispatches: () => {
      traceDispatches();
      dispatches = [];
    },
    takeDispatches: () => {
      const taken = dispatches ?? [];
      dispatches = null;
      return taken;
    },
    storePath: (seconds) =>
      storePath(
        server.registry.all().map((r) => ({ id: r.id, state: r.current() })),
        seconds,
      ),
  };
}

/** `--stages`: while a list is set, every bench room's `dispatch` (rules, fan-out, writes) is timed into it. */
let dispatches: DispatchTimes[] | null = null;
let traced = false;

function traceDispatches(): void {
  if (traced) return;
  traced = true;
  // Called with each room as `this` below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const dispatch = Room.prototype.dispatch;
  Room.prototype.dispatch = function (this: Room, ...args: Parameters<Room["dispatch"]>) {
    if (!dispatches) return dispatch.apply(this, args);
    const start = performance.now();
    try {
      return dispatch.apply(this, args);
    } finally {
      const room = Number(this.id.slice("bench-".length));
      if (this.id.startsWith("bench-"))
        dispatches.push({ room, start: performance.timeOrigin + start, ms: performance.now() - start });
    }
  };
}
