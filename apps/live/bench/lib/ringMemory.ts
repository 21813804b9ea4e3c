// Investigation, not part of `npm run bench`: what a room's event ring keeps once it is full
// (`eventBufferSize` events; a room at a human table's pace fills it in under an hour).
// `node --expose-gc --import tsx bench/lib/ringMemory.ts [--rooms=1000] [--size=128]` from
// apps/live, on any Node (the image's: node_modules/.cache/roundtable-image-node/v…/bin/node).
// Each event is a move's delta as the room encodes it (one body for both audiences).
import type { Patch } from "immer";
import { PreEncoded } from "../../src/trpc/encoder";
import { type BufferedEvent, EventRing, deltaEvent, eventId } from "../../src/room/events";
import { flagValue } from "./args";

const rooms = Number(flagValue("rooms", "1000"));
const size = Number(flagValue("size", "128"));
const gc = globalThis.gc;
if (!gc) throw new Error("run with node --expose-gc");
if (!(rooms > 0 && rooms <= 10_000 && size > 0 && size <= 10_000))
  throw new Error("--rooms, --size: 1..10000");

function moveDelta(v: number): string {
  const patches: Patch[] = [
    {
      op: "replace",
      path: ["entities", `goblin-${v % 7}`, "position"],
      value: { x: v % 20, y: (v * 7) % 15 },
    },
    { op: "replace", path: ["turn", "movementLeft"], value: (v * 5) % 30 },
    {
      op: "add",
      path: ["log", `c${v >> 3}`, `e${v}`],
      value: { at: 1_764_000_000_000 + v, round: v >> 5, text: `Goblin ${v % 7} moves.` },
    },
  ];
  return JSON.stringify(deltaEvent(v, v - 1, patches));
}

gc();
gc();
const before = process.memoryUsage().heapUsed;
const kept: EventRing[] = [];
let bytes = 0;
for (let r = 0; r < rooms; r++) {
  const epoch = Math.random().toString(36).slice(2, 10);
  const ring = new EventRing(size, epoch);
  for (let seq = 1; seq <= size; seq++) {
    const v = 1000 + seq;
    const body = new PreEncoded(moveDelta(v));
    bytes += body.json.length;
    const event: BufferedEvent = { seq, id: eventId(epoch, v, seq), dm: body, player: body, to: null };
    ring.push(event, v);
  }
  kept.push(ring);
}
gc();
gc();
const perRoom = (process.memoryUsage().heapUsed - before) / kept.length;
console.log(
  `Node ${process.version}: ${rooms} rooms, rings of ${size}: ${(perRoom / 1024).toFixed(1)} KB per room ` +
    `(${(perRoom / size).toFixed(0)} B per event; the delta's JSON ${(bytes / rooms / size).toFixed(0)} characters)`,
);
