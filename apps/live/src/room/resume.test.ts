import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  P1,
  type TestServer,
  connectClient,
  dropSocket,
  gatedToken,
  openTable,
  startTestServer,
  watch,
  waitUntil,
} from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ eventBufferSize: 8, disconnectGraceMs: 5_000 });
});
afterAll(async () => {
  await server.stop();
});

async function playerWithGate(t: Awaited<ReturnType<typeof openTable>>) {
  const gate = gatedToken(await t.token(P1));
  const client = connectClient(server, gate.provide);
  return { gate, client };
}

const chatTexts = (log: ReturnType<typeof watch>) => log.of("chat").map((e) => e.message.text);

describe("resuming a subscription", () => {
  it("resumes with lastEventId: exactly the missed events, no gap, no duplicate, no second sync", async () => {
    const t = await openTable(server, "resume_1");
    const { gate, client } = await playerWithGate(t);
    const log = watch(client, t.id);
    await log.waitFor((e) => e.type === "sync");
    await t.dm.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text: "m1" });
    await log.waitFor((e) => e.type === "chat" && e.message.text === "m1");

    gate.hold();
    dropSocket(client);
    for (const text of ["m2", "m3", "m4"])
      await t.dm.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text });
    gate.open();
    await t.dm.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text: "m5" });
    await log.waitFor((e) => e.type === "chat" && e.message.text === "m5", "m5 after resume");

    expect(chatTexts(log)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(log.of("sync")).toHaveLength(1);
    const ids = log.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    await client.close();
    await t.close();
  });

  it("gets a fresh sync when the gap is no longer buffered", async () => {
    const t = await openTable(server, "resume_2");
    const { gate, client } = await playerWithGate(t);
    const log = watch(client, t.id);
    await log.waitFor((e) => e.type === "sync");
    gate.hold();
    dropSocket(client);
    // More events than the ring holds (8).
    for (let i = 0; i < 12; i++)
      await t.dm.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text: `g${i}` });
    gate.open();
    await waitUntil(() => log.of("sync").length === 2, "second sync");
    const resync = log.of("sync")[1]!;
    expect(resync.chat.map((m) => m.text)).toEqual(Array.from({ length: 12 }, (_, i) => `g${i}`));
    // Nothing from the gap was replayed piecemeal.
    expect(chatTexts(log)).toEqual([]);
    await client.close();
    await t.close();
  });

  it("evicts an idle room, tells subscribers why, and rebuilds it from the snapshot with identical state", async () => {
    const idle = await startTestServer({ inactivityTimeoutMs: 1_000 });
    const t = await openTable(idle, "idle_1");
    const log = watch(t.p1, t.id);
    await log.waitFor((e) => e.type === "sync");
    await t.p1.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text: "anyone?" });
    const before = await t.dm.trpc.interaction.state.query({ interactionId: t.id });
    const closed = await log.waitFor((e) => e.type === "closed", "closed for inactivity", 5_000);
    expect(closed).toMatchObject({ reason: "inactivity" });
    expect(idle.registry.get(t.id)).toBeUndefined();
    await waitUntil(() => idle.memory.peek(t.id)?.snapshot?.reason === "inactivity", "inactivity snapshot");
    expect(idle.memory.peek(t.id)?.snapshot?.version).toBe(before.version);
    // Once written, the writer keeps nothing for a room that left memory.
    await waitUntil(() => idle.persistence.outboxes === 0, "outbox released");
    // Rejoining rebuilds the room from the snapshot: the same state, the same version.
    const after = await t.dm.trpc.interaction.state.query({ interactionId: t.id });
    expect({ ...after, now: before.now }).toEqual(before); // only the server's clock moved on
    expect(after.now).toBeGreaterThan(before.now);
    await t.close();
    await idle.stop();
  });
});
