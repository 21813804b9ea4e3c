import { PROTOCOL_VERSION } from "@roundtable/live/protocol";
import type { AppRouter } from "@roundtable/live/router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, TRPCClientError, type TRPCLink } from "@trpc/client";
import { behaviorSubject, observable } from "@trpc/server/observable";
import type { ReactNode } from "react";
import { LiveClientProvider } from "../live/LiveProvider";

type Handler = (input: unknown) => unknown;
/** A scripted subscription: `emit` sends data; `fail` ends it with the server's error, as a refusal does. */
type Subscription = (input: unknown, emit: (data: unknown) => void, fail: (err: object) => void) => void;

/**
 * A live-server client whose transport is a test link: real tRPC client and TanStack
 * integration, with the server's answers scripted per procedure path.
 */
export function fakeLive(
  opts: { mutations?: Record<string, Handler>; subscriptions?: Record<string, Subscription> } = {},
) {
  const calls: { path: string; input: unknown }[] = [];
  const link: TRPCLink<AppRouter> =
    () =>
    ({ op }) =>
      observable((observer) => {
        calls.push({ path: op.path, input: op.input });
        if (op.type === "subscription") {
          const sub = opts.subscriptions?.[op.path];
          if (!sub) {
            observer.error(new TRPCClientError(`No fake for ${op.path}`));
            return;
          }
          observer.next({ result: { type: "started" } });
          sub(
            op.input,
            (data) => observer.next({ result: { type: "data", data } }),
            (err) => observer.error(TRPCClientError.from(err)),
          );
          return;
        }
        const handler = opts.mutations?.[op.path];
        Promise.resolve()
          .then(() => {
            if (!handler) throw new Error(`No fake for ${op.path}`);
            return handler(op.input);
          })
          .then(
            (data) => {
              observer.next({ result: { type: "data", data } });
              observer.complete();
            },
            (err: unknown) =>
              observer.error(
                err instanceof TRPCClientError
                  ? (err as TRPCClientError<AppRouter>)
                  : new TRPCClientError<AppRouter>((err as Error).message),
              ),
          );
      });
  const client = createTRPCClient<AppRouter>({ links: [link] });
  const connectionState = behaviorSubject({ type: "state", state: "pending", error: null } as never);
  const live = { client, ws: { connectionState } } as unknown as Parameters<
    typeof LiveClientProvider
  >[0]["live"];
  return { live, calls };
}

export function LiveTestProviders({
  live,
  children,
}: {
  live: ReturnType<typeof fakeLive>["live"];
  children: ReactNode;
}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return (
    <QueryClientProvider client={queryClient}>
      <LiveClientProvider live={live}>{children}</LiveClientProvider>
    </QueryClientProvider>
  );
}

/** The tracked `sync` a seat first receives on joining, as the live server sends it. */
export function syncEvent(view: unknown, seat: { role: "dm" | "player"; userId: string }, version = 1) {
  return {
    id: `e:${version}:1`,
    data: {
      type: "sync",
      protocol: PROTOCOL_VERSION,
      version,
      status: "live",
      role: seat.role,
      userId: seat.userId,
      view,
      chat: [],
      now: Date.now(),
    },
  };
}

/** The goblin ambush as `interactions:liveForMe` lists it for a player (no PCs of theirs in it). */
export const liveAmbush = {
  _id: "int_1",
  name: "Goblin ambush",
  kind: "combat",
  awaitingDm: false,
  dmName: "Morgan",
  runByMe: false,
  myCharacters: [],
};
