// Load process: holds every client connection of a run, drives the rooms' bots at a fixed
// rate and measures, on this process' own clock, the time from a command's scheduled send
// to the moment the last of its room's seats has the resulting version.
//
// Each room has at most one command in flight (a table plays one move at a time). A command
// that falls due while the previous one is still in flight waits, and its latency still
// counts from when it fell due, so an overloaded server cannot hide its queueing delay; one
// whose timer fired early counts from when it was sent.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { serve, type Request } from "./ipc";
import type { Brain, DeltaBytes, PeerClient, SeatHandle } from "./peer";
import { windowProbes } from "./probes";
import { type CommandTimes, latencyStart } from "./stages";
import { summarize } from "./stats";

interface LoadRoom {
  index: number;
  seats: (SeatHandle | undefined)[];
  seen: number[];
  version: number;
  brain: Brain;
  pending?: { target: number; t0: number; sent: number; first?: number; type: string };
  backlog: number[];
}

interface Window {
  start: number;
  measureFrom: number;
  end: number;
  samples: number[];
  completed: number;
  sent: number;
  /** `--stages`: every measured command's times (epoch ms, see stages.ts). */
  stages?: CommandTimes[];
  /** `--trace-slow`: print measured commands slower than this (ms). */
  traceSlowMs: number;
  /** Return every sample (goal-point rounds, pooled by the orchestrator). */
  keepSamples: boolean;
}

let client: PeerClient | undefined;
const rooms = new Map<number, LoadRoom>();
let win: Window | undefined;
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

function onVersion(room: LoadRoom, seat: number, version: number, state: unknown): void {
  room.seen[seat] = version;
  room.brain.observe(seat, version, state);
  const p = room.pending;
  if (!p) {
    room.version = Math.max(room.version, version);
    return;
  }
  if (p.first === undefined && version >= p.target) p.first = performance.now();
  for (let s = 0; s < room.seats.length; s++) if (room.seats[s] && (room.seen[s] ?? -1) < p.target) return;
  const now = performance.now();
  room.pending = undefined;
  room.version = p.target;
  room.brain.done();
  if (win) {
    win.completed++;
    if (p.t0 >= win.measureFrom && p.t0 < win.end) {
      win.samples.push(now - p.t0);
      const at = performance.timeOrigin;
      win.stages?.push({
        room: room.index,
        due: at + p.t0,
        sent: at + p.sent,
        first: at + (p.first ?? now),
        last: at + now,
      });
      if (now - p.t0 > win.traceSlowMs)
        console.log(
          `slow ${(now - p.t0).toFixed(1)} ms at +${(p.t0 - win.start).toFixed(0)} room ${room.index} ${p.type}` +
            ` (sent ${signed(p.sent - p.t0)}, first seat ${signed((p.first ?? now) - p.t0)})`,
        );
    }
  }
  const due = room.backlog.shift();
  if (due !== undefined) send(room, due);
}

let rejections = 0;
let firstRejection = "";

function onReject(room: LoadRoom, cmd: unknown, err: unknown): void {
  rejections++;
  firstRejection ||= `${JSON.stringify(cmd)}: ${err instanceof Error ? err.message : String(err)}`;
  room.pending = undefined;
  room.brain.rejected?.(cmd);
  const due = room.backlog.shift();
  if (due !== undefined) send(room, due);
}

/** Milliseconds after (or, timers firing early, before) the due time, for `--trace-slow`. */
const signed = (ms: number): string => `${ms < 0 ? "" : "+"}${ms.toFixed(1)}`;

/** The command's kind for `--trace-slow` (Roundtable's commands carry a `type`, the peers' a `kind`). */
function commandType(cmd: unknown): string {
  const c = cmd as { type?: unknown; kind?: unknown } | null;
  const kind = c?.type ?? c?.kind;
  return typeof kind === "string" ? kind : "?";
}

function send(room: LoadRoom, due: number): void {
  const t0 = latencyStart(due, performance.now());
  const { seat, cmd } = room.brain.next();
  const handle = room.seats[seat];
  if (!handle) throw new Error(`room ${room.index} has no seat ${seat}`);
  room.pending = { target: room.version + 1, t0, sent: performance.now(), type: commandType(cmd) };
  if (win) win.sent++;
  handle.send(cmd);
}

async function connect(
  from: number,
  to: number,
  seats: number[],
  parallel: number,
): Promise<Record<string, unknown>> {
  if (!client) throw new Error("init first");
  const c = client;
  const t = performance.now();
  let nextRoom = from;
  let failures = 0;
  let firstError = "";
  const worker = async () => {
    while (nextRoom < to) {
      const index = nextRoom++;
      let room = rooms.get(index);
      if (!room) {
        room = { index, seats: [], seen: [], version: 0, brain: c.brain(index), backlog: [] };
        rooms.set(index, room);
      }
      const r = room;
      for (const seat of seats) {
        try {
          // Joined means the seat has its first state, so join traffic stays out of the windows.
          let first!: () => void;
          const synced = new Promise<void>((resolve) => (first = resolve));
          r.seats[seat] = await c.join(
            index,
            seat,
            (v, state) => {
              first();
              onVersion(r, seat, v, state);
            },
            (cmd, err) => onReject(r, cmd, err),
          );
          await Promise.race([
            synced,
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error("no state 10 s after joining")), 10_000),
            ),
          ]);
        } catch (e) {
          failures++;
          firstError ||= e instanceof Error ? e.message : String(e);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return { ms: performance.now() - t, failures, firstError };
}

async function disconnect(from: number, to: number): Promise<Record<string, unknown>> {
  const closing: Promise<void>[] = [];
  for (let i = from; i < to; i++) {
    const room = rooms.get(i);
    if (!room) continue;
    for (const s of room.seats) if (s) closing.push(s.close().catch(() => {}));
    rooms.delete(i);
  }
  await Promise.all(closing);
  return { closed: closing.length };
}

function bytesRead(active: LoadRoom[]): number {
  let sum = 0;
  for (const r of active) for (const s of r.seats) sum += s?.bytesRead() ?? 0;
  return sum;
}

/** The window's sampled change-message sizes (NaN for a peer that does not send JSON). */
function deltaSizes(d: DeltaBytes | undefined): { deltaJsonBytes: number; deltaJsonMedianBytes: number } {
  return { deltaJsonBytes: d?.meanBytes ?? NaN, deltaJsonMedianBytes: d?.medianBytes ?? NaN };
}

async function run(req: Request): Promise<Record<string, unknown>> {
  const nRooms = Number(req.rooms);
  const rate = Number(req.ratePerRoom);
  const seconds = Number(req.seconds);
  const warmup = Number(req.warmup);
  const active = [...rooms.values()].filter((r) => r.index < nRooms);
  const interval = 1000 / rate;
  const start = performance.now() + 20;
  const w: Window = {
    start,
    measureFrom: start + warmup * 1000,
    end: start + seconds * 1000,
    samples: [],
    completed: 0,
    sent: 0,
    ...(req.stages === true ? { stages: [] } : {}),
    traceSlowMs: typeof req.traceSlowMs === "number" ? req.traceSlowMs : Infinity,
    keepSamples: req.samples === true,
  };
  win = w;
  for (const r of active) r.backlog = [];
  const bytes0 = bytesRead(active);
  const cpu0 = process.cpuUsage();
  client?.takeDeltaBytes?.();
  loopDelay.reset();
  rejections = 0;
  firstRejection = "";
  const timers: NodeJS.Timeout[] = [];
  // One self-rescheduling timer per room, staggered across the interval.
  active.forEach((room, i) => {
    let due = start + (i / active.length) * interval;
    const tick = () => {
      if (due >= w.end) return;
      if (room.pending) room.backlog.push(due);
      else send(room, due);
      due += interval;
      timers[i] = setTimeout(tick, Math.max(0, due - performance.now()));
    };
    timers[i] = setTimeout(tick, Math.max(0, due - performance.now()));
  });
  await new Promise((r) => setTimeout(r, Math.max(0, w.end - performance.now())));
  timers.forEach((t) => clearTimeout(t));
  // Drain: wait (bounded) for commands still in flight.
  const drainUntil = performance.now() + 5000;
  while (active.some((r) => r.pending || r.backlog.length) && performance.now() < drainUntil) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const stuck = active.filter((r) => r.pending || r.backlog.length).length;
  const lost = active.reduce((n, r) => n + (r.pending ? 1 : 0) + r.backlog.length, 0);
  for (const r of active) {
    // A room whose command never came back is reset to the version it shows, so one lost
    // command does not stall the next window.
    r.pending = undefined;
    r.backlog = [];
  }
  const cpu = process.cpuUsage(cpu0);
  const elapsed = performance.now() - start;
  win = undefined;
  const deliveries = w.completed * (active[0]?.seats.filter(Boolean).length ?? 0);
  return {
    latency: summarize(w.samples),
    ...(w.keepSamples ? { samples: w.samples } : {}),
    sent: w.sent,
    completed: w.completed,
    lost,
    stuck,
    achievedPerSec: (w.completed / elapsed) * 1000,
    bytesPerDelivery: deliveries ? (bytesRead(active) - bytes0) / deliveries : NaN,
    clientCpuPct: ((cpu.user + cpu.system) / 1000 / elapsed) * 100,
    clientLagMaxMs: loopDelay.max / 1e6,
    ...deltaSizes(client?.takeDeltaBytes?.()),
    rejected: rejections,
    firstRejection,
    ...(w.stages ? { stages: w.stages } : {}),
  };
}

/**
 * Closed-loop commands, `extra(i)` for room i, unmeasured: warms up the processes and puts
 * the rooms at different points of the fight, so round ends (and the snapshots they cause)
 * are spread out as at real tables rather than falling in the same second everywhere.
 */
async function prime(from: number, to: number, spread: number): Promise<Record<string, unknown>> {
  const t = performance.now();
  // Bounded: a server that cannot keep up leaves the rest of its rooms unprimed.
  const deadline = t + 60_000;
  const rooms_ = [...rooms.values()].filter((r) => r.index >= from && r.index < to);
  let done = 0;
  await Promise.all(
    rooms_.map(async (room) => {
      const count = 2 + (room.index % spread);
      for (let k = 0; k < count && performance.now() < deadline; k++) {
        send(room, performance.now());
        const until = Math.min(deadline, performance.now() + 10_000);
        while (room.pending && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
        room.pending = undefined;
        done++;
      }
    }),
  );
  return { ms: performance.now() - t, commands: done };
}

/** The peer this process loads, for its profiles' file names. */
let peerName = "unknown";

serve({
  // Its garbage collection in every measured window; with `--probe=load` also the profiles.
  ...windowProbes(() => `${peerName}-load`),
  prime: (req) => prime(Number(req.from), Number(req.to), Number(req.spread)),
  init: async (req) => {
    const url = String(req.url);
    peerName = String(req.peer);
    switch (req.peer) {
      case "colyseus-immediate":
      case "colyseus-default": {
        const { colyseusClient } = await import("../peers/colyseusClient");
        client = colyseusClient(url);
        break;
      }
      case "naive": {
        const { naiveClient } = await import("../peers/naiveClient");
        client = naiveClient(url);
        break;
      }
      case "roundtable": {
        const { roundtableClient } = await import("../peers/roundtableClient");
        client = roundtableClient(url, req.info);
        break;
      }
      case "roundtable-wire": {
        const { roundtableWireClient } = await import("../peers/roundtableWireClient");
        client = roundtableWireClient(url, req.info);
        break;
      }
      default:
        throw new Error(`unknown peer ${String(req.peer)}`);
    }
    return {};
  },
  connect: (req) =>
    connect(Number(req.from), Number(req.to), req.seats as number[], Number(req.parallel ?? 20)),
  disconnect: (req) => disconnect(Number(req.from), Number(req.to)),
  run,
  exit: () => {
    setTimeout(() => process.exit(0), 50);
    return {};
  },
});
