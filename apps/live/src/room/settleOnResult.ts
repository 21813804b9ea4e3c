import { TRPCClientError, getUntypedClient } from "@trpc/client";

type Envelope = { result: { data?: unknown } };
type Subscription = { unsubscribe: () => void };
type Observer = { next: (e: Envelope) => void; error: (err: unknown) => void; complete: () => void };
type UntypedInternals = {
  $request?: (opts: unknown) => { subscribe: (observer: Observer) => Subscription };
  requestAsPromise?: (opts: unknown) => Promise<unknown>;
};

const clientError = (err: unknown): TRPCClientError<never> => TRPCClientError.from<never>(err as Error);

/**
 * tRPC's client (11.x, up to 11.25 at least) turns each query and mutation into a promise with
 * `observableToPromise`, whose `next` marks the call done before it unsubscribes, so it never
 * does: the request's later `complete` aborts an `AbortController`, and Node builds an
 * `AbortError` with a stack trace for every call (~8 % of the bench's load process). This
 * settles the promise on the first result and unsubscribes then, as tRPC means to. Errors
 * and aborts settle as tRPC's do (a `TRPCClientError`). If tRPC's internals are not what this
 * expects, nothing is changed.
 */
export function settleOnResult(client: object): boolean {
  let untyped: UntypedInternals | undefined; // undefined for an object that is not a tRPC client
  try {
    untyped = getUntypedClient(client as never) as unknown as UntypedInternals | undefined;
  } catch {
    return false;
  }
  const request = untyped?.$request;
  if (!untyped || typeof request !== "function" || typeof untyped.requestAsPromise !== "function")
    return false;
  untyped.requestAsPromise = (opts) =>
    new Promise((resolve, reject) => {
      let settled = false;
      let unsubscribe: (() => void) | undefined; // once `subscribe` has returned
      const settle = () => {
        settled = true;
        unsubscribe?.();
      };
      const sub = request.call(untyped, opts).subscribe({
        next(envelope) {
          if (settled) return;
          settle();
          resolve(envelope.result.data);
        },
        error(err) {
          if (settled) return;
          settle();
          reject(clientError(err));
        },
        complete() {
          // Only reached without a result: the caller's signal aborted the call.
          if (settled) return;
          settle();
          reject(clientError(new DOMException("This operation was aborted", "AbortError")));
        },
      });
      if (settled) sub.unsubscribe();
      else unsubscribe = () => sub.unsubscribe();
    });
  return true;
}
