import { describe, expect, it } from "vitest";
import { EventRing, eventId, parseEventId } from "./events";

const ev = (seq: number) => ({ seq, id: eventId("e", seq, seq), dm: null, player: null, to: null });

describe("EventRing", () => {
  it("returns exactly the events after a buffered id, and null once the gap is gone", () => {
    const ring = new EventRing(3);
    for (let s = 1; s <= 5; s++) ring.push(ev(s));
    expect(ring.since(5, 5)).toEqual([]);
    expect(ring.since(3, 5)?.map((e) => e.seq)).toEqual([4, 5]);
    expect(ring.since(2, 5)?.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(ring.since(1, 5)).toBeNull();
    expect(ring.since(9, 5)).toBeNull();
  });

  it("round-trips event ids and rejects junk", () => {
    expect(parseEventId(eventId("abc", 12, 40))).toEqual({ epoch: "abc", version: 12, seq: 40 });
    expect(parseEventId("nope")).toBeNull();
    expect(parseEventId("a:b:c")).toBeNull();
  });
});
