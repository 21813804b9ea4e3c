import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as Engine from "../engine/apply";
import { type TestServer, openTable, startCombat, startTestServer, waitUntil } from "../testkit";

// An engine bug on the turn timer's command, switched on by the test.
const bug = vi.hoisted(() => ({ on: false }));
vi.mock("../engine/apply", async (importOriginal) => {
  const engine = await importOriginal<typeof Engine>();
  return {
    ...engine,
    applyValidCommand: (...args: Parameters<typeof engine.applyValidCommand>) => {
      if (bug.on && args[1].type === "timeout") throw new TypeError("engine bug");
      return engine.applyValidCommand(...args);
    },
  };
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ turnTimeoutMs: 300 });
});
afterAll(async () => {
  await server.stop();
});

describe("the room's own commands", () => {
  it("reports an unexpected failure of the turn timer's command to the store's error log", async () => {
    const t = await openTable(server, "timer_bug");
    await startCombat(t);
    bug.on = true;
    const report = await waitUntil(
      () => server.memory.errors.find((e) => e.message.includes("engine bug")),
      "the error report",
      5_000,
    );
    expect(report).toMatchObject({ interactionId: t.id });
    expect(report.message).toContain("timeout");
    bug.on = false;
    await t.dm.trpc.interaction.pause.mutate({ interactionId: t.id });
    await t.close();
  });
});
