import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ISSUER, makeKeys } from "./testTokens";

const tsx = fileURLToPath(new URL("../../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const mainTs = fileURLToPath(new URL("./main.ts", import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [tsx, mainTs], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

describe("the live server process", () => {
  it("refuses to start on a bad setting, with the ConfigError message", async () => {
    const proc = run({ TURN_TIMEOUT_MS: "abc" });
    const code = await proc.exited;
    expect(code).not.toBe(0);
    expect(proc.output()).toContain('Invalid setting turnTimeoutMs (TURN_TIMEOUT_MS="abc")');
  });

  it("refuses to start in production without its store and keys, instead of keeping nothing", async () => {
    const keys = await makeKeys();
    const proc = run({ NODE_ENV: "production", CLERK_JWT_KEY: keys.pem, CLERK_ISSUER: ISSUER });
    expect(await proc.exited).toBe(78);
    expect(proc.output()).toContain(
      'Invalid setting convexUrl (CONVEX_URL=""): required when NODE_ENV=production',
    );
  });

  it("serves /healthz, /readyz and /metrics, and exits 0 on SIGTERM after flushing", async () => {
    const keys = await makeKeys();
    const port = await freePort();
    const proc = run({
      LIVE_PORT: String(port),
      LIVE_HOST: "127.0.0.1",
      CLERK_JWT_KEY: keys.pem,
      CLERK_ISSUER: ISSUER,
      LOG_LEVEL: "info",
      CONVEX_URL: "",
    });
    const base = `http://127.0.0.1:${port}`;
    let health = 0;
    for (let i = 0; i < 200 && health !== 200; i++) {
      health = await fetch(`${base}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (health !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(health).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain("live_rooms");
    expect(metrics).toContain("nodejs_eventloop_lag_seconds");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect(proc.output()).toContain("NOTHING WILL BE PERSISTED");
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toContain("live server stopped");
  });
});
