import { StandardSchemaV1Error, initTRPC } from "@trpc/server";
import type { Context } from "./context";
import { AppErrorCause, appError } from "./errors";

const t = initTRPC.context<Context>().create({
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
        appCode: cause instanceof AppErrorCause ? cause.appCode : null,
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

/** Every call counts against its connection's message budget. */
const messageBudget = t.middleware(({ ctx, next }) => {
  if (ctx.conn && !ctx.conn.messages.take()) {
    ctx.deps.metrics.rateLimited.inc({ limit: "messages" });
    throw appError(
      "TOO_MANY_REQUESTS",
      "RATE_LIMITED",
      `Too many messages: at most ${ctx.deps.settings.rateMessagesPerMinute} per minute per connection`,
      {
        limit: "messages",
        retryAfterMs: ctx.conn.messages.retryAfterMs(),
      },
    );
  }
  return next();
});

export const publicProcedure = t.procedure.use(messageBudget);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) {
    const reason = ctx.authError?.reason ?? "missing";
    throw appError("UNAUTHORIZED", "UNAUTHENTICATED", ctx.authError?.message ?? "Sign in first", { reason });
  }
  return next({ ctx: { ...ctx, session: ctx.session } });
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.session.isAdmin) throw appError("FORBIDDEN", "ADMIN_ONLY", "Only admins may run test mode");
  return next();
});
