import { test as base } from "@playwright/test";
import { liveApiAs } from "./live-api";
import { startLiveServer } from "./live-server";
import { demo } from "./users";

type Fixtures = {
  /**
   * Interactions the test takes live. They are ended afterwards (through the live server's API
   * as the DM, quicker than the table's End button) so no later test's players find them live.
   */
  endAfterwards: (interactionId: string) => void;
};

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires a fixture to destructure its first argument
  endAfterwards: async ({}, use) => {
    const ids: string[] = [];
    await use((id) => void ids.push(id));
    if (ids.length === 0) return;
    // A test that stopped the live server and failed before starting it again leaves it down.
    await startLiveServer();
    const api = await liveApiAs(demo.dm);
    try {
      for (const interactionId of ids) {
        // A paused one is launched again first (ending needs the room).
        await withTimeout(api.client.interaction.launch.mutate({ interactionId }), 10_000).catch(
          () => undefined,
        );
        // One the test itself ended (the DM's End button) is already over (NOT_LIVE): nothing to do.
        await withTimeout(api.client.interaction.end.mutate({ interactionId }), 10_000).catch(
          (err: unknown) => {
            if ((err as { data?: { appCode?: string } }).data?.appCode !== "NOT_LIVE") throw err;
          },
        );
      }
    } finally {
      await api.close();
    }
  },
});

export { expect } from "@playwright/test";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
