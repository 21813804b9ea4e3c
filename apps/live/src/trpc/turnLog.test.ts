import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, currentTurn, failure, openTable, startCombat, startTestServer } from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe("interaction.turnLog", () => {
  it("gives the DM every saved line and how each turn ended; players are refused", async () => {
    const t = await openTable(server, "turnlog_1");
    await t.dm.trpc.interaction.rollInitiative.mutate({ interactionId: t.id, scope: "all" });
    await startCombat(t);
    const first = await currentTurn(t);
    expect(first.entityId).toBe("pc1");
    await t.p1.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: first.id, entityId: "pc1" });
    const second = await currentTurn(t);
    await t.dm.trpc.interaction.skipTurn.mutate({ interactionId: t.id, turnId: second.id });

    const log = await t.dm.trpc.interaction.turnLog.query({ interactionId: t.id });
    const outcomes = log.flatMap((e) => (e.turn ? [[e.turn.id, e.turn.outcome]] : []));
    expect(outcomes).toEqual([
      [first.id, "taken"],
      [second.id, "skipped"],
    ]);
    expect(log.some((e) => /initiative/i.test(e.text))).toBe(true);
    // The saved log is the DM's: it keeps what players must not read (the hidden ambusher).
    expect(log.some((e) => e.dmOnly === true)).toBe(true);

    expect(await failure(t.p1.trpc.interaction.turnLog.query({ interactionId: t.id }))).toMatchObject({
      code: "FORBIDDEN",
      appCode: "DM_ONLY",
    });
    await Promise.all([t.dm.close(), t.p1.close(), t.p2.close()]);
  });
});
