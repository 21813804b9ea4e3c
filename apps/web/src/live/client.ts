import { sendImmediately, settleOnResult } from "@roundtable/live/protocol";
import type { AppRouter } from "@roundtable/live/router";
import {
  createTRPCClient,
  createWSClient,
  wsLink,
  type TRPCClient,
  type TRPCWebSocketClient,
} from "@trpc/client";
import type { GetToken } from "../auth";
import { unreachableLink } from "./unreachableLink";

export type LiveClient = {
  client: TRPCClient<AppRouter>;
  close: () => Promise<void>;
  ws: TRPCWebSocketClient;
};

/**
 * The live server's tRPC client. Everything goes over one WebSocket (the live server speaks
 * tRPC over WS only); the session token is fetched afresh on every (re)connect because it is
 * short-lived. Lazy: the socket opens on the first call and closes when idle.
 */
export function createLiveClient({ url, getToken }: { url: string; getToken: GetToken }): LiveClient {
  const ws = createWSClient({
    url,
    connectionParams: async () => {
      const token = await getToken();
      return token ? { token } : null;
    },
    lazy: { enabled: true, closeMs: 15_000 },
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 5_000 },
  });
  // Commands leave at once instead of after tRPC's batching timer (≥ 1 ms per command).
  sendImmediately(ws);
  // A call held unsent while the server is out of reach fails with words instead of waiting.
  const client = createTRPCClient<AppRouter>({
    links: [unreachableLink<AppRouter>(ws), wsLink<AppRouter>({ client: ws })],
  });
  // Each call settles on its result without tRPC's abort (and AbortError) per call.
  settleOnResult(client);
  return { client, ws, close: () => ws.close() };
}
