import { TRPCClientError } from "@trpc/client";
import { ConvexError } from "convex/values";

/**
 * The message to show a user for a failed call: the server's own words when it sent a typed
 * error (ConvexError `{ kind, message }`, a tRPC error), otherwise the error's message.
 */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (error instanceof ConvexError) {
    const data: unknown = error.data;
    if (typeof data === "string" && data) return data;
    if (
      data &&
      typeof data === "object" &&
      "message" in data &&
      typeof data.message === "string" &&
      data.message
    ) {
      return data.message;
    }
  }
  // An id Convex cannot parse only comes from an address typed or pasted by hand.
  if (error instanceof Error && /Expected ID for table/.test(error.message))
    return "This link does not point to anything that exists.";
  if (error instanceof Error && error.message) return stripConvexNoise(error.message);
  if (typeof error === "string" && error) return error;
  return fallback;
}

/** Convex prefixes uncaught server errors with request ids and stack lines; users need the first line. */
function stripConvexNoise(message: string): string {
  const match = /Uncaught (?:\w*Error): (.*)/.exec(message);
  const text = match?.[1] ?? message;
  return text.split("\n")[0]?.trim() || message;
}

/** The live server's application code for a refused call (`error.data.appCode`), e.g. "CONFLICT". */
export function appCodeOf(error: unknown): string | null {
  if (!(error instanceof Error) || !("data" in error)) return null;
  const data: unknown = error.data;
  if (data && typeof data === "object" && "appCode" in data && typeof data.appCode === "string")
    return data.appCode;
  return null;
}

/**
 * A live-server call that failed without an answer from the server: tRPC's socket client fails a
 * call in flight with the socket's close or error event as its cause (or its own "WebSocket
 * closed" error), so it may or may not have been carried out. A server's answer has a `shape`;
 * a call failed before it was sent ("Closed before connection was established") is not this.
 */
export function lostInFlight(error: unknown): boolean {
  if (!(error instanceof TRPCClientError) || error.shape !== undefined) return false;
  const cause: unknown = error.cause;
  if (cause instanceof Error)
    return cause.name === "TRPCWebSocketClosedError" && cause.message === "WebSocket closed";
  return (
    typeof cause === "object" &&
    cause !== null &&
    "type" in cause &&
    (cause.type === "close" || cause.type === "error")
  );
}
