import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { WebSocketServer } from "ws";
import { z } from "zod";
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import { HttpError, applyCors, readJsonBody, sendJson } from "../http-util";
import type { ConvexEngine, FunctionKind, UdfOutcome } from "./engine";
import type { VerifiedIdentity } from "./identity";
import { SyncSession, type SyncHost } from "./sync-session";
import { nextTs } from "./timestamp";

/** ConvexHttpClient's status for "the function failed" (http_client.ts STATUS_CODE_UDF_FAILED). */
const STATUS_UDF_FAILED = 560;
const SYNC_PATH = /^\/api\/[^/]+\/sync$/;

const udfRequest = z.object({
  path: z.string().min(1),
  args: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
  format: z.string().optional(),
});

export type LocalConvexServerOptions = {
  engine: ConvexEngine;
  verifyToken(token: string): Promise<VerifiedIdentity>;
  allowedOrigins: readonly string[];
  /** Called after every commit, e.g. to schedule a snapshot to disk. */
  onCommit?: () => void;
  log?: (message: string) => void;
};

/**
 * The Convex stand-in's network face: the HTTP function API as ConvexHttpClient calls it and
 * the WebSocket sync protocol as ConvexReactClient speaks it, over one convex-test engine.
 */
export class LocalConvexServer implements SyncHost {
  readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  private readonly sessions = new Set<SyncSession>();
  private ts: bigint;
  private queryCache = { ts: -1n, results: new Map<string, Promise<UdfOutcome>>() };

  constructor(private readonly opts: LocalConvexServerOptions) {
    this.ts = nextTs(0n);
    this.http = createServer((req, res) => void this.handleHttp(req, res));
    this.http.on("upgrade", (req, socket, head) => {
      const path = new URL(req.url ?? "/", "http://local").pathname;
      if (!SYNC_PATH.test(path)) {
        socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const session = new SyncSession(ws, this);
        this.sessions.add(session);
        ws.on("close", () => this.sessions.delete(session));
      });
    });
  }

  currentTs(): bigint {
    return this.ts;
  }

  commit(): bigint {
    this.ts = nextTs(this.ts);
    this.opts.onCommit?.();
    for (const s of this.sessions) s.scheduleRefresh();
    return this.ts;
  }

  /** Queries with the same caller, function and arguments at one timestamp run once. */
  runQuery(udfPath: string, args: Value, who: VerifiedIdentity | null, ts: bigint): Promise<UdfOutcome> {
    if (this.queryCache.ts !== ts || this.queryCache.results.size > 1_000)
      this.queryCache = { ts, results: new Map() };
    const key = JSON.stringify([who?.identity ?? null, udfPath, convexToJson(args)]);
    let result = this.queryCache.results.get(key);
    if (!result) {
      result = this.opts.engine.call("query", udfPath, args, who?.identity ?? null);
      this.queryCache.results.set(key, result);
    }
    return result;
  }

  call(
    kind: Exclude<FunctionKind, "query">,
    udfPath: string,
    args: Value,
    who: VerifiedIdentity | null,
  ): Promise<UdfOutcome> {
    return this.opts.engine.call(kind, udfPath, args, who?.identity ?? null);
  }

  verifyToken(token: string): Promise<VerifiedIdentity> {
    return this.opts.verifyToken(token);
  }

  log(message: string): void {
    this.opts.log?.(message);
  }

  /** Ends every sync connection (clients reconnect to the next instance). */
  closeSessions(): void {
    for (const s of this.sessions) s.close();
    this.sessions.clear();
    this.wss.close();
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (applyCors(req, res, this.opts.allowedOrigins)) return;
    const path = new URL(req.url ?? "/", "http://local").pathname;
    try {
      if (req.method === "GET" && (path === "/version" || path === "/healthz")) {
        return sendJson(res, 200, { ok: true, service: "local-convex" });
      }
      if (req.method === "POST" && path === "/api/debug_event") return sendJson(res, 200, {});
      const kind = ({ "/api/query": "query", "/api/mutation": "mutation", "/api/action": "action" } as const)[
        path
      ];
      if (req.method !== "POST" || kind === undefined) {
        throw new HttpError(404, "NotFound", `The local Convex does not serve ${req.method ?? "?"} ${path}`);
      }
      const who = await this.httpIdentity(req);
      const parsed = udfRequest.safeParse(await readJsonBody(req));
      if (!parsed.success) {
        throw new HttpError(
          400,
          "BadJsonBody",
          `Expected { path, args, format }: ${z.prettifyError(parsed.error)}`,
        );
      }
      const rawArgs = Array.isArray(parsed.data.args) ? (parsed.data.args[0] ?? {}) : parsed.data.args;
      const args = jsonToConvex(rawArgs as Parameters<typeof jsonToConvex>[0]);
      const outcome =
        kind === "query"
          ? await this.runQuery(parsed.data.path, args, who, this.ts)
          : await this.call(kind, parsed.data.path, args, who);
      if (kind === "action" || (kind === "mutation" && outcome.success)) this.commit();
      if (outcome.success)
        return sendJson(res, 200, { status: "success", value: outcome.value, logLines: [] });
      return sendJson(res, STATUS_UDF_FAILED, {
        status: "error",
        errorMessage: outcome.errorMessage,
        ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
        logLines: [],
      });
    } catch (err) {
      // Non-function failures: ConvexHttpClient throws the body text as the message.
      const e =
        err instanceof HttpError ? err : new HttpError(500, "InternalServerError", (err as Error).message);
      sendJson(res, e.status, { code: e.kind, message: e.message });
    }
  }

  private async httpIdentity(req: IncomingMessage): Promise<VerifiedIdentity | null> {
    const header = req.headers.authorization;
    if (header === undefined || header === "") return null;
    if (header.startsWith("Convex "))
      throw new HttpError(401, "Unauthenticated", "Admin keys are not supported by the local Convex");
    if (!header.startsWith("Bearer "))
      throw new HttpError(401, "Unauthenticated", "Authorization must be `Bearer <token>`");
    try {
      return await this.opts.verifyToken(header.slice("Bearer ".length));
    } catch (err) {
      throw new HttpError(401, "Unauthenticated", (err as Error).message);
    }
  }
}
