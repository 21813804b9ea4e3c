import { Socket } from "node:net";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type TestServer, currentTurn, openTable, startCombat, startTestServer, watch } from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

it("sends the sender its mutation reply and its own delta in one socket write", async () => {
  const t = await openTable(server, "cork_1");
  const p1Log = watch(t.p1, t.id);
  await p1Log.waitFor((e) => e.type === "sync");
  await startCombat(t);
  const turn = await currentTurn(t);
  await new Promise((r) => setTimeout(r, 50));
  const writev = vi.spyOn(Socket.prototype as unknown as { _writev: () => void }, "_writev");
  const write = vi.spyOn(Socket.prototype as unknown as { _write: () => void }, "_write");
  const { version } = await t.p1.trpc.interaction.moveEntity.mutate({
    interactionId: t.id,
    turnId: turn.id,
    entityId: "pc1",
    path: [{ x: 1, y: 2 }],
  });
  await p1Log.waitFor((e) => e.type === "delta" && e.v === version);
  // Server side: the sockets of P1 (reply + delta), the DM and P2 (a delta each, unwatched here: none).
  const serverWrites = [...writev.mock.contexts, ...write.mock.contexts].filter(
    (s) => (s as Socket).localPort === server.port,
  );
  writev.mockRestore();
  write.mockRestore();
  expect(serverWrites).toHaveLength(1);
  await t.close();
});

it("writes every table's events straight to the sockets after the first one (tRPC's handler took the handshake)", async () => {
  // Guards the fast path against a tRPC upgrade: if tRPC stopped writing the first item through
  // our encoder, events would silently go back through its per-item promise race.
  const t = await openTable(server, "cork_2");
  const logs = [watch(t.dm, t.id), watch(t.p1, t.id), watch(t.p2, t.id)];
  await startCombat(t);
  const room = server.registry.get(t.id)!;
  for (const log of logs) await log.waitFor((e) => e.type === "delta" && e.v === room.current().version);
  expect(room.subscriberCount).toBe(3);
  expect(room.directSubscriberCount).toBe(3);
  await t.close();
});
