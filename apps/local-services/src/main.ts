import { resolve } from "node:path";
import { demoUsers } from "./auth/demo-users";
import { readSettings } from "./env";
import { repoRoot, startLocalServices } from "./start";

// `npm start -w apps/local-services`: the offline Convex and Clerk stand-ins (dev and CI only).
const settings = readSettings();
const dataDir = resolve(repoRoot, settings.localDataDir);
const log = (message: string) => console.log(`[local-services] ${message}`);
const warn = (message: string) => console.error(`[local-services] ${message}`);

const services = await startLocalServices({
  convexPort: settings.localConvexPort,
  authPort: settings.localAuthPort,
  dataDir,
  webOrigins: [`http://localhost:${settings.webPort}`, `http://127.0.0.1:${settings.webPort}`],
  ...(settings.convexServiceSecret
    ? { deploymentEnv: { CONVEX_SERVICE_SECRET: settings.convexServiceSecret } }
    : {}),
  log,
}).catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  const hint =
    e.code === "EADDRINUSE"
      ? " (port in use: another instance running? set LOCAL_CONVEX_PORT / LOCAL_AUTH_PORT)"
      : "";
  warn(`failed to start: ${e.message}${hint}`);
  process.exit(1);
});

log(`Local Convex  ${services.convexUrl}  (HTTP /api/query|mutation|action, WebSocket /api/<version>/sync)`);
log(
  `Local auth    ${services.authUrl}  (GET /pem, GET /.well-known/jwks.json, GET /users, POST /token {userId})`,
);
log(`Data          ${dataDir} (keys in local-auth/, database in local-convex.json)`);
(services.seed.status === "failed" ? warn : log)(
  `Seed          ${services.seed.status}: ${services.seed.detail}`,
);
log(`Demo users    ${demoUsers.map((u) => `${u.id} (${u.seat})`).join(", ")}`);
log(
  `Live server   CONVEX_URL=${services.convexUrl} CLERK_ISSUER=${services.authUrl} CLERK_JWT_KEY=<${resolve(dataDir, "local-auth", "public.pem")}> CLERK_AUTHORIZED_PARTIES=http://localhost:${settings.webPort}`,
);
if (!settings.convexServiceSecret) {
  log("CONVEX_SERVICE_SECRET is not set: the live server's live.* functions will answer `misconfigured`");
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: saving data and stopping`);
    services.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
