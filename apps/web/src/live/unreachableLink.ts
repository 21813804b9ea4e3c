import { TRPCClientError, type TRPCLink, type TRPCWebSocketClient } from "@trpc/client";
import type { AnyRouter } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import { abortWhenUnreachable } from "./unreachable";

/**
 * Fails a query or mutation that the socket client is holding unsent while the live server is
 * out of reach, at the next failed connection attempt (abortWhenUnreachable), with words the
 * caller can show. Without it the caller waits until the server is back, however long that
 * takes: a launch spins, Test mode says "Loading…". A call that may have been sent is left to
 * tRPC (it fails it when the socket closes). Subscriptions pass through: tRPC resubscribes them
 * when the socket is back.
 */
export function unreachableLink<TRouter extends AnyRouter>(
  ws: Pick<TRPCWebSocketClient, "connectionState">,
): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) => {
      if (op.type === "subscription") return next(op);
      return observable((observer) => {
        const unreachable = abortWhenUnreachable(ws);
        // (erroring tears this observable down, which unsubscribes from the held call)
        const onAbort = () => observer.error(TRPCClientError.from(unreachable.signal.reason as Error));
        const sub = next(op).subscribe({
          next: (value) => observer.next(value),
          error: (err) => {
            unreachable.stop();
            observer.error(err);
          },
          complete: () => {
            unreachable.stop();
            observer.complete();
          },
        });
        unreachable.signal.addEventListener("abort", onAbort, { once: true });
        return () => {
          unreachable.signal.removeEventListener("abort", onAbort);
          unreachable.stop();
          sub.unsubscribe();
        };
      });
    };
}
