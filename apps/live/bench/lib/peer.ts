// What every peer under test provides: a server (started in the server process) and, in
// the load process, a way to seat clients in rooms and hear which version each one has.
import { createServer } from "node:net";
import WebSocket from "ws";
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
  /** Mean JSON size of the change messages one seat received since the last call, if the peer sends JSON. */
  takeDeltaBytes?(): { messages: number; meanBytes: number };
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
