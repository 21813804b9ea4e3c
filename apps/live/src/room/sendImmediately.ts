import { TRPCClientError } from "@trpc/client";

type Callbacks = { error: (err: TRPCClientError<never>) => void };
const clientError = (err: unknown): TRPCClientError<never> => TRPCClientError.from<never>(err as Error);
type Message = { id: number | string };
type WsClientInternals = {
  batchSend?: (message: Message, callbacks: Callbacks) => () => void;
  send?: (messages: Message[]) => void;
  activeConnection?: { isOpen?: () => boolean };
  inactivityTimeout?: { reset?: () => void };
  requestManager?: {
    register: (message: Message, callbacks: Callbacks) => () => void;
    hasOutgoingRequests: () => boolean;
    flush: () => { message: Message }[];
    delete: (id: Message["id"]) => void;
  };
};

/**
 * tRPC's ws client (11.x) waits a timer (`setTimeout(0)`: at least 1 ms in Node, up to 4 ms in
 * a browser tab) before sending each request, to batch requests. A table sends one command at
 * a time and the whole room waits on it, so this sends at the end of the current microtask
 * queue instead: requests made in the same tick still share one frame, none waits for a timer.
 * While the socket is not open, tRPC's own path (which opens it) is kept; if tRPC's internals
 * are not what this expects, nothing is changed.
 */
export function sendImmediately(wsClient: unknown): boolean {
  const c = wsClient as WsClientInternals;
  const rm = c.requestManager;
  const original = c.batchSend;
  if (typeof original !== "function" || typeof c.send !== "function" || !rm || !c.activeConnection)
    return false;
  if (typeof rm.register !== "function" || typeof rm.flush !== "function") return false;
  c.batchSend = (message, callbacks) => {
    if (c.activeConnection?.isOpen?.() !== true) return original.call(c, message, callbacks);
    c.inactivityTimeout?.reset?.();
    queueMicrotask(() => {
      try {
        if (!rm.hasOutgoingRequests()) return;
        c.send!(rm.flush().map((r) => r.message));
      } catch (err) {
        rm.delete(message.id);
        callbacks.error(clientError(err));
      }
    });
    return rm.register(message, callbacks);
  };
  return true;
}
