import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { e2ePorts, e2eUrls } from "../stack";

// Runs the built live server (`node apps/live/dist/main.js`) as a child process and lets the
// tests stop it with a real signal and start it again, as an orchestrator would, through a
// small HTTP API on e2ePorts.liveControl:
//   POST /stop?signal=SIGTERM  → signals the server and answers once it has exited
//   POST /start                → starts it and answers once /readyz says ready
// SIGTERM/SIGINT to this process stop the server the same way, then exit.

const repoRoot = resolve(import.meta.dirname, "../..");
const log = (message: string) => console.log(`[e2e live] ${message}`);

type Exit = { code: number | null; signal: NodeJS.Signals | null };
let child: ChildProcess | null = null;
let exited: Promise<Exit> | null = null;

function startChild(): void {
  const proc = spawn(process.execPath, ["apps/live/dist/main.js"], {
    cwd: repoRoot,
    env: process.env,
    stdio: "inherit",
  });
  child = proc;
  exited = new Promise<Exit>((done) => {
    proc.once("exit", (code, signal) => {
      log(`live server ${proc.pid} exited (code ${code}, signal ${signal})`);
      if (child === proc) child = null;
      done({ code, signal });
    });
  });
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!child) throw new Error("the live server exited while starting");
    try {
      const res = await fetch(`${e2eUrls.live}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the live server was not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopChild(signal: NodeJS.Signals, timeoutMs = 20_000): Promise<Exit | null> {
  const proc = child;
  const done = exited;
  if (!proc || !done) return null;
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const result = await done;
  clearTimeout(timer);
  return result;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const control = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://control");
  void (async () => {
    try {
      if (req.method === "POST" && url.pathname === "/stop") {
        const signal = (url.searchParams.get("signal") ?? "SIGTERM") as NodeJS.Signals;
        return reply(res, 200, { exit: await stopChild(signal) });
      }
      if (req.method === "POST" && url.pathname === "/start") {
        if (!child) startChild();
        await waitReady(30_000);
        return reply(res, 200, { pid: child?.pid });
      }
      if (req.method === "GET" && url.pathname === "/status")
        return reply(res, 200, { pid: child?.pid ?? null });
      reply(res, 404, { error: `no route ${req.method} ${url.pathname}` });
    } catch (err) {
      reply(res, 500, { error: err instanceof Error ? err.message : String(err) });
    }
  })();
});

// The server fetches the offline token issuer's key at start-up: start it once that is up.
await waitFor(`${e2eUrls.auth}/pem`, 120_000);
startChild();
control.listen(e2ePorts.liveControl, "127.0.0.1", () => log(`control API on ${e2eUrls.liveControl}`));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    control.close();
    stopChild("SIGTERM").then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
