import { TRPCClientError } from "@trpc/client";
import { ConvexError } from "convex/values";

/** A live-server call whose socket closed before the answer (lostInFlight), in words. */
export const LOST_CONNECTION =
  "The connection dropped before the live server answered; it may or may not have happened. Check, then try again.";

/**
 * The message to show a user for a failed call: the server's own words when it sent a typed
 * error (ConvexError `{ kind, message }`, a tRPC error), otherwise the error's message.
 */
export function errorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  // tRPC's own message for a call failed by the socket's close is "Unknown error".
  if (lostInFlight(error)) return LOST_CONNECTION;
  // The live server's refusal of a session token speaks of JWTs; its `details.reason` says why.
  if (appCodeOf(error) === "UNAUTHENTICATED") return signInWords(error);
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

/** Plain words for each reason the live server refuses a session token (apps/live auth/session.ts). */
function signInWords(error: unknown): string {
  const data: unknown = error instanceof Error && "data" in error ? error.data : null;
  const details: unknown = data && typeof data === "object" && "details" in data ? data.details : null;
  const reason = details && typeof details === "object" && "reason" in details ? details.reason : null;
  // The live client fetches a fresh token for its next connection (client.ts), hence "reconnecting".
  if (reason === "expired") return "Your sign-in expired; reconnecting…";
  if (reason === "not_yet_valid")
    return "Your sign-in is not valid yet (is this device's clock right?); reconnecting…";
  if (reason === "missing") return "You are signed out: sign in again to join the table.";
  return "Your sign-in was not accepted; reconnecting…";
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
