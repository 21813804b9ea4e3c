import { ConfigError } from "@roundtable/config";
import { readRuntime, readSettings } from "./env";
import { createLogger } from "./logger";
import { startLiveServer } from "./server";

/** `npm start`: the live server on its configured port; SIGTERM/SIGINT flush and exit 0. */
async function main(): Promise<void> {
  let settings;
  try {
    settings = readSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`live server: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(settings.logLevel);
  const server = await startLiveServer({
    settings,
    logger: log,
    behindFlyProxy: readRuntime().behindFlyProxy,
  });
  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, "shutting down");
    server.stop().then(
      (report) => {
        if (report.unflushed.length > 0)
          log.error({ unflushed: report.unflushed }, "exiting with unwritten snapshots");
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("unhandledRejection", (err) => log.error({ err }, "unhandled rejection"));
  process.on("uncaughtException", (err) => {
    // State may be inconsistent: save what we can and let the platform restart us.
    log.fatal({ err }, "uncaught exception; shutting down");
    void server.stop().finally(() => process.exit(1));
  });
}

main().catch((err: unknown) => {
  console.error("live server failed to start:", err instanceof Error ? err.message : err);
  process.exit(1);
});
