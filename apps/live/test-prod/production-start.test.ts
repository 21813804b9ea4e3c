/**
 * The live server as its image runs it (Docker cannot run here, so this does what the image
 * does): the Dockerfile's `deps` stage replayed in a temporary folder, apps/live/dist beside it,
 * the image's CMD with the image's ENV and fly.toml's [env], configured like production against
 * the offline Convex and Clerk stand-ins. Then: health, a live join, SIGTERM, snapshots in Convex.
 *
 * Needs apps/live/dist (npm test builds first) and the npm registry or a warm npm cache.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalServices, type LocalServices } from "../../local-services/src/index";
import { connectClient, watch, type TestClient } from "../src/testkit";
import {
  hostPath,
  layOutRuntime,
  parseDockerfile,
  readRepoFile,
  replayStage,
  stage,
  workdirOf,
  type RuntimeImage,
} from "./dockerfile";
import { hostEnv } from "./env";
import { dockerfileNodeVersion, imageNode } from "./imageNode";
import { flySettings, seconds } from "./flyToml";

const repoRoot = resolve(import.meta.dirname, "../../..");
const WEB_ORIGIN = "https://roundtable.example.test";

type StoredSnapshot = { version: number; reason: string; state: unknown; savedAt: number };
const loadForRoom = makeFunctionReference<
  "query",
  { secret: string; interactionId: string },
  { status: string; snapshot: StoredSnapshot | null } | null
>("live:loadForRoom");
const listMine = makeFunctionReference<
  "query",
  Record<string, never>,
  { _id: string; name: string; participantCount: number; isTest: boolean }[]
>("interactions:listMine");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return address.port;
}

async function until(probe: () => Promise<boolean>, label: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A running `node dist/main.js`, its output kept for failure messages. */
type Running = {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

describe("the live server started as its image starts it", () => {
  let work = "";
  let appDir = "";
  let image: RuntimeImage;
  /** The image's Node (the Dockerfile's ARG NODE_VERSION), whatever Node runs the tests. */
  let node = "";
  let nodeVersion = "";
  let fly: ReturnType<typeof flySettings>;
  let services: LocalServices | undefined;
  let secret = "";
  let env: Record<string, string> = {};
  const running: Running[] = [];
  const clients: TestClient[] = [];

  const token = async (userId: string, template?: "convex"): Promise<string> => {
    const res = await fetch(`${services!.authUrl}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(template ? { userId, template } : { userId }),
    });
    if (!res.ok) throw new Error(`token for ${userId}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };

  /** What the live server's own Convex function returns for a room: status and snapshot. */
  const storedRow = async (interactionId: string) => {
    const convex = new ConvexHttpClient(services!.convexUrl, { logger: false });
    const row = await convex.query(loadForRoom, { secret, interactionId });
    if (row === null) throw new Error(`Convex has no interaction ${interactionId}`);
    return row;
  };
  const stored = async (interactionId: string): Promise<StoredSnapshot | null> =>
    (await storedRow(interactionId)).snapshot;

  /** Starts the image's CMD in the image's WORKDIR, on a free port, and waits for /healthz. */
  const start = async (): Promise<Running> => {
    const port = await freePort();
    const [command, ...args] = image.cmd;
    const child = spawn(command === "node" ? node : command!, args, {
      cwd: appDir,
      // As `docker run -p <port>:8787`: the port differs, everything else is the image's.
      env: { ...env, LIVE_PORT: String(port), LIVE_HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.once("exit", (code, signal) => r({ code, signal })),
    );
    const run: Running = { child, port, output: () => out, exited };
    running.push(run);
    let gone = false;
    void exited.then(() => (gone = true));
    for (let i = 0; ; i++) {
      if (gone) throw new Error(`The server exited during start-up:\n${out}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
        if (res.ok) return run;
      } catch {
        // not listening yet
      }
      if (i > 300) throw new Error(`The server did not answer /healthz:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const connect = async (userId: string, run: Running): Promise<TestClient> => {
    const client = connectClient({ url: `ws://127.0.0.1:${run.port}` }, await token(userId));
    clients.push(client);
    return client;
  };

  const closeClients = async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  };

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, "apps/live/dist/main.js"))) {
      throw new Error(
        "apps/live/dist/main.js is missing: build first (npm run build -w apps/live; npm test does)",
      );
    }
    work = mkdtempSync(join(tmpdir(), "rt-production-start-"));
    const dockerfile = readRepoFile(repoRoot, "Dockerfile");
    nodeVersion = dockerfileNodeVersion(dockerfile);
    node = imageNode(repoRoot, nodeVersion, (m) => console.log(`[production start] ${m}`));
    const stages = parseDockerfile(dockerfile);
    const depsDir = join(work, "deps");
    mkdirSync(depsDir);
    const deps = replayStage(stage(stages, "deps"), {
      context: repoRoot,
      folder: depsDir,
      // Cache settings only: the command lines run as the Dockerfile writes them.
      env: { npm_config_prefer_offline: "true", npm_config_update_notifier: "false" },
    });
    const buildWorkdir = workdirOf(stage(stages, "build"));
    appDir = join(work, "image");
    image = layOutRuntime(stage(stages, "runtime"), appDir, {
      deps: (p) => hostPath(deps.workdir, depsDir, p),
      // The build stage's WORKDIR holds the repository; its dist/ is the one `npm test` built.
      build: (p) => hostPath(buildWorkdir, repoRoot, p),
    });
    appDir = hostPath(image.workdir, appDir, ".");
    fly = flySettings(readRepoFile(repoRoot, "fly.toml"));

    secret = randomBytes(24).toString("base64url");
    services = await startLocalServices({
      convexPort: 0,
      authPort: 0,
      dataDir: join(work, "services"),
      webOrigins: [WEB_ORIGIN],
      deploymentEnv: { CONVEX_SERVICE_SECRET: secret },
    });
    // What the Machine sees: the image's ENV, fly.toml's [env], the secrets of docs/deploy.md.
    env = {
      PATH: hostEnv().PATH ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: appDir,
      ...image.env,
      ...fly.env,
      CONVEX_URL: services.convexUrl,
      CONVEX_SERVICE_SECRET: secret,
      CLERK_JWT_KEY: services.publicKeyPem,
      CLERK_ISSUER: services.authUrl,
      CLERK_AUTHORIZED_PARTIES: WEB_ORIGIN,
    };
  }, 300_000);

  afterAll(async () => {
    await closeClients();
    for (const run of running)
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    await services?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("has only the live server's production dependencies, at the versions of package-lock.json", () => {
    const lock = JSON.parse(readRepoFile(repoRoot, "package-lock.json")) as {
      packages: Record<string, { version?: string; dev?: boolean }>;
    };
    const installed = JSON.parse(readFileSync(join(appDir, "node_modules/.package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const names = Object.keys(installed.packages).filter((p) => p.startsWith("node_modules/"));
    expect(names.length).toBeGreaterThan(0);
    const live = JSON.parse(readRepoFile(repoRoot, "apps/live/package.json")) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const dep of Object.keys(live.dependencies).filter((n) => !n.startsWith("@roundtable/"))) {
      expect(names, `${dep} is a dependency of apps/live`).toContain(`node_modules/${dep}`);
    }
    // Pinned: every installed name@version is one the workspace lock has, and not a dev-only one.
    const nameOf = (path: string) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    const lockedAs = new Map<string, boolean>();
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path.includes("node_modules/") || !entry.version) continue;
      const key = `${nameOf(path)}@${entry.version}`;
      lockedAs.set(key, (lockedAs.get(key) ?? true) && entry.dev === true);
    }
    const problems = names.flatMap((path) => {
      const key = `${nameOf(path)}@${installed.packages[path]!.version}`;
      const devOnly = lockedAs.get(key);
      if (devOnly === undefined) return [`${key} is not in package-lock.json`];
      return devOnly ? [`${key} is a dev-only package`] : [];
    });
    expect(problems).toEqual([]);
    for (const dev of Object.keys(live.devDependencies)) {
      if (!lock.packages[`node_modules/${dev}`]?.dev) continue;
      expect(names, `${dev} is a dev dependency`).not.toContain(`node_modules/${dev}`);
    }
    // The bundle is there, and no workspace sources are: @roundtable/* is inside dist/main.js.
    expect(readdirSync(join(appDir, "dist"))).toContain("main.js");
    expect(existsSync(join(appDir, "node_modules/@roundtable"))).toBe(false);
  });

  it("listens on the port fly.toml routes to, and passes the health checks Fly and Docker run", async () => {
    expect(Number(image.env.LIVE_PORT)).toBe(fly.internalPort);
    expect(image.exposed).toContain(fly.internalPort);
    expect(image.user, "the image must not run as root").toBe("node");
    const run = await start();
    for (const path of [...fly.serviceChecks, ...fly.machineChecks.map((c) => c.path)]) {
      const res = await fetch(`http://127.0.0.1:${run.port}${path}`);
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    }
    expect(fly.machineChecks.every((c) => c.port === fly.internalPort)).toBe(true);
    const ready = (await (await fetch(`http://127.0.0.1:${run.port}/readyz`)).json()) as { ready: boolean };
    expect(ready.ready).toBe(true);
    // On the image's Node, not the host's (prom-client's default metrics name the runtime).
    const metrics = await (await fetch(`http://127.0.0.1:${run.port}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`nodejs_version_info\\{[^}]*version="v${nodeVersion.replaceAll(".", "\\.")}"`),
    );
    expect(image.healthcheck).not.toBeNull();
    const [command, ...args] = image.healthcheck!;
    const probe = spawnSync(command === "node" ? node : command!, args, {
      env: { ...env, LIVE_PORT: String(run.port) },
      encoding: "utf8",
      timeout: 10_000,
    });
    expect(probe.status, probe.stderr).toBe(0);
  });

  let interactionId = "";
  let chatText = "";
  let chatVersion = 0;

  it("lets the DM launch the demo interaction and a player join it over WebSocket", async () => {
    const run = running[0]!;
    const convex = new ConvexHttpClient(services!.convexUrl, { logger: false });
    convex.setAuth(await token("user_demo_dm", "convex"));
    const mine = await convex.query(listMine, {});
    const demo = mine.find((i) => !i.isTest && i.participantCount > 0);
    expect(demo, `the DM's interactions: ${JSON.stringify(mine)}`).toBeDefined();
    interactionId = demo!._id;

    const dm = await connect("user_demo_dm", run);
    await dm.trpc.interaction.launch.mutate({ interactionId });
    // Players' apps open the live modal from Convex's status: the launch must reach it.
    await until(
      async () => (await storedRow(interactionId)).status === "live",
      "the interaction to be live in Convex",
    );

    const player = await connect("user_demo_p1", run);
    const events = watch(player, interactionId);
    const sync = await events.waitFor((e) => e.type === "sync", "the player's sync", 10_000);
    expect(sync).toMatchObject({ type: "sync", role: "player", userId: "user_demo_p1" });

    chatText = `before the restart ${randomBytes(4).toString("hex")}`;
    chatVersion = (
      await dm.trpc.interaction.sendChat.mutate({ interactionId, channel: "party", text: chatText })
    ).version;
    await events.waitFor(
      (e) => e.type === "chat" && e.message.text === chatText,
      "the DM's chat message",
      10_000,
    );
    expect(events.errors).toEqual([]);
  });

  it(`writes every room's snapshot to Convex on fly.toml's kill_signal and exits 0`, async () => {
    const run = running[0]!;
    expect(interactionId, "needs the live join above").not.toBe("");
    // Docker (STOPSIGNAL) and Fly (kill_signal) send the same signal, and Fly waits long enough.
    expect(image.stopSignal).toBe(fly.killSignal);
    expect(seconds(fly.killTimeout) * 1000).toBeGreaterThan(Number(fly.env.SHUTDOWN_FLUSH_MS));
    // Not yet in Convex: only the shutdown flush can put it there.
    expect(JSON.stringify((await stored(interactionId))?.state ?? null)).not.toContain(chatText);

    run.child.kill(fly.killSignal as NodeJS.Signals);
    const exit = await run.exited;
    expect(exit, run.output()).toEqual({ code: 0, signal: null });
    await closeClients();

    const snapshot = await stored(interactionId);
    expect(snapshot, run.output()).not.toBeNull();
    expect(snapshot!.version).toBeGreaterThanOrEqual(chatVersion);
    expect(JSON.stringify(snapshot!.state)).toContain(chatText);
  });

  it("rebuilds the room from that snapshot when the next Machine starts, and players continue", async () => {
    const before = await stored(interactionId);
    expect(before, "needs the flushed snapshot above").not.toBeNull();
    const run = await start();
    const player = await connect("user_demo_p1", run);
    const events = watch(player, interactionId);
    const sync = await events.waitFor(
      (e) => e.type === "sync",
      "the player's sync after the restart",
      10_000,
    );
    if (sync.type !== "sync") throw new Error("unreachable");
    expect(sync.version).toBe(before!.version);
    expect(sync.chat.map((m) => m.text)).toContain(chatText);

    run.child.kill(fly.killSignal as NodeJS.Signals);
    expect(await run.exited, run.output()).toEqual({ code: 0, signal: null });
  });
});
