import { ConvexError } from "convex/values";

/** Every error a Roundtable function throws on purpose has one of these kinds. */
export type ErrorKind =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "invalid"
  | "invalid_state"
  | "conflict"
  | "too_large"
  | "misconfigured";

export type AppErrorData = { kind: ErrorKind; message: string };

export function appError(kind: ErrorKind, message: string): ConvexError<AppErrorData> {
  return new ConvexError({ kind, message });
}
