import { describe, expect, it } from "vitest";
import { PreEncoded } from "../trpc/encoder";
import { type BufferedEvent, EventRing, eventId, parseEventId } from "./events";

/** The event at seq `seq` (version `seq + 10`), with the same body for both audiences. */
const ev = (seq: number): BufferedEvent => {
  const body = new PreEncoded(`{"v":${seq + 10}}`);
  return { seq, id: eventId("e", seq + 10, seq), dm: body, player: body, to: null };
};

describe("EventRing", () => {
  it("returns exactly the events after a buffered id, and null once the gap is gone", () => {
    const ring = new EventRing(3, "e");
    for (let s = 1; s <= 5; s++) ring.push(ev(s), s + 10);
    expect(ring.since(5, 5)).toEqual([]);
    expect(ring.since(3, 5)?.map((e) => e.seq)).toEqual([4, 5]);
    expect(ring.since(2, 5)?.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(ring.since(1, 5)).toBeNull();
    expect(ring.since(9, 5)).toBeNull();
  });

  it("replays each event as it was sent: its id, each audience's body and its recipients", () => {
    const ring = new EventRing(4, "e");
    const shared = ev(1);
    const hidden: BufferedEvent = {
      seq: 2,
      id: eventId("e", 12, 2),
      dm: new PreEncoded(`{"dm":true}`),
      player: new PreEncoded(`{"dm":false}`),
      to: null,
    };
    const dmOnly: BufferedEvent = {
      seq: 3,
      id: eventId("e", 12, 3),
      dm: new PreEncoded("{}"),
      player: null,
      to: null,
    };
    const chat: BufferedEvent = { ...ev(4), id: eventId("e", 14, 4), to: new Set(["u1", "u2"]) };
    ring.push(shared, 11);
    ring.push(hidden, 12);
    ring.push(dmOnly, 12);
    ring.push(chat, 14);

    const replayed = ring.since(0, 4)!;
    const wire = (e: BufferedEvent) => ({
      id: e.id,
      dm: e.dm?.json ?? null,
      player: e.player?.json ?? null,
      to: e.to,
    });
    expect(replayed.map(wire)).toEqual([shared, hidden, dmOnly, chat].map(wire));
    // One body for both audiences stays one (the fan-out frames it once).
    expect(replayed[0]!.player).toBe(replayed[0]!.dm);
    expect(replayed.every((e) => (e.dm ?? e.player) instanceof PreEncoded)).toBe(true);
  });

  it("round-trips event ids and rejects junk", () => {
    expect(parseEventId(eventId("abc", 12, 40))).toEqual({ epoch: "abc", version: 12, seq: 40 });
    expect(parseEventId("nope")).toBeNull();
    expect(parseEventId("a:b:c")).toBeNull();
  });
});
