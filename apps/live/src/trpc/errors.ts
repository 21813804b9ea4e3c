import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";

/**
 * Application error codes a client can switch on (in `error.data.appCode`), beside tRPC's
 * transport-level code. Engine rejections pass their own code through unchanged.
 */
export type AppCode =
  | "INVALID_INPUT" // the procedure's input schema refused it (`data.issues` says where)
  | "UNAUTHENTICATED"
  | "NOT_A_PARTICIPANT"
  | "NOT_YOUR_CHARACTER"
  | "DM_ONLY"
  | "ADMIN_ONLY"
  | "NOT_FOUND"
  | "NOT_LIVE"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "TOO_MANY_TABS"
  | "ROOM_CLOSED"
  | "SHUTTING_DOWN"
  | "INVALID_SETUP"
  | "STORE_UNAVAILABLE"
  | "STORE_MISCONFIGURED"
  | "STORE_REJECTED"
  | (string & {});

export class AppErrorCause extends Error {
  override readonly name = "AppErrorCause";
  constructor(
    readonly appCode: AppCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * Application errors are answers (a rule said no, a limit was hit), not failures: nobody reads
 * their stacks (clients never get one, only unexpected errors are logged), so they are built
 * without capturing one — two stack walks and ~1 KB per refused call. INTERNAL_SERVER_ERROR
 * ones are reported, so they keep theirs.
 */
export function appError(
  code: TRPC_ERROR_CODE_KEY,
  appCode: AppCode,
  message: string,
  details?: Record<string, unknown>,
): TRPCError {
  if (code === "INTERNAL_SERVER_ERROR")
    return new TRPCError({ code, message, cause: new AppErrorCause(appCode, message, details) });
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new TRPCError({ code, message, cause: new AppErrorCause(appCode, message, details) });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export function isAppError(err: unknown, appCode?: AppCode): err is TRPCError & { cause: AppErrorCause } {
  return (
    err instanceof TRPCError &&
    err.cause instanceof AppErrorCause &&
    (appCode === undefined || err.cause.appCode === appCode)
  );
}

/** Refused because this server is stopping: the client retries on the next instance. */
export const shuttingDown = (): TRPCError =>
  appError("SERVICE_UNAVAILABLE", "SHUTTING_DOWN", "The server is restarting; reconnect in a moment");
