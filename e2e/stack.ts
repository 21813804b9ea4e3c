import { tmpdir } from "node:os";
import { join } from "node:path";

// Ports and settings of the stack the browser tests start: apart from `npm start`'s defaults so
// both can run at once, with short turn and inactivity timeouts.
export const e2ePorts = { web: 4173, live: 4787, liveControl: 4788, convex: 4210, auth: 4211 } as const;

export const e2eUrls = {
  web: `http://localhost:${e2ePorts.web}`,
  live: `http://localhost:${e2ePorts.live}`,
  liveWs: `ws://localhost:${e2ePorts.live}`,
  /** The e2e supervisor of the live server process (stop/start it like an orchestrator would). */
  liveControl: `http://localhost:${e2ePorts.liveControl}`,
  convex: `http://localhost:${e2ePorts.convex}`,
  auth: `http://localhost:${e2ePorts.auth}`,
} as const;

export const e2eServiceSecret = "e2e-service-secret";

/** Scratch space of one run (emptied at its start): the local services' data and the web build. */
export const e2eScratch = join(tmpdir(), `roundtable-e2e-${e2ePorts.web}`);
export const e2eDataDir = join(e2eScratch, "data");
export const e2eWebDir = join(e2eScratch, "web");

/** Environment shared by every process of the e2e stack. */
export const e2eEnv: Record<string, string> = {
  LIVE_PORT: String(e2ePorts.live),
  WEB_PORT: String(e2ePorts.web),
  LOCAL_CONVEX_PORT: String(e2ePorts.convex),
  LOCAL_AUTH_PORT: String(e2ePorts.auth),
  LOCAL_DATA_DIR: e2eDataDir,
  CONVEX_URL: e2eUrls.convex,
  CONVEX_SERVICE_SECRET: e2eServiceSecret,
  TURN_TIMEOUT_MS: "15000",
  INACTIVITY_TIMEOUT_MS: "60000",
  DISCONNECT_GRACE_MS: "1000",
  // Every browser of the run connects from 127.0.0.1, and a restart reconnects them all at once.
  RATE_CONNECTIONS_PER_MINUTE: "1000",
  RATE_MESSAGES_PER_MINUTE: "10000",
  SHUTDOWN_FLUSH_MS: "5000",
  LOG_LEVEL: "warn",
  VITE_CONVEX_URL: e2eUrls.convex,
  VITE_LIVE_URL: e2eUrls.liveWs,
  VITE_LOCAL_AUTH_URL: e2eUrls.auth,
};
