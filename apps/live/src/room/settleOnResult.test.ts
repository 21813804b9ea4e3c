import { getEventListeners } from "node:events";
import { TRPCClientError } from "@trpc/client";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { type TestClient, type TestServer, openTable, startTestServer } from "../testkit";
import { settleOnResult } from "./settleOnResult";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Three chat messages, each with its own signal: how many aborts ran and listeners stayed. */
async function chatThrice(c: TestClient, id: string) {
  const abort = vi.spyOn(AbortController.prototype, "abort");
  const signals = [0, 1, 2].map(() => new AbortController().signal);
  const results = [];
  for (const signal of signals)
    results.push(
      await c.trpc.interaction.sendChat.mutate(
        { interactionId: id, channel: "party", text: "hi" },
        { signal },
      ),
    );
  const aborts = abort.mock.calls.length;
  abort.mockRestore();
  return { results, aborts, listeners: signals.map((s) => getEventListeners(s, "abort").length) };
}

it("settles each call on its result without aborting anything, and lets go of the caller's signal", async () => {
  const t = await openTable(server, "settle_1");
  // tRPC as shipped: an abort (and an AbortError with a stack) per call.
  const shipped = await chatThrice(t.p1, t.id);
  expect(shipped.aborts).toBe(3);
  expect(shipped.listeners).toEqual([0, 0, 0]);

  expect(settleOnResult(t.p2.trpc)).toBe(true);
  const settled = await chatThrice(t.p2, t.id);
  expect(settled.aborts).toBe(0);
  expect(settled.listeners).toEqual([0, 0, 0]);
  // The same answers: each message got the next version of the room.
  const versions = settled.results.map((r) => r.version);
  expect(versions[0]).toBeGreaterThan(shipped.results[2]!.version);
  expect(versions).toEqual([versions[0], versions[0]! + 1, versions[0]! + 2]);
  await t.close();
});

it("rejects as tRPC does: the server's typed error, and an AbortError when the caller aborts", async () => {
  const t = await openTable(server, "settle_2");
  expect(settleOnResult(t.p2.trpc)).toBe(true);
  const failures = async (c: TestClient) => {
    const bad = await c.trpc.interaction.sendChat
      .mutate({ interactionId: t.id, channel: "party", text: "" })
      .catch((e: unknown) => e);
    const aborted = await c.trpc.interaction.state
      .query({ interactionId: t.id }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    const inFlight = new AbortController();
    const pending = c.trpc.interaction.state.query({ interactionId: t.id }, { signal: inFlight.signal });
    inFlight.abort();
    const abortedInFlight = await pending.catch((e: unknown) => e);
    return [bad, aborted, abortedInFlight].map((e) => {
      expect(e).toBeInstanceOf(TRPCClientError);
      const err = e as { message: string; data?: { code?: string }; cause?: { name?: string } };
      return { message: err.message, code: err.data?.code, cause: err.cause?.name };
    });
  };
  const [shipped, settled] = [await failures(t.p1), await failures(t.p2)];
  expect(settled).toEqual(shipped);
  expect(settled[0]!.code).toBe("BAD_REQUEST");
  expect(settled.slice(1).map((f) => f.cause)).toEqual(["AbortError", "AbortError"]);
  // The client still works after the failures.
  const after = await t.p2.trpc.interaction.state.query({ interactionId: t.id });
  expect(after.view).toBeTruthy();
  await t.close();
});

it("leaves anything that is not a tRPC client alone", () => {
  expect(settleOnResult({})).toBe(false);
});
