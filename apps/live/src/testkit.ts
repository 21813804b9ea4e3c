/**
 * Helpers for integration tests (and benchmarks): a real server on an ephemeral port with a
 * MemoryStore, tokens signed with a key generated here, real @trpc/client wsLink clients.
 */
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from "@trpc/client";
import { WebSocket } from "ws";
import type { Settings } from "@roundtable/config";
import { MemoryStore } from "./persistence/memoryStore";
import type { Store } from "./persistence/store";
import { applyPatches, enablePatches } from "immer";
import type { ViewState } from "./engine/view";
import { type LiveEvent, deltaBase } from "./room/events";
import { decodePatches } from "./room/patchCodec";
import { type LiveServer, startLiveServer } from "./server";
import type { AppRouter } from "./trpc/root";
import { ISSUER, PARTY, type TestKeys, type TokenOptions, makeKeys, signToken } from "./testTokens";

export { ISSUER, PARTY, makeKeys, signToken } from "./testTokens";
export type { TestKeys, TokenOptions } from "./testTokens";

export type TestServer = LiveServer & { keys: TestKeys; memory: MemoryStore };

/**
 * `random`: the server's source of randomness (rooms' dice seeds, jitter); fix it for a test
 * whose assertions depend on how the dice fall. `now`: the server's clock (turn deadlines,
 * inactivity), for a test that needs it to stand still or jump; timers still run in real time.
 */
export async function startTestServer(
  settings: Partial<Settings> = {},
  store?: Store,
  random?: () => number,
  now?: () => number,
): Promise<TestServer> {
  const keys = await makeKeys();
  const memory = store instanceof MemoryStore ? store : new MemoryStore();
  const server = await startLiveServer({
    random,
    now,
    port: 0,
    host: "127.0.0.1",
    store: store ?? memory,
    auth: { jwtKey: keys.pem, issuer: ISSUER, authorizedParties: [PARTY] },
    settings: {
      logLevel: "silent",
      rateConnectionsPerMinute: 10_000,
      rateMessagesPerMinute: 10_000,
      rateActionsPerMinute: 10_000,
      ...settings,
    },
  });
  return { ...server, keys, memory };
}

export type TestClient = {
  trpc: TRPCClient<AppRouter>;
  ws: ReturnType<typeof createWSClient>;
  close: () => Promise<void>;
};

export function connectClient(
  server: Pick<LiveServer, "url">,
  token: string | (() => string | Promise<string>),
): TestClient {
  const ws = createWSClient({
    url: server.url,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: async () => ({ token: typeof token === "function" ? await token() : token }),
    retryDelayMs: () => 50,
  });
  const trpc = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
  return { trpc, ws, close: () => ws.close() };
}

enablePatches();

export type EventLog = {
  events: { id: string | undefined; event: LiveEvent }[];
  errors: unknown[];
  completed: boolean;
  unsubscribe: () => void;
  waitFor: (pred: (e: LiveEvent) => boolean, label?: string, timeoutMs?: number) => Promise<LiveEvent>;
  of: <T extends LiveEvent["type"]>(type: T) => Extract<LiveEvent, { type: T }>[];
  /** The viewer's view as a client rebuilds it: the last `sync` with every later `delta` applied. */
  view: ViewState | null;
  version: number;
  /** Every view the client went through (after each sync and delta), oldest first. */
  views: ViewState[];
  /** Deltas that did not chain onto the client's version (`prev` ahead of it): must stay 0. */
  gaps: number;
  /** Waits until the rebuilt view satisfies `pred`. */
  waitView: (pred: (v: ViewState) => unknown, label?: string, timeoutMs?: number) => Promise<ViewState>;
  /** The successive distinct values of `select` over `views` (e.g. someone's presence, the turn id). */
  changes: <T>(select: (v: ViewState) => T) => T[];
};

/** Subscribes to interaction.events and records everything. */
export function watch(client: TestClient, interactionId: string, lastEventId?: string): EventLog {
  const log: EventLog = {
    events: [],
    errors: [],
    completed: false,
    unsubscribe: () => undefined,
    waitFor: (pred, label = "event", timeoutMs = 5_000) =>
      waitUntil(() => log.events.map((e) => e.event).find(pred), label, timeoutMs),
    of: <T extends LiveEvent["type"]>(type: T) =>
      log.events.map((e) => e.event).filter((e): e is Extract<LiveEvent, { type: T }> => e.type === type),
    view: null,
    version: -1,
    views: [],
    gaps: 0,
    waitView: (pred, label = "view", timeoutMs = 5_000) =>
      waitUntil(() => (log.view && pred(log.view) ? log.view : undefined), label, timeoutMs),
    changes: (select) => {
      const out: ReturnType<typeof select>[] = [];
      for (const v of log.views) {
        const x = select(v);
        if (out.length === 0 || !Object.is(out[out.length - 1], x)) out.push(x);
      }
      return out;
    },
  };
  const follow = (e: LiveEvent) => {
    if (e.type === "sync") {
      log.view = e.view as ViewState;
      log.version = e.version;
    } else if (e.type === "delta" && log.view) {
      if (e.v <= log.version) return;
      if (deltaBase(e) > log.version) log.gaps++;
      log.view = applyPatches(log.view, decodePatches(e.p));
      log.version = e.v;
    } else return;
    log.views.push(log.view);
  };
  const sub = client.trpc.interaction.events.subscribe(
    { interactionId, lastEventId },
    {
      onData: (tracked) => {
        log.events.push({ id: tracked.id, event: tracked.data as LiveEvent });
        follow(tracked.data as LiveEvent);
      },
      onError: (err) => log.errors.push(err),
      onComplete: () => {
        log.completed = true;
      },
    },
  );
  log.unsubscribe = () => sub.unsubscribe();
  return log;
}

/** Polls until `probe` returns a value (not undefined/false/null) or the timeout passes. */
export async function waitUntil<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  label = "condition",
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const DM = "user_dm";
export const P1 = "user_p1";
export const P2 = "user_p2";
export const OUTSIDER = "user_outsider";
export const ADMIN = "user_admin";

const abilities = { str: 1, dex: 2, con: 1, int: 0, wis: 0, cha: 0 };
const sword = {
  id: "sword",
  name: "Sword",
  kind: "attack",
  toHit: 5,
  damage: "1d8+3",
  damageType: "slashing",
  range: 5,
} as const;
const bow = {
  id: "bow",
  name: "Bow",
  kind: "attack",
  toHit: 5,
  damage: "1d6",
  damageType: "piercing",
  range: 80,
} as const;
const gear = () => [
  {
    id: "potion",
    name: "Potion",
    type: "consumable" as const,
    charges: 2,
    effect: { kind: "heal" as const, amount: "1d4" },
  },
  { id: "shield", name: "Shield", type: "armor" as const, equipped: false, acBonus: 2 },
];

/** A small table: two PCs (P1, P2), a goblin in view and one hidden in ambush. */
export function tableSetup(id: string, extra: { isTest?: boolean; dmUserId?: string } = {}) {
  const pc = (entityId: string, name: string, owner: string, x: number) => ({
    entityId,
    side: "party" as const,
    position: { x, y: 1 },
    sheet: {
      name,
      kind: "pc" as const,
      ownerUserId: owner,
      level: 1,
      xp: 0,
      maxHp: 20,
      ac: 14,
      speed: 30,
      abilities,
      inventory: gear(),
      actions: [sword, bow],
    },
  });
  const goblin = (entityId: string, name: string, x: number, hidden: boolean) => ({
    entityId,
    side: "enemy" as const,
    position: { x, y: 6 },
    hidden,
    sheet: {
      name,
      kind: "monster" as const,
      level: 1,
      xp: 50,
      maxHp: 7,
      ac: 13,
      speed: 30,
      abilities,
      inventory: [],
      actions: [sword],
    },
  });
  return {
    id,
    name: "Test table",
    kind: "combat" as const,
    dmUserId: extra.dmUserId ?? DM,
    isTest: extra.isTest ?? false,
    participants: [
      pc("pc1", "Aria", P1, 1),
      pc("pc2", "Bron", P2, 2),
      goblin("gob1", "Goblin", 5, false),
      goblin("gob2", "Lurker", 8, true),
    ],
    map: {
      width: 10,
      height: 10,
      blocked: [],
      difficult: [],
      objects: [
        {
          id: "door1",
          name: "Door",
          kind: "door" as const,
          position: { x: 0, y: 1 },
          open: false,
          locked: false,
        },
      ],
    },
  };
}

/** The tRPC error's code and our appCode, for assertions. */
export async function failure(p: Promise<unknown>): Promise<{
  code: string | undefined;
  appCode: string | null | undefined;
  message: string;
  details: unknown;
  issues: unknown;
}> {
  try {
    await p;
  } catch (err) {
    const e = err as {
      message: string;
      data?: { code?: string; appCode?: string | null; details?: unknown; issues?: unknown };
    };
    return {
      code: e.data?.code,
      appCode: e.data?.appCode,
      message: e.message,
      details: e.data?.details,
      issues: e.data?.issues,
    };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export type Table = {
  id: string;
  dm: TestClient;
  p1: TestClient;
  p2: TestClient;
  token: (userId: string, opts?: TokenOptions) => Promise<string>;
  close: () => Promise<void>;
};

/** Seeds the standard table, connects DM and both players, and has the DM launch it. */
export async function openTable(
  server: TestServer,
  id = "int_1",
  setup: unknown = tableSetup(id),
): Promise<Table> {
  server.memory.seed(id, setup, "draft");
  const token = (userId: string, opts?: TokenOptions) => signToken(server.keys, userId, opts);
  const [dmT, p1T, p2T] = await Promise.all([token(DM), token(P1), token(P2)]);
  const dm = connectClient(server, dmT);
  const p1 = connectClient(server, p1T);
  const p2 = connectClient(server, p2T);
  await dm.trpc.interaction.launch.mutate({ interactionId: id });
  return {
    id,
    dm,
    p1,
    p2,
    token,
    close: async () => void (await Promise.all([dm.close(), p1.close(), p2.close()])),
  };
}

/** Fixed initiative (Aria, Bron, Goblin, Lurker) and start: Aria has the first turn. */
export async function startCombat(t: Table): Promise<void> {
  // Players set their own PCs' initiative; the DM sets the monsters'.
  await t.p1.trpc.interaction.updateInitiative.mutate({
    interactionId: t.id,
    entityId: "pc1",
    initiative: 30,
  });
  await t.p2.trpc.interaction.updateInitiative.mutate({
    interactionId: t.id,
    entityId: "pc2",
    initiative: 25,
  });
  await t.dm.trpc.interaction.updateInitiative.mutate({
    interactionId: t.id,
    entityId: "gob1",
    initiative: 20,
  });
  await t.dm.trpc.interaction.updateInitiative.mutate({
    interactionId: t.id,
    entityId: "gob2",
    initiative: 10,
  });
  await t.dm.trpc.interaction.start.mutate({ interactionId: t.id });
}

/** The current turn as the DM sees it. */
export async function currentTurn(
  t: Table,
): Promise<{ id: number; entityId: string | null; deadline?: number }> {
  const s = await t.dm.trpc.interaction.state.query({ interactionId: t.id });
  const view = s.view as { turn: { id: number; entityId: string | null; deadline?: number } | null };
  if (!view.turn) throw new Error("no turn is running");
  return view.turn;
}

/** Drops the client's socket from its side; the client reconnects by itself. */
export function dropSocket(client: TestClient): void {
  const ws = client.ws.connection?.ws;
  if (!ws) throw new Error("client has no open socket");
  ws.close();
}

/** A token provider that holds reconnects until `open()` is called. */
export function gatedToken(token: string) {
  let gate: Promise<void> = Promise.resolve();
  let release: () => void = () => undefined;
  return {
    provide: async () => {
      await gate;
      return token;
    },
    hold: () => {
      gate = new Promise<void>((r) => (release = r));
    },
    open: () => release(),
  };
}

export type RawClient = {
  ws: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number }>;
  send: (msg: unknown) => void;
  waitFor: (
    pred: (m: Record<string, unknown>) => boolean,
    label?: string,
  ) => Promise<Record<string, unknown>>;
};

/** A bare `ws` socket speaking tRPC's wire protocol by hand (for malformed input and slow reads). */
export async function rawClient(server: Pick<LiveServer, "url">, token: string | null): Promise<RawClient> {
  const ws = new WebSocket(`${server.url}${token === null ? "" : "?connectionParams=1"}`);
  const messages: unknown[] = [];
  ws.on("message", (data: Buffer) => {
    const text = data.toString();
    try {
      messages.push(JSON.parse(text));
    } catch {
      messages.push(text);
    }
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on("close", (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  if (token !== null) ws.send(JSON.stringify({ method: "connectionParams", data: { token } }));
  return {
    ws,
    messages,
    closed,
    send: (msg) => ws.send(typeof msg === "string" ? msg : JSON.stringify(msg)),
    waitFor: (pred, label = "message") =>
      waitUntil(
        () =>
          messages.find(
            (m): m is Record<string, unknown> =>
              typeof m === "object" && m !== null && pred(m as Record<string, unknown>),
          ),
        label,
      ),
  };
}

/** Reads one Prometheus sample (first match) from /metrics. */
export async function metric(server: Pick<LiveServer, "httpUrl">, name: string): Promise<number> {
  const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(name));
  return line ? Number(line.split(" ").pop()) : 0;
}
