import { afterEach, describe, expect, it } from "vitest";
import { recentLog } from "../engine/state";
import type { ViewState } from "../engine/view";
import {
  type TestServer,
  DM,
  connectClient,
  currentTurn,
  openTable,
  startCombat,
  signToken,
  startTestServer,
  waitUntil,
  watch,
} from "../testkit";

// The server's clock, moved by hand; the room's timers still wait in real time.
let clock = 0;
const servers: TestServer[] = [];
async function server(turnTimeoutMs: number): Promise<TestServer> {
  clock = Date.now();
  const s = await startTestServer({ turnTimeoutMs }, undefined, undefined, () => clock);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function dmView(t: Awaited<ReturnType<typeof openTable>>): Promise<ViewState> {
  return (await t.dm.trpc.interaction.state.query({ interactionId: t.id })).view as ViewState;
}

describe("the player turn timer", () => {
  it("times out a turn that started in the same millisecond as the last one (the same deadline)", async () => {
    const s = await server(1_500);
    const t = await openTable(s, "clock_same_ms");
    await startCombat(t);
    const aria = await currentTurn(t);
    await t.p1.trpc.interaction.endTurn.mutate({ interactionId: t.id, turnId: aria.id, entityId: "pc1" });
    const bron = await currentTurn(t);
    expect(bron).toMatchObject({ entityId: "pc2", deadline: aria.deadline });
    clock += 1_501; // Bron's time is up
    await waitUntil(
      async () => recentLog((await dmView(t)).log).some((l) => l.text === "Bron's turn timed out."),
      "Bron's turn to time out",
      5_000,
    );
    await t.close();
  });

  it("waits for the deadline when its timer fires early by the server's clock (stepped back)", async () => {
    const s = await server(300);
    const t = await openTable(s, "clock_back");
    await startCombat(t);
    const aria = await currentTurn(t);
    clock -= 1_000; // the timer fires ~300 ms from now, while the clock reads 700 ms before the deadline
    await new Promise((r) => setTimeout(r, 500));
    expect(await currentTurn(t)).toMatchObject({ id: aria.id, entityId: "pc1" });
    clock += 1_400;
    await waitUntil(async () => (await currentTurn(t)).id !== aria.id, "Aria's turn to time out", 5_000);
    expect(recentLog((await dmView(t)).log).some((l) => l.text === "Aria's turn timed out.")).toBe(true);
    await t.close();
  });

  it("keeps a player's turn time through an inactivity eviction: the rebuilt room gives it back", async () => {
    const s = await server(60_000);
    const t = await openTable(s, "clock_evict");
    await startCombat(t);
    const aria = await currentTurn(t);
    clock += 20_000;
    s.registry.get(t.id)!.evict();
    await waitUntil(() => s.memory.peek(t.id)?.snapshot?.reason === "inactivity", "the eviction snapshot");
    clock += 120_000; // nobody came back for longer than the turn had left

    const view = await dmView(t); // rebuilds the room
    await new Promise((r) => setTimeout(r, 100));
    const again = await dmView(t);
    for (const v of [view, again]) {
      expect(v.turn).toMatchObject({ id: aria.id, entityId: "pc1", deadline: clock + 40_000 });
      expect(recentLog(v.log).some((l) => l.text.includes("timed out"))).toBe(false);
    }
    await t.close();
  });

  it("after a crash, the rebuilt room gives the turn the time it had when its last snapshot was saved", async () => {
    clock = Date.now();
    const s = await startTestServer(
      { turnTimeoutMs: 60_000, disconnectGraceMs: 50 },
      undefined,
      undefined,
      () => clock,
    );
    servers.push(s);
    const t = await openTable(s, "clock_crash");
    const p2 = watch(t.p2, t.id);
    await p2.waitFor((e) => e.type === "sync");
    await startCombat(t);
    const aria = await currentTurn(t);
    await t.p2.close(); // Bron drops: a "disconnect" snapshot, written while Aria's clock runs
    await waitUntil(() => s.memory.peek(t.id)?.snapshot?.reason === "disconnect", "the disconnect snapshot");
    const savedAt = s.memory.peek(t.id)!.snapshot!.savedAt;
    const left = aria.deadline! - savedAt;

    // The process dies here (no shutdown snapshot); the next one starts 70 s later on the same store.
    const later = await startTestServer({ turnTimeoutMs: 60_000 }, s.memory, undefined, () => clock + 70_000);
    servers.push(later);
    const dm = connectClient(later, await signToken(later.keys, DM));
    const view = (await dm.trpc.interaction.state.query({ interactionId: t.id })).view as ViewState;
    await new Promise((r) => setTimeout(r, 100));
    const again = (await dm.trpc.interaction.state.query({ interactionId: t.id })).view as ViewState;
    for (const v of [view, again]) {
      expect(v.turn).toMatchObject({ id: aria.id, entityId: "pc1", deadline: clock + 70_000 + left });
      expect(recentLog(v.log).some((l) => l.text.includes("timed out"))).toBe(false);
    }
    await Promise.all([t.close(), dm.close()]);
  });
});
