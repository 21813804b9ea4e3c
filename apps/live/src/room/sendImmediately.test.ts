import { afterAll, beforeAll, expect, it } from "vitest";
import { type TestClient, type TestServer, openTable, startTestServer } from "../testkit";
import { sendImmediately } from "./sendImmediately";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** Whether a query's frame leaves before a timer set just before it fires. */
async function sentBeforeTimer(c: TestClient, id: string): Promise<boolean> {
  await c.trpc.interaction.state.query({ interactionId: id }); // the socket is open
  const raw = (c.ws as unknown as { activeConnection: { ws: { send: (d: unknown) => void } } })
    .activeConnection.ws;
  const send = raw.send.bind(raw);
  let timer = false;
  let before: boolean | null = null;
  raw.send = (d) => {
    before ??= !timer;
    send(d);
  };
  setTimeout(() => (timer = true), 0);
  await c.trpc.interaction.state.query({ interactionId: id });
  return before === true;
}

it("sends requests at the end of the tick instead of after tRPC's batching timer", async () => {
  const t = await openTable(server, "immediate_1");
  expect(await sentBeforeTimer(t.p1, t.id)).toBe(false); // tRPC as shipped waits for a timer
  expect(sendImmediately(t.p2.ws)).toBe(true);
  expect(await sentBeforeTimer(t.p2, t.id)).toBe(true);
  // Same-tick requests still share a frame, and every answer arrives.
  const [a, b] = await Promise.all([
    t.p2.trpc.interaction.state.query({ interactionId: t.id }),
    t.p2.trpc.interaction.sendChat.mutate({ interactionId: t.id, channel: "party", text: "hi" }),
  ]);
  expect(a.view).toBeTruthy();
  expect(b.version).toBeGreaterThan(0);
  await t.close();
});
