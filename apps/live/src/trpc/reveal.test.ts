import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recentLog } from "../engine/state";
import {
  type TestServer,
  currentTurn,
  failure,
  openTable,
  startCombat,
  startTestServer,
  tableSetup,
  watch,
} from "../testkit";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** The standard table plus an innkeeper listening unseen and a hidden lever next to Aria that opens the door. */
function setupWithSecrets(id: string) {
  const base = tableSetup(id);
  const goblin = base.participants[2]!;
  return {
    ...base,
    participants: [
      ...base.participants,
      {
        entityId: "brenna",
        side: "neutral" as const,
        position: { x: 4, y: 3 },
        hidden: true,
        sheet: { ...goblin.sheet, name: "Brenna the innkeeper", kind: "npc" as const, actions: [] },
      },
    ],
    map: {
      ...base.map,
      objects: [
        ...base.map.objects,
        {
          id: "lever1",
          name: "lever",
          kind: "lever" as const,
          position: { x: 1, y: 0 },
          on: false,
          toggles: ["door1"],
          hidden: true,
        },
      ],
    },
  };
}

describe("interaction.reveal over real WebSocket clients", () => {
  it("the DM reveals a hidden NPC and object: players get them in their delta; a player cannot reveal", async () => {
    const t = await openTable(server, "reveal_1", setupWithSecrets("reveal_1"));
    const p1 = watch(t.p1, t.id);
    const p2 = watch(t.p2, t.id);
    const p1Sync = await p1.waitFor((e) => e.type === "sync", "p1 sync");
    await p2.waitFor((e) => e.type === "sync", "p2 sync");
    expect(JSON.stringify(p1Sync)).not.toContain("Brenna");
    expect(JSON.stringify(p1Sync)).not.toContain("lever1");
    await startCombat(t);
    const turn = await currentTurn(t);
    expect(turn.entityId).toBe("pc1");
    const pull = () =>
      t.p1.trpc.interaction.interactObject.mutate({
        interactionId: t.id,
        turnId: turn.id,
        entityId: "pc1",
        objectId: "lever1",
      });
    expect(await failure(pull())).toMatchObject({ appCode: "INVALID_TARGET" });

    // A player may not reveal anything: refused, nothing changes.
    const version = async () => (await t.dm.trpc.interaction.state.query({ interactionId: t.id })).version;
    const v0 = await version();
    const refusal = await failure(t.p1.trpc.interaction.reveal.mutate({ interactionId: t.id, id: "brenna" }));
    expect(refusal).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });
    expect(refusal.message).toContain("Only the DM");
    expect(await version()).toBe(v0);
    const p1State = await t.p1.trpc.interaction.state.query({ interactionId: t.id });
    expect(JSON.stringify(p1State)).not.toContain("Brenna");

    // The DM reveals the innkeeper mid-turn: both players' views now have her, and the line.
    const r = await t.dm.trpc.interaction.reveal.mutate({ interactionId: t.id, id: "brenna" });
    expect(r.version).toBe(v0 + 1);
    for (const l of [p1, p2]) {
      const v = await l.waitView((x) => x.entities.brenna, "Brenna in the player's view");
      expect(v.entities.brenna).toMatchObject({ name: "Brenna the innkeeper", hidden: false });
      expect(v.order.some((o) => o.entityId === "brenna")).toBe(true);
      expect(recentLog(v.log).map((x) => x.text)).toContain("The DM reveals Brenna the innkeeper.");
    }
    // It did not take Aria's turn.
    expect(await currentTurn(t)).toMatchObject({ id: turn.id, entityId: "pc1" });

    // Then the lever: Aria can pull it now.
    await t.dm.trpc.interaction.reveal.mutate({ interactionId: t.id, id: "lever1" });
    const v = await p1.waitView((x) => x.map.objects.lever1, "the lever in the player's view");
    expect(recentLog(v.log).map((x) => x.text)).toContain("The DM reveals the lever.");
    await pull();
    await p2.waitView((x) => x.map.objects.door1?.kind === "door" && x.map.objects.door1.open, "door open");

    // Revealing it again, or something that is not there, is a typed refusal.
    expect(
      await failure(t.dm.trpc.interaction.reveal.mutate({ interactionId: t.id, id: "lever1" })),
    ).toMatchObject({ appCode: "BAD_STATE" });
    expect(
      await failure(t.dm.trpc.interaction.reveal.mutate({ interactionId: t.id, id: "nobody" })),
    ).toMatchObject({ appCode: "INVALID_TARGET" });
    for (const l of [p1, p2]) expect(l.gaps).toBe(0);
    await t.close();
  });
});
