import { sendImmediately, settleOnResult } from "@roundtable/live/protocol";
import type { AppRouter } from "@roundtable/live/router";
import {
  createTRPCClient,
  createWSClient,
  wsLink,
  type TRPCClient,
  type TRPCLink,
  type TRPCWebSocketClient,
} from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import type { GetToken } from "../auth";
import { appCodeOf } from "../lib/errors";
import { unreachableLink } from "./unreachableLink";

export type LiveClient = {
  client: TRPCClient<AppRouter>;
  close: () => Promise<void>;
  ws: TRPCWebSocketClient;
};

/**
 * The socket's idle close and heartbeat. tRPC restarts its idle timer on every frame received,
 * the server's PONG included, so the idle close must come before the first ping (closeMs <
 * intervalMs) or an idle socket is kept forever. While anything is pending (an open table's
 * subscription) tRPC re-arms the idle timer instead of closing, and the pings check the socket.
 */
export const LIVE_SOCKET_TIMING = {
  closeMs: 8_000,
  intervalMs: 10_000,
  pongTimeoutMs: 5_000,
};

/**
 * The live server's tRPC client. Everything goes over one WebSocket (the live server speaks
 * tRPC over WS only); the session token is fetched afresh on every (re)connect because it is
 * short-lived. Lazy: the socket opens on the first call and closes when idle.
 */
export function createLiveClient({
  url,
  getToken,
  timing = LIVE_SOCKET_TIMING,
}: {
  url: string;
  getToken: GetToken;
  /** Tests shrink it. */
  timing?: typeof LIVE_SOCKET_TIMING;
}): LiveClient {
  // Set when the server refused our token: a cached token it refused (an auth client judges
  // expiry by the local clock) would be refused again, so the next connection skips the cache.
  let refused = false;
  const ws = createWSClient({
    url,
    connectionParams: async () => {
      const forceRefresh = refused;
      refused = false;
      const token = await getToken(forceRefresh ? { forceRefresh } : undefined);
      return token ? { token } : null;
    },
    lazy: { enabled: true, closeMs: timing.closeMs },
    keepAlive: { enabled: true, intervalMs: timing.intervalMs, pongTimeoutMs: timing.pongTimeoutMs },
  });
  // Commands leave at once instead of after tRPC's batching timer (≥ 1 ms per command).
  sendImmediately(ws);
  // A call held unsent while the server is out of reach fails with words instead of waiting.
  const client = createTRPCClient<AppRouter>({
    links: [
      onRefusedToken<AppRouter>(() => (refused = true)),
      unreachableLink<AppRouter>(ws),
      wsLink<AppRouter>({ client: ws }),
    ],
  });
  // Each call settles on its result without tRPC's abort (and AbortError) per call.
  settleOnResult(client);
  return { client, ws, close: () => ws.close() };
}

/** Tells `onRefused` when the server refuses a call for its session token (UNAUTHENTICATED). */
function onRefusedToken<TRouter extends AnyRouter>(onRefused: () => void): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next: (value) => observer.next(value),
          error: (err) => {
            if (appCodeOf(err) === "UNAUTHENTICATED") onRefused();
            observer.error(err);
          },
          complete: () => observer.complete(),
        }),
      );
}
