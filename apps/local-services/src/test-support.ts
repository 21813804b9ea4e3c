import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalServices, type LocalServices, type LocalServicesOptions } from "./start";

export const fixtureConvexDir = join(import.meta.dirname, "test-fixtures", "convex");

export async function tempDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "rt-local-services-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Both services on free ports over the given data folder (fixture functions by default). */
export function startForTest(
  dataDir: string,
  opts: Partial<LocalServicesOptions> = {},
): Promise<LocalServices> {
  return startLocalServices({
    convexPort: 0,
    authPort: 0,
    dataDir,
    convexDir: fixtureConvexDir,
    saveDelayMs: 20,
    ...opts,
  });
}

export async function fetchToken(services: LocalServices, userId: string): Promise<string> {
  const res = await fetch(`${services.authUrl}/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  if (!res.ok) throw new Error(`token for ${userId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
