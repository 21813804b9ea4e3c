import { ConvexHttpClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import { makeFunctionReference } from "convex/server";
import { ConvexError } from "convex/values";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { findDemoUser } from "../auth/demo-users";
import { loadOrCreateKeys } from "../auth/keys";
import { signSessionToken } from "../auth/tokens";
import type { LocalServices } from "../start";
import { fetchToken, startForTest, tempDataDir } from "../test-support";

type Message = { _id: string; channel: string; body: string; author: string };
const list = makeFunctionReference<"query", { channel: string }, Message[]>("messages:list");
const mine = makeFunctionReference<"query", Record<string, never>, Message[]>("messages:mine");
const whoami = makeFunctionReference<
  "query",
  Record<string, never>,
  { subject: string; tokenIdentifier: string; role?: string } | null
>("messages:whoami");
const send = makeFunctionReference<"mutation", { channel: string; body: unknown }, string>("messages:send");
const announce = makeFunctionReference<"action", { channel: string; body: string }, string>(
  "messages:announce",
);

let data: Awaited<ReturnType<typeof tempDataDir>>;
let services: LocalServices;
const clients: ConvexReactClient[] = [];

beforeAll(async () => {
  data = await tempDataDir();
  services = await startForTest(data.dir);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await services.stop();
  await data.remove();
});

function client(userId?: string): ConvexReactClient {
  const c = new ConvexReactClient(services.convexUrl, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    unsavedChangesWarning: false,
    logger: false,
  });
  if (userId) c.setAuth(() => fetchToken(services, userId));
  clients.push(c);
  return c;
}

/** Subscribes like useQuery and resolves once the result satisfies `ok`. */
function resultWhere<T>(
  watch: { localQueryResult(): T | undefined; onUpdate(cb: () => void): () => void },
  ok: (v: T) => boolean,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      try {
        const value = watch.localQueryResult();
        if (value !== undefined && ok(value)) {
          unsubscribe();
          resolve(value);
        }
      } catch (err) {
        unsubscribe();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const unsubscribe = watch.onUpdate(check);
    check();
  });
}

describe("local Convex over the sync protocol (unmodified ConvexReactClient)", () => {
  it("updates a subscribed query after another client's mutation", async () => {
    const watcher = client();
    const watch = watcher.watchQuery(list, { channel: "table" });
    expect(await resultWhere(watch, () => true)).toEqual([]);
    const writer = client("user_demo_p1");
    await writer.mutation(send, { channel: "table", body: "I search the chest" });
    const seen = await resultWhere(watch, (msgs) => msgs.length === 1);
    expect(seen[0]).toMatchObject({ body: "I search the chest", author: "user_demo_p1" });
  });

  it("resolves a mutation only once the writer's own subscription shows the write", async () => {
    const c = client("user_demo_p2");
    const watch = c.watchQuery(list, { channel: "own" });
    const staySubscribed = watch.onUpdate(() => {});
    await resultWhere(watch, () => true);
    const id = await c.mutation(send, { channel: "own", body: "first" });
    expect(watch.localQueryResult()?.map((m) => m._id)).toEqual([id]);
    staySubscribed();
  });

  it("passes the verified identity and re-runs queries when it changes", async () => {
    const c = client("user_demo_admin");
    const watch = c.watchQuery(whoami, {});
    const me = await resultWhere(watch, (v) => v !== null);
    expect(me).toMatchObject({
      subject: "user_demo_admin",
      tokenIdentifier: `${services.authUrl}|user_demo_admin`,
      role: "admin",
    });
    c.clearAuth();
    expect(await resultWhere(watch, (v) => v === null)).toBeNull();
  });

  it("reports a refused token to the client and keeps it anonymous", async () => {
    const c = client();
    const authenticated = new Promise<boolean>((resolve) =>
      c.setAuth(() => Promise.resolve("not-a-token"), resolve),
    );
    expect(await authenticated).toBe(false);
    expect(await resultWhere(c.watchQuery(whoami, {}), () => true)).toBeNull();
  });

  it("refuses an expired token", async () => {
    const keys = await loadOrCreateKeys(join(data.dir, "local-auth"));
    const expired = await signSessionToken(keys, findDemoUser("user_demo_admin")!, {
      issuer: services.authUrl,
      authorizedParty: "http://localhost:5173",
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    const c = client();
    const authenticated = new Promise<boolean>((resolve) =>
      c.setAuth(() => Promise.resolve(expired), resolve),
    );
    expect(await authenticated).toBe(false);
    expect(await resultWhere(c.watchQuery(whoami, {}), () => true)).toBeNull();
  });

  it("delivers ConvexError data from mutations and queries, and validation errors", async () => {
    const anon = client();
    const err: unknown = await anon.mutation(send, { channel: "e", body: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConvexError);
    expect((err as ConvexError<{ kind: string }>).data).toMatchObject({ kind: "unauthenticated" });
    await expect(resultWhere(anon.watchQuery(mine, {}), () => true)).rejects.toSatisfy(
      (e) => e instanceof ConvexError && (e as ConvexError<{ kind: string }>).data.kind === "unauthenticated",
    );
    const p3 = client("user_demo_p3");
    await expect(p3.mutation(send, { channel: "e", body: 7 })).rejects.toThrow(/Expected `string`/);
    expect(await resultWhere(anon.watchQuery(list, { channel: "e" }), () => true)).toEqual([]);
  });

  it("runs actions and shows their writes to subscribers", async () => {
    const c = client();
    const watch = c.watchQuery(list, { channel: "news" });
    await resultWhere(watch, () => true);
    const id = await c.action(announce, { channel: "news", body: "a dragon!" });
    expect((await resultWhere(watch, (m) => m.length > 0)).map((m) => m._id)).toEqual([id]);
  });
});

describe("sync protocol details", () => {
  it("sends only the results that changed", async () => {
    const ws = new WebSocket(`${services.convexUrl.replace("http", "ws")}/api/1.48.0/sync`);
    const inbox: { type: string; modifications?: { queryId: number }[] }[] = [];
    const next = () =>
      new Promise<(typeof inbox)[number]>((resolve) => {
        const poll = () => {
          const i = inbox.findIndex((m) => m.type !== "Ping");
          if (i >= 0) resolve(inbox.splice(0, i + 1).pop()!);
          else setTimeout(poll, 5);
        };
        poll();
      });
    ws.on("message", (d: Buffer) => inbox.push(JSON.parse(d.toString()) as (typeof inbox)[number]));
    await new Promise((r) => ws.once("open", r));
    ws.send(
      JSON.stringify({
        type: "Connect",
        sessionId: "s",
        connectionCount: 0,
        lastCloseReason: null,
        clientTs: 0,
      }),
    );
    ws.send(
      JSON.stringify({
        type: "ModifyQuerySet",
        baseVersion: 0,
        newVersion: 1,
        modifications: [
          { type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel: "red" }] },
          { type: "Add", queryId: 1, udfPath: "messages:list", args: [{ channel: "blue" }] },
        ],
      }),
    );
    expect((await next()).modifications?.map((m) => m.queryId)).toEqual([0, 1]);
    const writer = client("user_demo_p1");
    await writer.mutation(send, { channel: "blue", body: "only blue changes" });
    expect((await next()).modifications?.map((m) => m.queryId)).toEqual([1]);
    ws.close();
  });

  it("answers a query-set change from the wrong base version with a FatalError and closes", async () => {
    const ws = new WebSocket(`${services.convexUrl.replace("http", "ws")}/api/1.48.0/sync`);
    await new Promise((r) => ws.once("open", r));
    const closed = new Promise<number>((r) => ws.once("close", (code: number) => r(code)));
    const first = new Promise<{ type: string; error?: string }>((r) =>
      ws.once("message", (d: Buffer) => r(JSON.parse(d.toString()) as { type: string; error?: string })),
    );
    ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 5, newVersion: 6, modifications: [] }));
    expect(await first).toEqual({ type: "FatalError", error: "Query set base version 5 does not match 0" });
    expect(await closed).toBe(1011);
  });
});

describe("malformed input", () => {
  it.each(["null", "{not json", JSON.stringify({ type: "Mutation", requestId: 1 })])(
    "%s gets a FatalError; the server carries on",
    async (frame) => {
      const ws = new WebSocket(`${services.convexUrl.replace("http", "ws")}/api/1.48.0/sync`);
      await new Promise((r) => ws.once("open", r));
      const first = new Promise<{ type: string }>((r) =>
        ws.once("message", (d: Buffer) => r(JSON.parse(d.toString()) as { type: string })),
      );
      ws.send(frame);
      expect((await first).type).toBe("FatalError");
      expect(await resultWhere(client().watchQuery(list, { channel: "still-up" }), () => true)).toEqual([]);
    },
  );
});

describe("restarts", () => {
  it("a subscribed client reconnects to restarted services and keeps receiving updates", async () => {
    const dir = await tempDataDir();
    let first = await startForTest(dir.dir);
    const ports = {
      convexPort: Number(new URL(first.convexUrl).port),
      authPort: Number(new URL(first.authUrl).port),
    };
    const c = new ConvexReactClient(first.convexUrl, {
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
      unsavedChangesWarning: false,
      logger: false,
    });
    try {
      const watch = c.watchQuery(list, { channel: "restart" });
      const staySubscribed = watch.onUpdate(() => {});
      await resultWhere(watch, () => true);
      await first.stop();
      first = await startForTest(dir.dir, ports);
      const writer = new ConvexHttpClient(first.convexUrl, {
        logger: false,
        auth: await fetchToken(first, "user_demo_p1"),
      });
      await writer.mutation(send, { channel: "restart", body: "still here" });
      expect((await resultWhere(watch, (m) => m.length === 1))[0]?.body).toBe("still here");
      staySubscribed();
    } finally {
      await c.close();
      await first.stop();
      await dir.remove();
    }
  });
});
