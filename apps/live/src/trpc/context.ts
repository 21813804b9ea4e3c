import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { Settings } from "@roundtable/config";
import type { CreateWSSContextFnOptions } from "@trpc/server/adapters/ws";
import { AuthError, type Session, type TokenVerifier } from "../auth/session";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import type { KeyedLimiter, TokenBucket } from "../rateLimit";
import type { RoomRegistry } from "../room/registry";
import type { SimulationManager } from "../room/simulations";

/**
 * Per-socket state, created when the socket opens (server.ts), before any tRPC message. Kept
 * small and timer-free: heartbeats and the lifetime bound are one shared sweep (sweep.ts).
 */
export type Connection = {
  id: string;
  ws: WebSocket;
  ip: string;
  /** Calls per minute (trpc.ts). */
  messages: TokenBucket;
  /** Frames per minute, calls or not: a socket flooding junk past twice the call budget is cut. */
  frames: TokenBucket;
  /** Something arrived (a pong or any frame) since the last heartbeat ping. */
  alive: boolean;
  /** Which tick of the sweep pings this socket (sweep.ts). */
  pingSlot: number;
  /** When its lifetime ends and the client is asked to reconnect (jittered, sweep.ts). */
  expiresAt: number;
  /** A socket with no session by this time never sent its token: it is closed (sweep.ts). */
  authBy: number;
  /** Set once the lifetime is over and the client was asked to reconnect: cut at this time. */
  retireAt: number | null;
  session: Session | null;
};

/** Everything procedures need, built once per server instance. */
export type LiveDeps = {
  settings: Settings;
  log: Logger;
  metrics: Metrics;
  verify: TokenVerifier;
  registry: RoomRegistry;
  simulations: SimulationManager;
  actionLimiter: KeyedLimiter;
  connections: WeakMap<WebSocket, Connection>;
  lifecycle: { shuttingDown: boolean };
  /** Logs an application error with room and user ids and sends it to the store. */
  reportError: (message: string, context: { interactionId?: string; userId?: string; err?: unknown }) => void;
};

export type Context = {
  deps: LiveDeps;
  conn: Connection | null;
  session: Session | null;
  authError: AuthError | null;
};

export function ipOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}

/** Runs once per (re)connect: the token is verified every time a socket opens. */
export function makeCreateContext(deps: LiveDeps) {
  return async ({ res, info }: CreateWSSContextFnOptions): Promise<Context> => {
    // tRPC types `res` through its own view of `ws`; it is the socket server.ts registered.
    const socket: unknown = res;
    const conn = deps.connections.get(socket as WebSocket) ?? null;
    const token = info.connectionParams?.token;
    try {
      const session = await deps.verify(token);
      if (conn) conn.session = session;
      // No per-connection child logger: it was never used and cost a pino object per socket.
      return { deps, conn, session, authError: null };
    } catch (err) {
      const authError =
        err instanceof AuthError ? err : new AuthError("invalid", "Session token could not be verified");
      deps.log.info({ connId: conn?.id, reason: authError.reason }, "connection rejected: bad session token");
      // Answer the calls with a typed UNAUTHORIZED, then close so the client re-authenticates.
      if (conn) setTimeout(() => conn.ws.close(4401, "unauthorized"), 1_000).unref();
      return { deps, conn, session: null, authError };
    }
  };
}
