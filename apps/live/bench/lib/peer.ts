// What every peer under test provides: a server (started in the server process) and, in
// the load process, a way to seat clients in rooms and hear which version each one has.
import { createServer } from "node:net";
import WebSocket from "ws";
import { median } from "./stats";
import type { DispatchTimes } from "./stages";

export interface PeerServer {
  url: string;
  /** Extra data the load process needs (e.g. signed session tokens). */
  info?: unknown;
  stop(): Promise<void>;
  /**
   * Snapshot storm (Roundtable only): every live room queues a round-end snapshot at this
   * instant. Returns how long queuing took (on the command path) and when all were written.
   */
  storm?(): Promise<{ rooms: number; queueMs: number; drainMs: number }>;
  /** The snapshot store path measured alone with the rooms' current states (Roundtable only). */
  storePath?(seconds: number): Promise<Record<string, unknown>>;
  /** `--stages`: records how long the server took over each command from now on (Roundtable only). */
  traceDispatches?(): void;
  /** The dispatches recorded since the last call; stops recording. */
  takeDispatches?(): DispatchTimes[];
}

export interface SeatHandle {
  /** Sends this seat's next command for the room (the peer knows how to phrase it). */
  send(cmd: unknown): void;
  /** Bytes this seat's socket has read so far (WebSocket frames included). */
  bytesRead(): number;
  close(): Promise<void>;
}

/** Decides a room's next command and which seat sends it, as a bot at that table would. */
export interface Brain {
  /** A seat's view reached `version` (with the decoded state when the peer gives one). */
  observe(seat: number, version: number, state: unknown): void;
  next(): { seat: number; cmd: unknown };
  /** The last command reached every seat. */
  done(): void;
  /** The server refused the last command. */
  rejected?(cmd: unknown): void;
}

export interface PeerClient {
  brain(roomIndex: number): Brain;
  /** Sizes of the change messages sampled since the last call (`DeltaSizes`), if the peer sends JSON. */
  takeDeltaBytes?(): DeltaBytes;
  /**
   * Seats `seat` (0 = DM, 1–4 = players) in room `roomIndex`; calls `onVersion` whenever the
   * seat's view reaches a new state version, with the decoded state when the peer has one.
   */
  join(
    roomIndex: number,
    seat: number,
    onVersion: (version: number, state: unknown) => void,
    onReject: (cmd: unknown, err: unknown) => void,
  ): Promise<SeatHandle>;
}

export interface DeltaBytes {
  messages: number;
  meanBytes: number;
  medianBytes: number;
}

/**
 * JSON sizes of the change messages the first player seat of the first `SAMPLED_ROOMS` rooms
 * received: a window has a few dozen, where one room gave about six.
 */
export class DeltaSizes {
  static readonly SAMPLED_ROOMS = 10;
  private sizes: number[] = [];

  /** Whether this seat's messages are sampled (decide before measuring anything). */
  static sampled(roomIndex: number, seat: number): boolean {
    return seat === 1 && roomIndex < DeltaSizes.SAMPLED_ROOMS;
  }

  add(bytes: number): void {
    this.sizes.push(bytes);
  }

  take(): DeltaBytes {
    const s = this.sizes;
    this.sizes = [];
    return {
      messages: s.length,
      meanBytes: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
      medianBytes: median(s),
    };
  }
}

export const LOOPBACK = "127.0.0.1";

/**
 * Bytes a `ws` client socket has read so far, WebSocket frames included (0 without one). Takes
 * the sockets the client libraries hold too (tRPC's, Colyseus's), typed as theirs.
 */
export const socketBytesRead = (ws: unknown): number =>
  (ws as { _socket?: { bytesRead: number } } | undefined)?._socket?.bytesRead ?? 0;

/** Closes a `ws` client socket; resolves once it is closed. */
export function closeSocket(ws: WebSocket): Promise<void> {
  return new Promise<void>((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    ws.once("close", () => resolve());
    ws.close();
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, LOOPBACK, () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
