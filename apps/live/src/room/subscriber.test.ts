import { describe, expect, it } from "vitest";
import type { Connection } from "../trpc/context";
import { Handshake, PreEncoded, liveEncoder } from "../trpc/encoder";
import { Subscriber, type QueuedItem } from "./subscriber";

function fakeConn(send: (frame: string) => void = () => {}) {
  const sent: string[] = [];
  let terminated = false;
  const ws = {
    send: (frame: string) => {
      send(frame);
      sent.push(frame);
    },
    terminate: () => {
      terminated = true;
    },
  };
  return { conn: { ws } as unknown as Connection, sent, terminated: () => terminated };
}

const viewer = { userId: "u1", role: "player", audience: "player" } as const;
const item = (n: number): QueuedItem => ({
  id: `ep:${n}:${n}`,
  body: new PreEncoded(`{"type":"delta","v":${n}}`),
});
/** What tRPC's ws handler writes for a yielded tracked item, through our encoder. */
const viaTrpc = (body: unknown, id: string) =>
  liveEncoder.encode({
    id: 5,
    jsonrpc: "2.0",
    result: { type: "data", id, data: { id, data: body } },
  }) as string;
const dataOf = (frame: string) =>
  (JSON.parse(frame) as { result: { data: { id: string; data: { v: number } } } }).result.data;

describe("Subscriber", () => {
  it("after the handshake frame, writes queued and later items itself, in order, as tRPC would", () => {
    const { conn, sent } = fakeConn();
    const sub = new Subscriber(viewer, conn);
    const signal = new AbortController().signal;
    sub.listen(signal);
    sub.push(item(1));
    sub.push(item(2));
    const first = sub.take()!;
    const yielded = sub.toYield(first, true);
    expect(yielded).toBeInstanceOf(Handshake);
    const firstFrame = viaTrpc(yielded, first.id); // tRPC writes the first one
    sub.push(item(3)); // arrives before the generator runs again: queued
    expect(sent).toEqual([]);
    expect(sub.goDirect()).toBe(true);
    sub.push(item(4));
    expect(sub.backlog).toBe(0);
    expect([firstFrame, ...sent].map((f) => dataOf(f).data.v)).toEqual([1, 2, 3, 4]);
    expect(sent[0]).toBe(viaTrpc(item(2).body, item(2).id));
  });

  it("gives each subscription its own envelope when subscribers share an event", () => {
    const heads = [5, 9, 5].map((requestId) => {
      const { conn, sent } = fakeConn();
      const sub = new Subscriber(viewer, conn);
      liveEncoder.encode({
        id: requestId,
        jsonrpc: "2.0",
        result: { type: "data", id: item(1).id, data: { id: item(1).id, data: sub.toYield(item(1), true) } },
      });
      expect(sub.goDirect()).toBe(true);
      return { sub, sent };
    });
    const shared = item(2);
    for (const { sub } of heads) sub.push(shared);
    expect(heads.map(({ sent }) => (JSON.parse(sent[0]!) as { id: number }).id)).toEqual([5, 9, 5]);
    expect(heads.map(({ sent }) => dataOf(sent[0]!).data.v)).toEqual([2, 2, 2]);
  });

  it("writes nothing after the client stopped the subscription", () => {
    const { conn, sent } = fakeConn();
    const sub = new Subscriber(viewer, conn);
    const stop = new AbortController();
    sub.listen(stop.signal);
    viaTrpc(sub.toYield(item(1), true), item(1).id);
    expect(sub.goDirect()).toBe(true);
    sub.push(item(2));
    stop.abort();
    sub.push(item(3));
    expect(sent.map((f) => dataOf(f).data.v)).toEqual([2]);
  });

  it("keeps going through the generator when no encoder takes the handshake", () => {
    const { conn, sent } = fakeConn();
    const sub = new Subscriber(viewer, conn);
    sub.toYield(item(1), true); // encoded by something else: no envelope handed over
    expect(sub.goDirect()).toBe(false);
    sub.push(item(2));
    expect(sent).toEqual([]);
    expect(sub.take()?.id).toBe(item(2).id);
  });

  it("ends the subscription instead of throwing into the room when its socket refuses a frame", () => {
    const { conn, terminated } = fakeConn(() => {
      throw new Error("socket gone");
    });
    const sub = new Subscriber(viewer, conn);
    viaTrpc(sub.toYield(item(1), true), item(1).id);
    expect(sub.goDirect()).toBe(true);
    expect(() => sub.push(item(2))).not.toThrow();
    expect(sub.ended).toBe(true);
    expect(terminated()).toBe(true);
  });
});
