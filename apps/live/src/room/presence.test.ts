import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DM,
  P2,
  type TestServer,
  connectClient,
  currentTurn,
  openTable,
  startCombat,
  startTestServer,
  watch,
  waitUntil,
} from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ turnTimeoutMs: 1_000, disconnectGraceMs: 100 });
});
afterAll(async () => {
  await server.stop();
});

describe("timers and presence", () => {
  it("skips a player's turn as timed out when the configured timer runs out", async () => {
    const t = await openTable(server, "timer_1");
    const p2Log = watch(t.p2, t.id);
    await startCombat(t);
    const first = await currentTurn(t);
    expect(first.entityId).toBe("pc1");
    await p2Log.waitView((v) => JSON.stringify(v.log).includes("timed out"), "timeout log", 5_000);
    const next = await currentTurn(t);
    expect(next.entityId).toBe("pc2");
    expect(next.id).toBeGreaterThan(first.id);
    // The DM can roll the timed-out turn back.
    await t.dm.trpc.interaction.rollback.mutate({ interactionId: t.id, turnId: next.id });
    expect((await currentTurn(t)).entityId).toBe("pc1");
    await t.dm.trpc.interaction.pause.mutate({ interactionId: t.id });
    await t.close();
  });

  it("DM disconnect → awaiting_dm; players keep playing; NPC turn waits; DM returns → active", async () => {
    const t = await openTable(server, "dmdrop_1");
    const dmLog = watch(t.dm, t.id);
    const p1Log = watch(t.p1, t.id);
    await dmLog.waitFor((e) => e.type === "sync");
    await startCombat(t);
    await t.dm.close();
    await p1Log.waitView((v) => v.presence[DM]?.online === false, "DM offline");
    await waitUntil(() => server.memory.peek(t.id)?.status === "awaiting_dm", "store status awaiting_dm");
    await waitUntil(() => server.memory.peek(t.id)?.snapshot?.reason === "disconnect", "disconnect snapshot");
    const s1 = await t.p1.trpc.interaction.state.query({ interactionId: t.id });
    expect(s1.status).toBe("awaiting_dm");
    // Players keep taking their own turns.
    const view = s1.view as { turn: { id: number } };
    await t.p1.trpc.interaction.endTurn.mutate({
      interactionId: t.id,
      turnId: view.turn.id,
      entityId: "pc1",
    });
    const s2 = await t.p2.trpc.interaction.state.query({ interactionId: t.id });
    const turn2 = (s2.view as { turn: { id: number; entityId: string } }).turn;
    expect(turn2.entityId).toBe("pc2");
    await t.p2.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: turn2.id, entityId: "pc2" });
    // The goblin's turn waits for the DM: no timer.
    const s3 = await t.p2.trpc.interaction.state.query({ interactionId: t.id });
    const turn3 = (s3.view as { turn: { entityId: string; deadline?: number } }).turn;
    expect(turn3).toMatchObject({ entityId: "gob1" });
    expect(turn3.deadline).toBeUndefined();

    const dm2 = connectClient(server, await t.token(DM));
    const dm2Log = watch(dm2, t.id);
    await dm2Log.waitFor((e) => e.type === "sync");
    await p1Log.waitView((v) => v.presence[DM]?.online === true, "DM back");
    expect(p1Log.changes((v) => v.presence[DM]?.online).slice(-3)).toEqual([true, false, true]);
    await waitUntil(() => server.memory.peek(t.id)?.status === "live", "store status live again");
    const s4 = await dm2.trpc.interaction.state.query({ interactionId: t.id });
    expect(s4.status).toBe("active");
    await dm2.close();
    await t.close();
  });

  it("closing one of two tabs does not take the user offline", async () => {
    const t = await openTable(server, "grace_1");
    const p1Log = watch(t.p1, t.id);
    const tab1 = watch(t.p2, t.id);
    await tab1.waitFor((e) => e.type === "sync");
    const other = connectClient(server, await t.token(P2));
    const tab2 = watch(other, t.id);
    await tab2.waitFor((e) => e.type === "sync");
    await other.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(p1Log.changes((v) => v.presence[P2]?.online)).not.toContain(false);
    expect(p1Log.view?.presence[P2]?.online).toBe(true);
    await t.close();
  });

  it("refuses a user's subscription past the tabs limit, in words, until one of theirs closes", async () => {
    const small = await startTestServer({ tabsPerUserPerRoom: 2 });
    const t = await openTable(small, "tabs_1");
    const [a, b] = [watch(t.p1, t.id), watch(t.p1, t.id)];
    await Promise.all([a, b].map((tab) => tab.waitFor((e) => e.type === "sync")));
    const third = watch(t.p1, t.id);
    await waitUntil(() => third.errors[0], "the third tab's answer");
    expect(third.errors[0]).toMatchObject({
      data: { code: "TOO_MANY_REQUESTS", appCode: "TOO_MANY_TABS" },
      message: "You have this table open in too many tabs or windows (at most 2); close one and try again",
    });
    expect(third.events).toEqual([]);
    const dm = watch(t.dm, t.id); // another user's tabs are their own
    await dm.waitFor((e) => e.type === "sync");
    a.unsubscribe();
    const again = watch(t.p1, t.id);
    await again.waitFor((e) => e.type === "sync");
    await t.close();
    await small.stop();
  });

  it("player disconnect → missed turn → make-up turn on reconnect", async () => {
    const t = await openTable(server, "missed_1");
    const dmLog = watch(t.dm, t.id);
    const p2Log = watch(t.p2, t.id);
    await p2Log.waitFor((e) => e.type === "sync");
    await startCombat(t);
    await t.p2.close();
    await dmLog.waitView((v) => v.presence[P2]?.online === false, "P2 offline");
    const first = await currentTurn(t);
    await t.p1.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: first.id, entityId: "pc1" });
    const bron = await currentTurn(t);
    expect(bron.entityId).toBe("pc2");
    // The DM skips the absent player's turn: it is recorded as missed.
    await t.dm.trpc.interaction.skipTurn.mutate({ interactionId: t.id, turnId: bron.id });
    const s = await t.dm.trpc.interaction.state.query({ interactionId: t.id });
    expect((s.view as { missed: { entityId: string; turnId: number }[] }).missed).toEqual([
      expect.objectContaining({ entityId: "pc2", turnId: bron.id }),
    ]);
    expect((await currentTurn(t)).entityId).toBe("gob1");

    const back = connectClient(server, await t.token(P2));
    const backLog = watch(back, t.id);
    await backLog.waitFor((e) => e.type === "notice" && e.message.includes("make-up"), "make-up notice");
    const gob = await currentTurn(t);
    await t.dm.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: gob.id, entityId: "gob1" });
    const makeUp = await currentTurn(t);
    expect(makeUp).toMatchObject({ entityId: "pc2", makeUpFor: bron.id });
    await back.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: makeUp.id, entityId: "pc2" });
    // Order resumes after the goblin.
    expect((await currentTurn(t)).entityId).toBe("gob2");
    await back.close();
    await t.close();
  });
});
