import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentLog } from "../engine/state";
import type { ViewState } from "../engine/view";
import { decodePatches } from "../room/patchCodec";
import {
  type TestServer,
  currentTurn,
  failure,
  openTable,
  startCombat,
  startTestServer,
  watch,
} from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const lines = (v: ViewState) => recentLog(v.log).map((x) => x.text);

describe("interaction.hide over real WebSocket clients", () => {
  it("the DM hides a goblin: players get a delta removing it; a player cannot hide; a PC cannot be hidden; reveal brings it back", async () => {
    const t = await openTable(server, "hide_1");
    const p1 = watch(t.p1, t.id);
    const p2 = watch(t.p2, t.id);
    await p1.waitFor((e) => e.type === "sync", "p1 sync");
    await p2.waitFor((e) => e.type === "sync", "p2 sync");
    await startCombat(t);
    const turn = await currentTurn(t);
    expect(turn.entityId).toBe("pc1");
    await p1.waitView((v) => v.status === "active" && v.entities.gob1, "the goblin in the player's view");

    /** The viewer's `state` query (a `sync`), its view typed. */
    const state = async (c: typeof t.dm) => {
      const sync = await c.trpc.interaction.state.query({ interactionId: t.id });
      return { version: sync.version, view: sync.view as ViewState };
    };
    const v0 = (await state(t.dm)).version;

    // A player may not hide anything: refused, nothing changes.
    const refusal = await failure(t.p1.trpc.interaction.hide.mutate({ interactionId: t.id, id: "gob1" }));
    expect(refusal).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });
    expect(refusal.message).toContain("Only the DM");
    expect((await state(t.dm)).version).toBe(v0);
    expect((await state(t.p1)).view.entities.gob1).toBeDefined();

    // Nor may the DM hide a player character from its player: a typed refusal, nothing changes.
    const pc = await failure(t.dm.trpc.interaction.hide.mutate({ interactionId: t.id, id: "pc2" }));
    expect(pc).toMatchObject({ appCode: "INVALID_TARGET" });
    expect(pc.message).toContain("Bron is a player character");
    expect((await state(t.dm)).version).toBe(v0);
    expect((await state(t.p2)).view.entities.pc2).toBeDefined();

    // The DM hides the goblin mid-turn: each player's delta removes it, and their state lacks it.
    const before = (await state(t.p1)).view;
    const r = await t.dm.trpc.interaction.hide.mutate({ interactionId: t.id, id: "gob1" });
    expect(r.version).toBe(v0 + 1);
    for (const l of [p1, p2]) {
      const delta = await l.waitFor((e) => e.type === "delta" && e.v === v0 + 1, "the hide's delta");
      if (delta.type !== "delta") throw new Error("not a delta");
      expect(decodePatches(delta.p)).toContainEqual({ op: "remove", path: ["entities", "gob1"] });
      const v = await l.waitView((x) => x.entities.gob1 === undefined, "the goblin gone");
      expect(v.order.some((o) => o.entityId === "gob1")).toBe(false);
      expect(lines(v).join("\n")).not.toContain("hides");
    }
    const p1State = await state(t.p1);
    expect(p1State.version).toBe(v0 + 1);
    expect(p1State.view.entities.gob1).toBeUndefined();
    expect(JSON.stringify([p1State.view.entities, p1State.view.order])).not.toContain("gob1");
    // the DM still sees it, and the line only the DM reads
    const dm = await state(t.dm);
    expect(dm.view.entities.gob1).toMatchObject({ name: "Goblin", hidden: true });
    expect(lines(dm.view)).toContain("The DM hides Goblin from the players.");
    // it did not take Aria's turn
    expect(await currentTurn(t)).toMatchObject({ id: turn.id, entityId: "pc1" });

    // Hiding it again is a typed refusal.
    expect(
      await failure(t.dm.trpc.interaction.hide.mutate({ interactionId: t.id, id: "gob1" })),
    ).toMatchObject({ appCode: "BAD_STATE" });

    // Revealing it gives the players their goblin back, as it was.
    await t.dm.trpc.interaction.reveal.mutate({ interactionId: t.id, id: "gob1" });
    for (const l of [p1, p2]) {
      const v = await l.waitView((x) => x.entities.gob1, "the goblin back");
      expect(v.entities.gob1).toEqual(before.entities.gob1);
      expect(v.order).toEqual(before.order);
      expect(lines(v)).toContain("The DM reveals Goblin.");
    }
    expect((await state(t.p1)).view.entities.gob1).toMatchObject({ name: "Goblin", hidden: false });
    for (const l of [p1, p2]) expect(l.gaps).toBe(0);
    await t.close();
  });
});
