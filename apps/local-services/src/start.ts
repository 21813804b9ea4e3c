import { rename } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { createAuthServer } from "./auth/server";
import { loadOrCreateKeys } from "./auth/keys";
import { verifySessionToken } from "./auth/tokens";
import { ConvexEngine } from "./convex/engine";
import { identityFromClaims } from "./convex/identity";
import { convexModules, type ModuleMap } from "./convex/modules";
import { DataFileWriter, readDataFile, restoreTables, tablesNotInSchema } from "./convex/persistence";
import { LocalConvexServer } from "./convex/server";
import { setConvexDeploymentEnv } from "./env";
import { closeServer, listen } from "./http-util";
import { demoScenario } from "./scenario";
import { fillSeats, seedDemo, type ScenarioSetup, type SeedReport } from "./seed";

export const repoRoot = resolve(import.meta.dirname, "../../..");

export type LocalServicesOptions = {
  /** 0 picks a free port. */
  convexPort: number;
  authPort: number;
  /** Keys go to `<dataDir>/local-auth/`, the database to `<dataDir>/local-convex.json`. */
  dataDir: string;
  /** Loopback by default: these services trust anyone who can reach them. */
  host?: string;
  /** Browser origins allowed by CORS; the first is every token's `azp`. */
  webOrigins?: readonly string[];
  /** The Convex functions to serve; defaults to the repo's convex/. */
  convexDir?: string;
  /** Set on the Convex side like `npx convex env set` (e.g. CONVEX_SERVICE_SECRET). */
  deploymentEnv?: Readonly<Record<string, string>>;
  /** Seed demo data (idempotent). Default true. */
  seed?: boolean;
  /** The interaction to seed; defaults to the engine's goblin-ambush fixture. */
  scenario?: ScenarioSetup;
  /** Milliseconds from a commit to the data file write. */
  saveDelayMs?: number;
  log?: (message: string) => void;
};

export type LocalServices = {
  convexUrl: string;
  authUrl: string;
  /** The token issuer's public key (what CLERK_JWT_KEY takes). */
  publicKeyPem: string;
  seed: SeedReport;
  /** Flushes the data file and closes both servers. */
  stop(): Promise<void>;
};

/** Starts the offline Convex and Clerk stand-ins in this process. */
export async function startLocalServices(opts: LocalServicesOptions): Promise<LocalServices> {
  const host = opts.host ?? "127.0.0.1";
  const log = opts.log ?? (() => {});
  const webOrigins = opts.webOrigins ?? ["http://localhost:5173"];
  const convexDir = opts.convexDir ?? join(repoRoot, "convex");
  if (opts.deploymentEnv) setConvexDeploymentEnv(opts.deploymentEnv);

  // Restore before anything listens: restoring pins the clock for a moment.
  const engine = await createEngine(convexDir);
  const dataPath = join(opts.dataDir, "local-convex.json");
  const { carried } = await restore(engine, dataPath, log);

  const keys = await loadOrCreateKeys(join(opts.dataDir, "local-auth"));
  let authUrl = "";
  const authServer = createAuthServer({ keys, issuer: () => authUrl, webOrigins });
  const authPort = await listen(authServer, opts.authPort, host);
  authUrl = `http://localhost:${authPort}`;
  const writer = new DataFileWriter(dataPath, engine, opts.saveDelayMs ?? 200, log, carried);
  const convex = new LocalConvexServer({
    engine,
    verifyToken: async (token) =>
      identityFromClaims(await verifySessionToken(keys.publicKey, token, authUrl)),
    allowedOrigins: webOrigins,
    onCommit: () => writer.markDirty(),
    log,
  });
  // Before seeding, and whether or not it runs: seeding rolls back whole when it throws.
  const seats = await fillSeats(engine);
  if ("failed" in seats) log(`local-convex: could not fill old seats (${seats.failed})`);
  else if (seats.filled > 0) {
    log(`local-convex: filled ${seats.filled} seats saved before they mirrored their game's status`);
    convex.commit();
  }
  const seed =
    opts.seed === false
      ? { status: "skipped" as const, detail: "seeding disabled" }
      : await seedDemo(engine, opts.scenario ?? demoScenario());
  if (seed.status === "seeded") convex.commit();
  let convexPort: number;
  try {
    convexPort = await listen(convex.http, opts.convexPort, host);
  } catch (err) {
    await closeServer(authServer);
    throw err;
  }

  let stopped: Promise<void> | undefined;
  return {
    convexUrl: `http://localhost:${convexPort}`,
    authUrl,
    publicKeyPem: keys.publicPem,
    seed,
    stop: () =>
      (stopped ??= (async () => {
        convex.closeSessions();
        await Promise.all([closeServer(convex.http), closeServer(authServer)]);
        await writer.flush();
      })()),
  };
}

/**
 * Loads the data file into the engine. A file the current schema cannot take (the schema
 * changed under it) is moved aside, not deleted, and the engine starts empty.
 */
async function restore(engine: ConvexEngine, dataPath: string, log: (message: string) => void) {
  let saved;
  try {
    saved = await readDataFile(dataPath);
    if (!saved) return { carried: {} };
    const count = await restoreTables(engine, saved);
    log(`local-convex: restored ${count} documents from ${dataPath}`);
  } catch (err) {
    const aside = `${dataPath}.unreadable-${Date.now()}`;
    await rename(dataPath, aside);
    log(
      `local-convex: could not load ${dataPath} (${(err as Error).message}); moved it to ${aside} and started empty`,
    );
    return { carried: {} };
  }
  const carried = tablesNotInSchema(engine, saved);
  const names = Object.keys(carried);
  if (names.length > 0)
    log(`local-convex: tables not in the schema kept in the file, not served: ${names.join(", ")}`);
  return { carried };
}

async function createEngine(convexDir: string): Promise<ConvexEngine> {
  const modules: ModuleMap = convexModules(convexDir);
  const root = convexDir.split("\\").join("/");
  const schemaKey = Object.keys(modules).find((k) => /^\/schema\.[cm]?[jt]s$/.test(k.slice(root.length)));
  const schemaModule = schemaKey
    ? ((await import(pathToFileURL(schemaKey).href)) as { default: SchemaDefinition<GenericSchema, boolean> })
    : undefined;
  if (!schemaModule?.default) throw new Error(`No schema.ts with a default export in ${convexDir}`);
  return new ConvexEngine(schemaModule.default, modules);
}
