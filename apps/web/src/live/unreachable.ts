import type { TRPCWebSocketClient } from "@trpc/client";

export const UNREACHABLE_MESSAGE =
  "Cannot reach the live server. Check your connection and try again; nothing was sent.";

/**
 * An abort signal for one call that tRPC's socket client would otherwise hold until the live
 * server is back, however long that takes: a call made while the socket is down waits unsent
 * while tRPC retries with backoff. The signal aborts at the next failed connection attempt after
 * the call began (an attempt already failing then may be long past: the next one decides), unless
 * the socket was open meanwhile. An open socket sends the call at once, and tRPC fails a sent call
 * when its socket closes; so an abort only ever drops a call the server never received.
 */
export function abortWhenUnreachable(ws: Pick<TRPCWebSocketClient, "connectionState"> | null): {
  signal: AbortSignal;
  stop: () => void;
} {
  const controller = new AbortController();
  if (!ws) return { signal: controller.signal, stop: () => undefined };
  const atStart = ws.connectionState.get();
  let mayBeSent = atStart.state === "pending";
  const sub = ws.connectionState.subscribe({
    next: (state) => {
      if (state.state === "pending") mayBeSent = true;
      else if (!mayBeSent && state !== atStart && state.state === "connecting" && state.error)
        controller.abort(new Error(UNREACHABLE_MESSAGE));
    },
  });
  return { signal: controller.signal, stop: () => sub.unsubscribe() };
}
