#!/usr/bin/env node
// `npm start`: installs what is missing, builds the live server, then runs the local stack
// (offline services unless CONVEX_URL is set, live server, web app) with labelled output.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { ensureInstalled, root } from "./lib/ensure-install.mjs";
import { waitForUrl } from "./lib/wait.mjs";

const say = (msg) => console.log(`\x1b[1m[start]\x1b[0m ${msg}`);
ensureInstalled(say);

const { tsImport } = await import("tsx/esm/api");
const { loadSettings } = await tsImport("../config/src/index.ts", import.meta.url);
let settings;
try {
  settings = loadSettings(process.env);
} catch (err) {
  console.error(`[start] ${err.message}`);
  process.exit(1);
}

say("Building the live server …");
const build = spawnSync(
  "npx",
  ["turbo", "run", "build", "--filter=@roundtable/live", "--output-logs=errors-only"],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const offline = !settings.convexUrl;
const authUrl = `http://localhost:${settings.localAuthPort}`;
const convexUrl = settings.convexUrl ?? `http://localhost:${settings.localConvexPort}`;
const liveUrl = `http://localhost:${settings.livePort}`;
const webUrl = `http://localhost:${settings.webPort}`;

const commands = [];
let liveEnv = {};
if (offline) {
  say("CONVEX_URL is not set: running the offline stand-ins for Convex and Clerk (apps/local-services).");
  // One service secret per run, shared by the local Convex functions and the live server.
  const secret = process.env.CONVEX_SERVICE_SECRET || randomBytes(24).toString("hex");
  commands.push({
    name: "services",
    command: "npm start -w apps/local-services",
    prefixColor: "magenta",
    env: { CONVEX_SERVICE_SECRET: secret },
  });
  liveEnv = { CONVEX_URL: convexUrl, CONVEX_SERVICE_SECRET: secret, CLERK_AUTHORIZED_PARTIES: webUrl };
}
const waitAuth = offline ? `node scripts/lib/wait.mjs ${authUrl}/pem && ` : "";
commands.push({
  name: "live",
  command: `${waitAuth}node apps/live/dist/main.js`,
  prefixColor: "cyan",
  env: liveEnv,
});
commands.push({
  name: "web",
  command: "npm run dev -w apps/web -- --strictPort",
  prefixColor: "green",
  env: {
    VITE_CONVEX_URL: process.env.VITE_CONVEX_URL ?? convexUrl,
    VITE_LIVE_URL: process.env.VITE_LIVE_URL ?? `ws://localhost:${settings.livePort}`,
    VITE_LOCAL_AUTH_URL: process.env.VITE_LOCAL_AUTH_URL ?? authUrl,
  },
});

const { default: concurrently } = await import("concurrently");
const { result, commands: running } = concurrently(commands, {
  cwd: root,
  killOthersOn: ["failure"],
  prefix: "[{name}]",
  padPrefix: true,
  killSignal: "SIGTERM",
});

Promise.all([
  waitForUrl(`${liveUrl}/healthz`, { timeoutMs: 120_000 }),
  waitForUrl(webUrl, { timeoutMs: 120_000 }),
])
  .then(() => {
    const lines = [
      "",
      "Roundtable is running:",
      `  web app      ${webUrl}`,
      `  live server  ${liveUrl}  (ws://localhost:${settings.livePort}, /healthz /readyz /metrics)`,
      `  Convex       ${convexUrl}${offline ? "  (local stand-in)" : ""}`,
    ];
    if (offline) {
      lines.push(`  auth         ${authUrl}  (local Clerk stand-in)`);
      lines.push("", "Demo sign-ins (pick one on the sign-in screen):");
      lines.push("  user_demo_dm     Dungeon Master");
      lines.push("  user_demo_p1-3   players (p1 owns two characters)");
      lines.push("  user_demo_admin  admin (test mode)");
    }
    lines.push("", "Press Ctrl-C to stop everything.", "");
    console.log(lines.join("\n"));
  })
  .catch((err) => say(`Not every service came up: ${err.message}`));

// Stop every child (with its process tree) on Ctrl-C, on SIGTERM/SIGHUP from a process manager,
// and when our parent goes away (npm exits on SIGTERM without passing it on).
let stopping = false;
const stopAll = (signal) => {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping every service …`);
  for (const command of running) command.kill("SIGTERM");
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stopAll(signal));
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stopAll("parent exited"), 1_000).unref();

result.then(
  () => process.exit(0),
  () => process.exit(process.exitCode ?? 0),
);
