import type { TRPCWebSocketClient } from "@trpc/client";
import { createContext, useContext, useSyncExternalStore } from "react";

export const LiveConnectionContext = createContext<Pick<TRPCWebSocketClient, "connectionState"> | null>(null);

export type LiveConnectionStatus = "idle" | "connecting" | "connected" | "offline";

export type LiveConnection = { status: LiveConnectionStatus; error: string | null };

const idle: LiveConnection = { status: "idle", error: null };

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
  const error = state.error ? state.error.message : null;
  const result: LiveConnection =
    state.state === "pending"
      ? { status: "connected", error: null }
      : state.state === "connecting"
        ? { status: error ? "offline" : "connecting", error }
        : { status: "idle", error };
  cache.set(state, result);
  return result;
}
