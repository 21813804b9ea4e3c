import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentLog } from "../engine/state";
import {
  type TestServer,
  failure,
  openTable,
  startTestServer,
  tableSetup,
  waitUntil,
  watch,
} from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** The standard table as a parley: Aria and Bron talk to Mara, while Brenna listens unseen. */
function parleySetup(id: string) {
  const base = tableSetup(id);
  const goblin = base.participants[2]!;
  const npc = (entityId: string, name: string, x: number, hidden: boolean) => ({
    entityId,
    side: "neutral" as const,
    position: { x, y: 4 },
    hidden,
    sheet: { ...goblin.sheet, name, kind: "npc" as const, actions: [] },
  });
  return {
    ...base,
    kind: "social" as const,
    participants: [
      base.participants[0]!,
      base.participants[1]!,
      npc("mara", "Mara the innkeeper", 4, false),
      npc("brenna", "Brenna", 6, true),
    ],
  };
}

describe("interaction.setAttitude over real WebSocket clients", () => {
  it("the DM sets attitudes: players get the change, a player is refused, every NPC at +3 wins the parley", async () => {
    const t = await openTable(server, "attitude_1", parleySetup("attitude_1"));
    const p1 = watch(t.p1, t.id);
    const p2 = watch(t.p2, t.id);
    await p1.waitFor((e) => e.type === "sync", "p1 sync");
    await p2.waitFor((e) => e.type === "sync", "p2 sync");
    await t.dm.trpc.interaction.start.mutate({ interactionId: t.id });
    const mara = (v: NonNullable<typeof p1.view>) => v.entities.mara?.attitude;
    const lines = (v: NonNullable<typeof p1.view>) => recentLog(v.log).map((x) => x.text);
    await p1.waitView((v) => v.status === "active", "started");

    // A player may not set an attitude: refused, nothing changes.
    const version = async () => (await t.dm.trpc.interaction.state.query({ interactionId: t.id })).version;
    const v0 = await version();
    const refusal = await failure(
      t.p1.trpc.interaction.setAttitude.mutate({ interactionId: t.id, entityId: "mara", attitude: 3 }),
    );
    expect(refusal).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });
    expect(refusal.message).toContain("Only the DM");
    expect(await version()).toBe(v0);
    expect(mara(p1.view!)).toBe(0);

    // The DM warms Mara up: both players see it, and read why.
    const r = await t.dm.trpc.interaction.setAttitude.mutate({
      interactionId: t.id,
      entityId: "mara",
      attitude: 2,
    });
    expect(r.version).toBe(v0 + 1);
    for (const l of [p1, p2]) {
      const v = await l.waitView((x) => mara(x) === 2, "Mara at +2 in the player's view");
      expect(lines(v)).toContain("The DM makes Mara the innkeeper friendlier (+2).");
    }

    // Typed refusals that change nothing.
    const bad = (entityId: string, attitude: number) =>
      failure(t.dm.trpc.interaction.setAttitude.mutate({ interactionId: t.id, entityId, attitude }));
    expect(await bad("mara", 2)).toMatchObject({ appCode: "BAD_STATE" });
    expect(await bad("pc1", 1)).toMatchObject({ appCode: "INVALID_TARGET" });
    expect(await bad("nobody", 1)).toMatchObject({ appCode: "INVALID_TARGET" });
    expect(await bad("mara", 5)).toMatchObject({ code: "BAD_REQUEST" });
    expect(await version()).toBe(v0 + 1);

    // Every NPC won over (the hidden one too, which the players never hear of); the DM ends it.
    await t.dm.trpc.interaction.setAttitude.mutate({ interactionId: t.id, entityId: "mara", attitude: 3 });
    await t.dm.trpc.interaction.setAttitude.mutate({ interactionId: t.id, entityId: "brenna", attitude: 3 });
    const won = await p1.waitView((x) => mara(x) === 3, "Mara won over");
    expect(lines(won)).toContain(
      "The DM makes Mara the innkeeper friendlier (+3). Mara the innkeeper is won over.",
    );
    await t.dm.trpc.interaction.end.mutate({ interactionId: t.id });
    for (const l of [p1, p2]) {
      const v = await l.waitView((x) => x.status === "completed", "the parley over");
      expect(v.results?.winner).toBe("party");
      expect(lines(v)).toContain("The interaction is over: the party wins.");
      expect(JSON.stringify(l.events)).not.toContain("Brenna");
      expect(l.gaps).toBe(0);
    }
    await waitUntil(() => server.memory.peek(t.id)?.results, "results saved");
    expect(server.memory.peek(t.id)?.results?.results).toMatchObject({ winner: "party" });
    await t.close();
  });
});
