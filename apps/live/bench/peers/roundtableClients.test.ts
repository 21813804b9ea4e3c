import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PeerClient, PeerServer } from "../lib/peer";
import { roundtableClient } from "./roundtableClient";
import { startRoundtable } from "./roundtableServer";
import { roundtableWireClient } from "./roundtableWireClient";

let server: PeerServer;
beforeAll(async () => {
  server = await startRoundtable();
});
afterAll(async () => {
  await server.stop();
});

/** Seats a whole table in `room`, plays `moves` of the brain's commands, returns what each seat saw. */
async function playTable(client: PeerClient, room: number, moves: number) {
  const brain = client.brain(room);
  const seen: number[][] = [[], [], [], [], []];
  const rejected: unknown[] = [];
  let wake: (() => void) | null = null;
  const seats = [];
  for (let seat = 0; seat < 5; seat++)
    seats.push(
      await client.join(
        room,
        seat,
        (v, state) => {
          seen[seat]!.push(v);
          brain.observe(seat, v, state);
          wake?.();
        },
        (cmd, err) => rejected.push({ cmd, err }),
      ),
    );
  const everyoneHas = (v: number) => seen.every((s) => s.includes(v));
  const until = async (ok: () => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!ok() && Date.now() < deadline) await new Promise<void>((r) => ((wake = r), setTimeout(r, 50)));
  };
  await until(() => seen.every((s) => s.length > 0));
  const start = Math.max(...seen.map((s) => s.at(-1)!));
  await until(() => everyoneHas(start));
  for (let k = 1; k <= moves; k++) {
    const { seat, cmd } = brain.next();
    seats[seat]!.send(cmd);
    await until(() => everyoneHas(start + k) || rejected.length > 0);
  }
  await Promise.all(seats.map((s) => s.close()));
  return { seen, rejected, start };
}

describe.each([
  ["tRPC", roundtableClient, 0],
  ["wire", roundtableWireClient, 1],
] as const)("the bench's %s client", (_name, make, room) => {
  it("seats a whole table, and every seat gets every command's version", async () => {
    const { seen, rejected, start } = await playTable(make(server.url, server.info), room, 6);
    expect(rejected).toEqual([]);
    for (const versions of seen)
      expect(versions.filter((v) => v > start)).toEqual([1, 2, 3, 4, 5, 6].map((k) => start + k));
  });
});
