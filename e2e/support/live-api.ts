import type { AppRouter } from "../../apps/live/src/trpc/root";
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from "@trpc/client";
import WebSocket from "ws";
import { e2eUrls } from "../stack";
import type { DemoUser } from "./users";

/** A session token from the offline token issuer, exactly as the web app gets one. */
export async function sessionToken(user: DemoUser): Promise<string> {
  const res = await fetch(`${e2eUrls.auth}/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: user.id }),
  });
  if (!res.ok) throw new Error(`token for ${user.id}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export type LiveApi = { client: TRPCClient<AppRouter>; close: () => Promise<void> };

/**
 * A tRPC client of the live server signed in as `user`, for what the UI cannot do yet (the
 * live modal's controls are not built) and for API-level checks.
 */
export async function liveApiAs(user: DemoUser): Promise<LiveApi> {
  return liveApiWithToken(await sessionToken(user));
}

/** A tRPC client of the live server that presents `token` (null: none) when it connects. */
export function liveApiWithToken(token: string | null): LiveApi {
  const ws = createWSClient({
    url: e2eUrls.liveWs,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: () => (token === null ? null : { token }),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink<AppRouter>({ client: ws })] });
  return { client, close: () => ws.close() };
}
