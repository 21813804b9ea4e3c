import { z } from "zod";

/**
 * Every tunable of Roundtable, with its default and the environment variable that overrides
 * it. This table is the single source: `loadSettings` validates it, the README documents it.
 */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const port = () => int(1, 65535);
const optionalText = () => z.string().min(1).optional();

export const settingDefinitions = {
  livePort: { env: "LIVE_PORT", default: 8787, schema: port(), doc: "Live server HTTP/WebSocket port." },
  liveHost: {
    env: "LIVE_HOST",
    default: "0.0.0.0",
    schema: z.string().min(1),
    doc: "Address the live server binds to.",
  },
  webPort: { env: "WEB_PORT", default: 5173, schema: port(), doc: "Web app dev server port." },
  localConvexPort: {
    env: "LOCAL_CONVEX_PORT",
    default: 3210,
    schema: port(),
    doc: "Offline Convex stand-in port.",
  },
  localAuthPort: {
    env: "LOCAL_AUTH_PORT",
    default: 3211,
    schema: port(),
    doc: "Offline token issuer (Clerk stand-in) port.",
  },
  localDataDir: {
    env: "LOCAL_DATA_DIR",
    default: ".data",
    schema: z.string().min(1),
    doc: "Offline stand-ins' data folder (keys, database), relative to the repo root.",
  },

  turnTimeoutMs: {
    env: "TURN_TIMEOUT_MS",
    default: 90_000,
    schema: int(1_000, 3_600_000),
    doc: "A player's turn length before it is skipped as timed out.",
  },
  inactivityTimeoutMs: {
    env: "INACTIVITY_TIMEOUT_MS",
    default: 300_000,
    schema: int(1_000, 86_400_000),
    doc: "No human command for this long: snapshot and evict the room.",
  },
  disconnectGraceMs: {
    env: "DISCONNECT_GRACE_MS",
    default: 5_000,
    schema: int(0, 600_000),
    doc: "How long a dropped user may reconnect before they count as disconnected.",
  },

  snapshotRetryBaseMs: {
    env: "SNAPSHOT_RETRY_BASE_MS",
    default: 250,
    schema: int(1, 60_000),
    doc: "First retry delay of a failed snapshot write (doubles each try).",
  },
  snapshotRetryMaxMs: {
    env: "SNAPSHOT_RETRY_MAX_MS",
    default: 30_000,
    schema: int(1, 600_000),
    doc: "Longest delay between snapshot write retries.",
  },
  snapshotRetryJitter: {
    env: "SNAPSHOT_RETRY_JITTER",
    default: 0.2,
    schema: z.coerce.number().min(0).max(1),
    doc: "Random share (0-1) added to each retry delay.",
  },
  shutdownFlushMs: {
    env: "SHUTDOWN_FLUSH_MS",
    default: 10_000,
    schema: int(100, 300_000),
    doc: "Deadline to flush every room's snapshot on SIGTERM/SIGINT.",
  },

  rateMessagesPerMinute: {
    env: "RATE_MESSAGES_PER_MINUTE",
    default: 100,
    schema: int(1, 100_000),
    doc: "Messages per minute per connection.",
  },
  rateActionsPerMinute: {
    env: "RATE_ACTIONS_PER_MINUTE",
    default: 20,
    schema: int(1, 100_000),
    doc: "Game actions per minute per player.",
  },
  tabsPerUserPerRoom: {
    env: "TABS_PER_USER_PER_ROOM",
    default: 10,
    schema: int(1, 1_000),
    doc: "Open subscriptions (tabs, windows) one user may have on one live table; every event is sent once per subscription.",
  },
  rateConnectionsPerMinute: {
    env: "RATE_CONNECTIONS_PER_MINUTE",
    default: 10,
    schema: int(1, 100_000),
    doc: "Connection attempts per minute per IP.",
  },
  maxPayloadBytes: {
    env: "MAX_PAYLOAD_BYTES",
    default: 16_384,
    schema: int(256, 1_048_576),
    doc: "Largest WebSocket frame the live server accepts.",
  },
  heartbeatMs: {
    env: "HEARTBEAT_MS",
    default: 30_000,
    schema: int(1_000, 600_000),
    doc: "WebSocket ping interval; a peer silent for longer is dropped.",
  },
  connectionAuthTimeoutMs: {
    env: "CONNECTION_AUTH_TIMEOUT_MS",
    default: 10_000,
    schema: int(1_000, 300_000),
    doc: "How long a new connection may take to send its session token before it is closed (4401).",
  },
  connectionMaxLifetimeMs: {
    env: "CONNECTION_MAX_LIFETIME_MS",
    default: 3_600_000,
    schema: int(10_000, 86_400_000),
    doc: "Longest a connection lives: it is told to reconnect (and re-authenticates) at a random point in the last tenth.",
  },
  // 128: a room's ring keeps each event's JSON once per audience that sees it (a move's delta
  // ~150 characters, ~220 B kept per event on Node 26: ~28 KB per room once full,
  // apps/live/bench/lib/ringMemory.ts); 128 events cover a reconnect after two minutes at the
  // bench's 1 command/s (far longer at a human table's pace), and a longer gap gets a fresh
  // `sync` instead (docs/benchmarks.md).
  eventBufferSize: {
    env: "EVENT_BUFFER_SIZE",
    default: 128,
    schema: int(1, 100_000),
    doc: "Events kept per room so reconnecting clients resume without a gap.",
  },
  slowConsumerBytes: {
    env: "SLOW_CONSUMER_BYTES",
    default: 1_048_576,
    schema: int(1_024, 268_435_456),
    doc: "A socket whose send buffer passes this is dropped and must resync.",
  },

  maxSimulations: {
    env: "MAX_SIMULATIONS",
    default: 10,
    schema: int(1, 1_000),
    doc: "Admin test mode: most simulations running at once; starting another is refused.",
  },

  logLevel: {
    env: "LOG_LEVEL",
    default: "info",
    schema: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    doc: "pino log level.",
  },

  convexUrl: {
    env: "CONVEX_URL",
    default: undefined,
    schema: z.url().optional(),
    doc: "Convex deployment URL. Unset: an in-memory store, nothing kept (logged loudly; refused with NODE_ENV=production); `npm start` sets the local services'.",
  },
  convexServiceSecret: {
    env: "CONVEX_SERVICE_SECRET",
    default: undefined,
    schema: optionalText(),
    doc: "Shared secret the live server presents to its Convex functions (also set in Convex).",
  },
  clerkJwtKey: {
    env: "CLERK_JWT_KEY",
    default: undefined,
    schema: optionalText(),
    doc: "Clerk's PEM public key; tokens are verified networklessly with it.",
  },
  clerkIssuer: {
    env: "CLERK_ISSUER",
    default: undefined,
    schema: z.url().optional(),
    doc: "Expected `iss` of session tokens (Clerk frontend API URL).",
  },
  clerkAuthorizedParties: {
    env: "CLERK_AUTHORIZED_PARTIES",
    default: undefined,
    schema: optionalText(),
    doc: "Comma-separated origins allowed as `azp`.",
  },
  clerkPublishableKey: {
    env: "VITE_CLERK_PUBLISHABLE_KEY",
    default: undefined,
    schema: optionalText(),
    doc: "Web app: Clerk publishable key. Unset: offline demo sign-in.",
  },
} as const;

type Definitions = typeof settingDefinitions;
export type SettingName = keyof Definitions;
export type Settings = { [K in SettingName]: z.output<Definitions[K]["schema"]> };

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly setting: SettingName,
    readonly variable: string,
    readonly value: string,
    readonly allowed: string,
  ) {
    super(`Invalid setting ${setting} (${variable}=${JSON.stringify(value)}): ${allowed}`);
  }
}

/** Parses the given environment against the table; the first bad value throws a ConfigError. */
export function loadSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(settingDefinitions) as [SettingName, Definitions[SettingName]][]) {
    const raw = env[def.env];
    if (raw === undefined || raw === "") {
      out[name] = def.default;
      continue;
    }
    const parsed = (def.schema as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      const allowed = parsed.error.issues.map((i) => i.message).join("; ");
      throw new ConfigError(name, def.env, raw, allowed);
    }
    out[name] = parsed.data;
  }
  const settings = out as Settings;
  if (settings.snapshotRetryMaxMs < settings.snapshotRetryBaseMs) {
    throw new ConfigError(
      "snapshotRetryMaxMs",
      settingDefinitions.snapshotRetryMaxMs.env,
      String(settings.snapshotRetryMaxMs),
      `must be at least SNAPSHOT_RETRY_BASE_MS (${settings.snapshotRetryBaseMs})`,
    );
  }
  return settings;
}

/** The defaults alone, as tests and tools that take no environment use them. */
export const defaultSettings: Settings = loadSettings({});
