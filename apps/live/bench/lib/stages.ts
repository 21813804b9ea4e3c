// `--stages`: where a command's time goes, from the load process' timer to the last seat, so a
// tail can be pinned on the load process, the server or the fan-out. Times are epoch
// milliseconds (`performance.timeOrigin + performance.now()`), comparable across the bench's
// processes on one machine.
import { median } from "./stats";

/** One measured command, as the load process saw it. */
export interface CommandTimes {
  room: number;
  /** When its latency starts (`latencyStart`): when it fell due, or when the load process took it up if earlier. */
  due: number;
  /** When the load process sent it (later than `due` when its loop was busy or a command was in flight). */
  sent: number;
  /** When the first of the room's seats had the resulting version. */
  first: number;
  /** When the last one had it (the measured latency ends here). */
  last: number;
}

/**
 * When a command's latency starts: when it fell due, or when the load process took it up to send
 * it (`takenAt`) if that was earlier. Node's timers fire up to ~1 ms early here; a command sent
 * then is timed from then, while one sent late (the load process busy, the room's previous
 * command in flight) still counts from when it fell due, so a server that falls behind cannot
 * hide its queue.
 */
export const latencyStart = (due: number, takenAt: number): number => Math.min(due, takenAt);

/** One command as the server handled it (Roundtable: `Room.dispatch`, engine to socket writes). */
export interface DispatchTimes {
  room: number;
  start: number;
  ms: number;
}

export interface StageTimes {
  /** Due → sent: the load process' timer and queue. */
  timer: number;
  /** Sent → first seat has it. */
  toFirst: number;
  /** First seat → last seat: the rest of the fan-out and the load process reading it. */
  spread: number;
  /** Sent → the server starts the command (transport, parsing, the RPC layer). Server-traced peers only. */
  toDispatch?: number;
  /** The server's handling: rules, fan-out, socket writes. */
  dispatch?: number;
  /** Handling done → last seat has it. */
  afterDispatch?: number;
}

export interface StageSplit {
  commands: number;
  /** Medians over every command. */
  all: StageTimes;
  /** Means over the slowest `share` of commands (by latency), the ones that make the p99. */
  slowest: StageTimes & { commands: number; latency: number };
}

/** The server's dispatch of `c`: the first of its room's dispatches that started between its send and its last seat. */
function dispatchOf(c: CommandTimes, byRoom: Map<number, DispatchTimes[]>): DispatchTimes | undefined {
  // 0.5 ms of slack: the two processes read the same clock, but not at the same instant.
  return byRoom.get(c.room)?.find((d) => d.start >= c.sent - 0.5 && d.start <= c.last);
}

function stageTimes(c: CommandTimes, d: DispatchTimes | undefined): StageTimes {
  const t: StageTimes = { timer: c.sent - c.due, toFirst: c.first - c.sent, spread: c.last - c.first };
  if (d) {
    t.toDispatch = d.start - c.sent;
    t.dispatch = d.ms;
    t.afterDispatch = c.last - (d.start + d.ms);
  }
  return t;
}

const KEYS = ["timer", "toFirst", "spread", "toDispatch", "dispatch", "afterDispatch"] as const;

function combine(times: StageTimes[], f: (xs: number[]) => number): StageTimes {
  const out: StageTimes = { timer: NaN, toFirst: NaN, spread: NaN };
  for (const k of KEYS) {
    const xs = times.map((t) => t[k]).filter((x): x is number => x !== undefined);
    if (xs.length) out[k] = f(xs);
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Splits each command's latency into stages: medians of all, means of the slowest `share`. */
export function splitStages(commands: CommandTimes[], dispatches: DispatchTimes[], share = 0.01): StageSplit {
  const byRoom = new Map<number, DispatchTimes[]>();
  for (const d of [...dispatches].sort((a, b) => a.start - b.start)) {
    const list = byRoom.get(d.room) ?? [];
    list.push(d);
    byRoom.set(d.room, list);
  }
  const rows = commands.map((c) => ({
    latency: c.last - c.due,
    stages: stageTimes(c, dispatchOf(c, byRoom)),
  }));
  const slow = [...rows]
    .sort((a, b) => b.latency - a.latency)
    .slice(0, Math.max(1, Math.ceil(rows.length * share)));
  return {
    commands: rows.length,
    all: combine(
      rows.map((r) => r.stages),
      median,
    ),
    slowest: {
      commands: slow.length,
      latency: mean(slow.map((r) => r.latency)),
      ...combine(
        slow.map((r) => r.stages),
        mean,
      ),
    },
  };
}
