import { StandardSchemaV1Error, type TRPCError, initTRPC } from "@trpc/server";
import type { z } from "zod";
import type { Session } from "../auth/session";
import type { Context } from "./context";
import { AppErrorCause, appError } from "./errors";

const t = initTRPC.context<Context>().create({
  // Clients never get stacks (the formatter drops them), so tRPC need not format one for every
  // error shape, as it does in development mode (NODE_ENV unset: tests and benchmarks).
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    // Unexpected failures are logged and reported server-side; clients get no internals.
    const message =
      error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppErrorCause)
        ? "Something went wrong on the server; it has been reported"
        : shape.message;
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        // Never leak stacks to clients.
        stack: undefined,
        // Input the procedure's schema refused has a code of its own, as every refusal does.
        appCode:
          cause instanceof AppErrorCause
            ? cause.appCode
            : cause instanceof StandardSchemaV1Error
              ? "INVALID_INPUT"
              : null,
        details: cause instanceof AppErrorCause ? (cause.details ?? null) : null,
        issues:
          cause instanceof StandardSchemaV1Error
            ? cause.issues.map((i) => ({
                path: (i.path ?? []).map((p) => String(typeof p === "object" ? p.key : p)),
                message: i.message,
              }))
            : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;

/**
 * A zod schema as a procedure's input, checked synchronously. Given the schema itself, tRPC calls
 * its `parseAsync` (a promise chain per call) and a bad input's message is zod's issue list as
 * JSON. Given only the schema's standard-schema interface, tRPC runs zod's synchronous check and
 * a bad input gets the first issue's message, with every issue's path in `data.issues`.
 */
export function checked<S extends z.ZodType>(schema: S): CheckedInput<z.input<S>, z.output<S>> {
  return { "~standard": schema["~standard"] as CheckedInput<z.input<S>, z.output<S>>["~standard"] };
}

/** The standard-schema interface in the shape tRPC infers procedure input types from. */
type CheckedInput<In, Out> = {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: Out; readonly issues?: undefined }
      | { readonly issues: readonly { readonly message: string }[] };
    readonly types?: { readonly input: In; readonly output: Out };
  };
};

function tooManyMessages(ctx: Context): TRPCError {
  ctx.deps.metrics.rateLimited.inc(MESSAGES_LABEL);
  return appError(
    "TOO_MANY_REQUESTS",
    "RATE_LIMITED",
    `Too many messages: at most ${ctx.deps.settings.rateMessagesPerMinute} per minute per connection`,
    { limit: "messages", retryAfterMs: ctx.conn!.messages.retryAfterMs() },
  );
}
const MESSAGES_LABEL = { limit: "messages" } as const;

/** Every call counts against its connection's message budget. */
const messageBudget = t.middleware(({ ctx, next }) => {
  if (ctx.conn && !ctx.conn.messages.take()) throw tooManyMessages(ctx);
  return next();
});

export const publicProcedure = t.procedure.use(messageBudget);

/**
 * Passed to `next` so tRPC keeps the same ctx object: with a `ctx` override it would copy the
 * context on every call (twice: once here, once in tRPC). The session is checked just before,
 * so only the type changes.
 */
const SAME_CTX = {};

/**
 * The message budget and the session check in one middleware (each middleware is a few
 * objects and a promise per call in tRPC's chain).
 */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (ctx.conn && !ctx.conn.messages.take()) throw tooManyMessages(ctx);
  if (!ctx.session) {
    const reason = ctx.authError?.reason ?? "missing";
    throw appError("UNAUTHORIZED", "UNAUTHENTICATED", ctx.authError?.message ?? "Sign in first", { reason });
  }
  return next<{ session: Session }>(SAME_CTX);
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.session.isAdmin) throw appError("FORBIDDEN", "ADMIN_ONLY", "Only admins may run test mode");
  return next();
});
