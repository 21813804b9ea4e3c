import { e2eUrls } from "../stack";

// The live server process, through the e2e supervisor (servers/live-supervisor.ts).

/** Sends the live server `signal` and resolves once the process has exited. */
export async function stopLiveServer(signal: "SIGTERM" | "SIGKILL" = "SIGTERM") {
  const res = await fetch(`${e2eUrls.liveControl}/stop?signal=${signal}`, { method: "POST" });
  if (!res.ok) throw new Error(`stopping the live server: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { exit: { code: number | null; signal: string | null } | null }).exit;
}

/** Starts the live server again and resolves once it reports ready. */
export async function startLiveServer(): Promise<void> {
  const res = await fetch(`${e2eUrls.liveControl}/start`, { method: "POST" });
  if (!res.ok) throw new Error(`starting the live server: HTTP ${res.status} ${await res.text()}`);
}

/** The live server's `live_rooms` gauge: rooms held in memory. */
export async function roomsInMemory(): Promise<number> {
  const text = await (await fetch(`${e2eUrls.live}/metrics`)).text();
  const match = /^live_rooms (\d+)$/m.exec(text);
  if (!match?.[1]) throw new Error("no live_rooms in /metrics");
  return Number(match[1]);
}
