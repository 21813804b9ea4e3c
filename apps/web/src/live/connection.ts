import { CLOSE_RATE_LIMITED } from "@roundtable/live/protocol";
import type { TRPCWebSocketClient } from "@trpc/client";
import { createContext, useContext, useSyncExternalStore } from "react";

export const LiveConnectionContext = createContext<Pick<TRPCWebSocketClient, "connectionState"> | null>(null);

export type LiveConnectionStatus = "idle" | "connecting" | "connected" | "offline";

/** `rateLimited`: the server closed the socket because this network opened too many (it says so in `error`). */
export type LiveConnection = { status: LiveConnectionStatus; error: string | null; rateLimited: boolean };

const idle: LiveConnection = { status: "idle", error: null, rateLimited: false };

/**
 * The live socket's state: idle (no socket needed yet), connecting (or reconnecting after a
 * drop), connected, offline (the last attempt failed; tRPC keeps retrying with backoff).
 */
export function useLiveConnection(): LiveConnection {
  const ws = useContext(LiveConnectionContext);
  return useSyncExternalStore(
    (onChange) => {
      if (!ws) return () => undefined;
      const sub = ws.connectionState.subscribe({ next: onChange });
      return () => sub.unsubscribe();
    },
    () => (ws ? toConnection(ws.connectionState.get()) : idle),
  );
}

const cache = new WeakMap<object, LiveConnection>();

function toConnection(
  state: ReturnType<Pick<TRPCWebSocketClient, "connectionState">["connectionState"]["get"]>,
): LiveConnection {
  // useSyncExternalStore needs a stable snapshot per state object.
  const hit = cache.get(state);
  if (hit) return hit;
  const closed = closeEventOf(state.error);
  const rateLimited = closed?.code === CLOSE_RATE_LIMITED;
  const error = rateLimited && closed.reason ? closed.reason : state.error ? state.error.message : null;
  const result: LiveConnection =
    state.state === "pending"
      ? { status: "connected", error: null, rateLimited: false }
      : state.state === "connecting"
        ? { status: error ? "offline" : "connecting", error, rateLimited }
        : { status: "idle", error, rateLimited };
  cache.set(state, result);
  return result;
}

/** The socket's close event behind tRPC's error (TRPCClientError → TRPCWebSocketClosedError → CloseEvent). */
function closeEventOf(error: unknown): { code: number; reason: string } | null {
  let e: unknown = error;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const { code, reason } = e as { code?: unknown; reason?: unknown };
    if (typeof code === "number") return { code, reason: typeof reason === "string" ? reason : "" };
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
