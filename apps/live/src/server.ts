import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { applyWSSHandler } from "@trpc/server/adapters/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { defaultSettings, type Settings } from "@roundtable/config";
import { resolveVerifierOptions } from "./auth/keys";
import { createTokenVerifier, type TokenVerifier, type VerifierOptions } from "./auth/session";
import { createHttpHandler } from "./http";
import { createLogger, type Logger } from "./logger";
import { createMetrics } from "./metrics";
import { ConvexStore } from "./persistence/convexStore";
import { MemoryStore } from "./persistence/memoryStore";
import type { Store } from "./persistence/store";
import { ErrorReportQueue } from "./persistence/errorReports";
import { PersistenceQueue } from "./persistence/writer";
import { KeyedLimiter, TokenBucket } from "./rateLimit";
import { CLOSE_RATE_LIMITED } from "./room/events";
import { RoomRegistry } from "./room/registry";
import { SimulationManager } from "./room/simulations";
import { type Connection, type LiveDeps, makeCreateContext } from "./trpc/context";
import { liveEncoder } from "./trpc/encoder";
import { appRouter } from "./trpc/root";
import { createSweep } from "./sweep";

export type LiveServerOptions = {
  /** Overrides on top of the defaults from @roundtable/config. */
  settings?: Partial<Settings>;
  /** Defaults to ConvexStore when convexUrl is set, else a MemoryStore (with a loud warning). */
  store?: Store;
  /** A ready verifier, explicit key options, or (default) resolved from settings. */
  auth?: TokenVerifier | VerifierOptions;
  logger?: Logger;
  /** Port to listen on; 0 picks a free one. Defaults to settings.livePort. */
  port?: number;
  host?: string;
  /** Trust Fly's Fly-Client-IP header for the per-IP connection limit. */
  behindFlyProxy?: boolean;
  now?: () => number;
  random?: () => number;
};

/**
 * What tRPC's ws adapter reads from the upgrade request (`url` for its `connectionParams`
 * flag, `headers.host` to parse it), plus the client's address for our Connection.
 */
type UpgradedRequest = { url: string | undefined; headers: { host: string | undefined }; ip: string };

export type ShutdownReport = { flushed: number; unflushed: string[] };

export type LiveServer = {
  port: number;
  /** ws://host:port */
  url: string;
  httpUrl: string;
  store: Store;
  registry: RoomRegistry;
  /** The snapshot writer (benchmarks and tests look at it; rooms write through it). */
  persistence: PersistenceQueue;
  /** Graceful stop: refuse new work, snapshot and flush every room, ask clients to reconnect. */
  stop: () => Promise<ShutdownReport>;
};

export async function startLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  const settings: Settings = { ...defaultSettings, ...options.settings };
  const log = options.logger ?? createLogger(settings.logLevel);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const metrics = createMetrics();
  const lifecycle = { shuttingDown: false };

  const store = options.store ?? defaultStore(settings, log);
  const verify =
    typeof options.auth === "function"
      ? options.auth
      : createTokenVerifier(options.auth ?? (await resolveVerifierOptions(settings, log)));

  const retryPolicy = {
    baseMs: settings.snapshotRetryBaseMs,
    maxMs: settings.snapshotRetryMaxMs,
    jitter: settings.snapshotRetryJitter,
  };
  // Retried until they land, like the snapshots: a store blip must not lose an errorLogs row.
  const reports = new ErrorReportQueue(store, retryPolicy, log, random);
  const reportError = (
    message: string,
    c: { interactionId?: string; userId?: string; err?: unknown },
  ): void => {
    log.error({ roomId: c.interactionId, userId: c.userId, err: c.err }, message);
    const detail =
      c.err instanceof Error ? c.err.message : c.err === undefined ? undefined : JSON.stringify(c.err);
    reports.report({
      interactionId: c.interactionId,
      userId: c.userId,
      message,
      context: detail ? { error: detail.slice(0, 2_000) } : undefined,
    });
  };
  const persistence = new PersistenceQueue(store, retryPolicy, log, metrics, random, {
    onRefused: reportError,
    onFailing: reportError,
  });
  const registry = new RoomRegistry({
    settings,
    log,
    metrics,
    store,
    persistence,
    now,
    seed: () => Math.floor(random() * 2 ** 31),
    reportError,
  });
  // Test-mode interactions live in memory only, never in the real store.
  const testStore = new MemoryStore();
  const simulations = new SimulationManager({
    registry,
    log,
    now,
    random,
    store: testStore,
    persistence: new PersistenceQueue(testStore, { baseMs: 10, maxMs: 100, jitter: 0 }, log, metrics),
    turnTimeoutMs: settings.turnTimeoutMs,
  });

  const deps: LiveDeps = {
    settings,
    log,
    metrics,
    verify,
    registry,
    simulations,
    actionLimiter: new KeyedLimiter(settings.rateActionsPerMinute, now),
    connections: new WeakMap<WebSocket, Connection>(),
    lifecycle,
    reportError,
  };

  const httpServer = createServer(createHttpHandler({ metrics, store, lifecycle }));
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxPayloadBytes });
  const connectLimiter = new KeyedLimiter(settings.rateConnectionsPerMinute, now);
  const behindFly = options.behindFlyProxy ?? false;
  const ipOf = (req: IncomingMessage) => {
    const fly = behindFly ? req.headers["fly-client-ip"] : undefined;
    return (typeof fly === "string" && fly) || req.socket.remoteAddress || "unknown";
  };

  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (lifecycle.shuttingDown) {
      refuse(socket, log, 503, "Service Unavailable", {
        code: "SERVICE_UNAVAILABLE",
        appCode: "SHUTTING_DOWN",
        message: "The server is restarting",
      });
      return;
    }
    const ip = ipOf(req);
    const verdict = connectLimiter.take(ip);
    if (!verdict.ok) {
      metrics.rateLimited.inc({ limit: "connections" });
      // Opened only to be closed with a code and reason a browser can read (never handed to tRPC).
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.close(
          CLOSE_RATE_LIMITED,
          `Too many connection attempts: at most ${settings.rateConnectionsPerMinute} per minute`,
        );
        // A client that never answers the close is not kept for ws's 30 s close timeout.
        setTimeout(() => ws.terminate(), 2_000).unref();
      });
      return;
    }
    // tRPC keeps the request it is given for the socket's lifetime: hand it (and our own
    // listener) only what is read later instead of the whole IncomingMessage (~1.5 KB).
    const upgraded: UpgradedRequest = { url: req.url, headers: { host: req.headers.host }, ip };
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, upgraded));
  });

  // Per-socket listeners are shared functions (`this` is the socket) rather than closures per
  // connection, and per-socket state lives in its Connection: an idle connection costs no
  // timers and no closures of ours (docs/benchmarks.md, memory per idle connection).
  function onFrame(this: WebSocket, data: Buffer, isBinary: boolean): void {
    const conn = deps.connections.get(this);
    if (!conn) return;
    conn.alive = true;
    if (!isBinary && data.length === 4 && (data.toString() === "PONG" || data.toString() === "PING")) return;
    // Calls get a typed RATE_LIMITED past the message budget (trpc.ts); a socket that keeps
    // flooding frames far beyond it (junk that never reaches a procedure) is cut off.
    if (!conn.frames.take()) {
      metrics.rateLimited.inc({ limit: "frames" });
      log.warn(
        { connId: conn.id, ip: conn.ip, userId: conn.session?.userId },
        "closing a socket that floods frames",
      );
      this.close(1008, "rate limit exceeded");
    }
  }
  function onPong(this: WebSocket): void {
    const conn = deps.connections.get(this);
    if (conn) conn.alive = true;
  }
  function onSocketError(this: WebSocket, err: Error): void {
    log.debug({ err, connId: deps.connections.get(this)?.id }, "socket error");
  }
  function onSocketClose(): void {
    metrics.connections.dec();
  }

  // Registered before tRPC's handler so the Connection exists when createContext runs.
  wss.on("connection", (ws: WebSocket, req: UpgradedRequest) => {
    const conn: Connection = {
      id: randomUUID().slice(0, 8),
      ws,
      ip: req.ip,
      ...sweep.schedule(now()),
      authBy: now() + settings.connectionAuthTimeoutMs,
      messages: new TokenBucket(settings.rateMessagesPerMinute, now),
      frames: new TokenBucket(settings.rateMessagesPerMinute * 2, now),
      alive: true,
      retireAt: null,
      session: null,
    };
    deps.connections.set(ws, conn);
    metrics.connections.inc();
    ws.on("message", onFrame);
    ws.on("pong", onPong);
    ws.on("error", onSocketError);
    ws.once("close", onSocketClose);
  });

  // Heartbeats and the lifetime bound: one shared sweep, its writes spread out (sweep.ts).
  const sweep = createSweep({
    heartbeatMs: settings.heartbeatMs,
    lifetimeMs: settings.connectionMaxLifetimeMs,
    now,
    random,
    log,
    sockets: () => wss.clients,
    connectionOf: (ws) => deps.connections.get(ws),
  });
  const sweepTimer = setInterval(sweep.tick, sweep.tickMs);
  sweepTimer.unref();

  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    createContext: makeCreateContext(deps),
    // Heartbeats are the shared sweep above (tRPC's keepAlive re-arms two timers per socket on
    // every frame). Clients' own "PING" text frames are still answered by tRPC.
    experimental_encoder: liveEncoder,
    onError: ({ error, path, ctx, input, type }) => {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      if (type === "unknown" && path === undefined) {
        // A socket-level error (a reset, an oversized or invalid frame): the socket closes and
        // the client reconnects. Not an application error, and a client must not be able to
        // fill the store's error log by sending bad frames.
        log.debug({ err: error.cause ?? error, userId: ctx?.session?.userId }, "socket error");
        return;
      }
      const interactionId =
        typeof input === "object" &&
        input !== null &&
        "interactionId" in input &&
        typeof input.interactionId === "string"
          ? input.interactionId
          : undefined;
      reportError(`Unexpected error${path ? ` in ${path}` : ""}: ${error.message}`, {
        interactionId,
        userId: ctx?.session?.userId,
        err: error.cause ?? error,
      });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? settings.livePort, options.host ?? settings.liveHost, () => {
      const addr = httpServer.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });
  const host = options.host ?? settings.liveHost;
  const publicHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  log.info({ port, store: store.constructor.name }, "live server listening");

  let stopping: Promise<ShutdownReport> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      lifecycle.shuttingDown = true;
      clearInterval(sweepTimer);
      registry.close();
      simulations.stopAll();
      httpServer.close();
      const rooms = registry.all();
      // Halt first so no command lands after its room's final snapshot.
      for (const room of rooms) {
        room.halt();
        room.snapshot("shutdown");
      }
      const deadline = performance.now() + settings.shutdownFlushMs;
      const { unflushed } = await persistence.flush(settings.shutdownFlushMs);
      if (unflushed.length > 0) log.error({ unflushed }, "shutdown deadline passed with unwritten snapshots");
      persistence.stop();
      // Error reports last (the flush's own refusals among them), within what is left of the deadline.
      const { unsent } = await reports.flush(Math.max(0, deadline - performance.now()));
      if (unsent > 0) log.error({ unsent }, "shutdown deadline passed with unsent error reports");
      reports.stop();
      // Clients reconnect (to the next instance) and resume with lastEventId.
      handler.broadcastReconnectNotification();
      // Give the reconnect notification a moment to leave, then close what is left.
      await new Promise((r) => setTimeout(r, 50));
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      httpServer.closeAllConnections();
      log.info({ rooms: rooms.length, unflushed: unflushed.length }, "live server stopped");
      return { flushed: rooms.length - unflushed.length, unflushed };
    })();
    return stopping;
  };

  return {
    port,
    url: `ws://${publicHost}:${port}`,
    httpUrl: `http://${publicHost}:${port}`,
    store,
    registry,
    persistence,
    stop,
  };
}

function defaultStore(settings: Settings, log: Logger): Store {
  if (settings.convexUrl) {
    if (!settings.convexServiceSecret)
      throw new Error("CONVEX_SERVICE_SECRET must be set together with CONVEX_URL");
    return new ConvexStore(settings.convexUrl, settings.convexServiceSecret);
  }
  log.warn("CONVEX_URL is not set: using the in-memory store. NOTHING WILL BE PERSISTED ACROSS RESTARTS.");
  return new MemoryStore();
}

/**
 * Answers an upgrade we will not take, as ws's abortHandshake does. Node takes its own 'error'
 * listener off the socket before 'upgrade', so without ours a client's reset would be an
 * uncaught exception; and the socket is destroyed once the answer is written, or a client that
 * never closes its side would keep it half-open.
 */
function refuse(
  socket: Duplex,
  log: Logger,
  status: number,
  text: string,
  body: Record<string, unknown>,
): void {
  socket.on("error", (err) => log.debug({ err, status }, "refused upgrade: socket error"));
  socket.once("finish", () => socket.destroy());
  const json = JSON.stringify({ error: body });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
