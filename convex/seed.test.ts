import { describe, expect, test } from "vitest";
import { goblinAmbush, leverPuzzle, socialParley } from "../apps/live/src/engine/scenarios";
import { InteractionSetup } from "../apps/live/src/engine/setup";
import { api, internal } from "./_generated/api";
import { demo } from "./seed";
import { expectKind, fighter, goblin, maximalItem, newBackend, SECRET, smallMap } from "./test.setup";

const users = [
  { subject: "user_demo_dm", name: "Morgan the DM", role: "dm" as const },
  { subject: "user_demo_p1", name: "Aria", role: "player" as const },
  { subject: "user_demo_p2", name: "Borin", role: "player" as const },
  { subject: "user_demo_admin", name: "Admin", role: "admin" as const },
];

/** A small goblin ambush in the engine's own format, checked by the engine's schema. */
const scenario = InteractionSetup.parse({
  id: "goblin-ambush",
  name: "Goblin ambush",
  kind: "combat",
  dmUserId: "user_demo_dm",
  isTest: false,
  participants: [
    {
      entityId: "aria",
      sheet: { ...fighter("Aria's fighter"), ownerUserId: "user_demo_p1" },
      side: "party",
      position: { x: 1, y: 1 },
    },
    {
      entityId: "borin",
      sheet: { ...fighter("Borin's fighter"), ownerUserId: "user_demo_p2" },
      side: "party",
      position: { x: 1, y: 2 },
    },
    { entityId: "goblin-1", sheet: goblin("Goblin"), side: "enemy", position: { x: 6, y: 1 }, hidden: true },
    { entityId: "goblin-2", sheet: goblin("Goblin"), side: "enemy", position: { x: 6, y: 2 } },
  ],
  map: smallMap(),
});

/** The mapping described in seed.ts (and used by apps/local-services). */
function seedArgs(s: InteractionSetup) {
  return {
    users,
    characters: s.participants.map((p) => ({
      key: p.entityId,
      owner: p.sheet.ownerUserId ?? s.dmUserId,
      sheet: p.sheet,
    })),
    interaction: {
      key: s.id,
      name: s.name,
      kind: s.kind,
      dm: s.dmUserId,
      isTest: s.isTest,
      participants: s.participants.map((p) => ({
        entityId: p.entityId,
        characterKey: p.entityId,
        side: p.side,
        position: p.position,
        ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
      })),
      map: s.map,
    },
  };
}

describe("seed.demo", () => {
  test("seeds a scenario the live server loads back as the same setup", async () => {
    const t = newBackend();
    const out = await t.mutation(internal.seed.demo, seedArgs(scenario));
    expect(out.characters.every((c) => c.created)).toBe(true);
    expect(out.interaction?.created).toBe(true);
    const interactionId = out.interaction!.id;
    const loaded = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    expect(loaded?.status).toBe("draft");
    expect(InteractionSetup.parse(loaded?.setup)).toEqual({ ...scenario, id: interactionId });
  });

  test("is idempotent: a second run adds nothing and keeps players' edits", async () => {
    const t = newBackend();
    const first = await t.mutation(internal.seed.demo, seedArgs(scenario));
    const aria = t.withIdentity({ subject: "user_demo_p1", name: "Aria" });
    const [mine] = await aria.query(api.characters.listMine, {});
    expect(mine?.name).toBe("Aria's fighter");
    await aria.mutation(api.characters.update, {
      id: mine!._id,
      sheet: { ...fighter("Aria the Bold"), level: 5 },
    });

    const second = await t.mutation(internal.seed.demo, seedArgs(scenario));
    expect(second.characters.map((c) => c.id)).toEqual(first.characters.map((c) => c.id));
    expect(second.characters.some((c) => c.created)).toBe(false);
    expect(second.interaction).toEqual({ id: first.interaction!.id, created: false });
    const counts = await t.run(async (ctx) => ({
      users: (await ctx.db.query("users").collect()).length,
      characters: (await ctx.db.query("characters").collect()).length,
      interactions: (await ctx.db.query("interactions").collect()).length,
    }));
    expect(counts).toEqual({ users: 4, characters: 4, interactions: 1 });
    expect(await aria.query(api.characters.get, { id: mine!._id })).toMatchObject({
      name: "Aria the Bold",
      level: 5,
    });
  });

  test("seeded users are the same rows their sign-ins use, with the admin role only for admins", async () => {
    const t = newBackend();
    await t.mutation(internal.seed.demo, seedArgs(scenario));
    const dm = await t
      .withIdentity({ subject: "user_demo_dm", name: "Morgan the DM" })
      .mutation(api.users.ensureMe, {});
    expect(dm.role).toBe("user");
    const dmView = t.withIdentity({ subject: "user_demo_dm" });
    expect(await dmView.query(api.interactions.listMine, {})).toHaveLength(1);
    const rows = await t.run((ctx) => ctx.db.query("users").collect());
    expect(rows.filter((u) => u.role === "admin").map((u) => u.subject)).toEqual(["user_demo_admin"]);
  });

  test("refuses inconsistent seed data and stores none of it", async () => {
    const t = newBackend();
    const args = seedArgs(scenario);
    await expectKind(
      t.mutation(internal.seed.demo, {
        ...args,
        characters: [{ ...args.characters[2]!, owner: "user_nobody" }],
      }),
      "invalid",
      /Unknown user user_nobody/,
    );
    await expectKind(
      t.mutation(internal.seed.demo, { ...args, characters: args.characters.slice(1) }),
      "invalid",
      /characterKey: aria/,
    );
    await expectKind(
      t.mutation(internal.seed.demo, {
        ...args,
        characters: [{ ...args.characters[0]!, owner: "user_demo_p2" }],
      }),
      "invalid",
      /differs from owner/,
    );
    expect(await t.run((ctx) => ctx.db.query("characters").collect())).toEqual([]);
  });

  /** The engine's scenarios seat a third player. */
  const scenarioUsers = [...users, { subject: "user_demo_p3", name: "Cato", role: "player" as const }];

  test.each([
    ["goblinAmbush", goblinAmbush],
    ["socialParley", socialParley],
    ["leverPuzzle", leverPuzzle],
  ] as const)("seeds the engine's %s as a draft its DM can still edit", async (_name, make) => {
    const t = newBackend();
    const s = make();
    const out = await t.mutation(internal.seed.demo, { ...seedArgs(s), users: scenarioUsers });
    const id = out.interaction!.id;
    const dm = t.withIdentity({ subject: "user_demo_dm", name: "Morgan the DM" });
    // A draft edit checks the whole draft (interactions.update), so this passes only if the
    // seeded one is winnable: no PC hidden, a puzzle's chest, a parley's NPCs.
    await dm.mutation(api.interactions.update, { id, kind: s.kind });
    expect(await dm.query(api.interactions.get, { id })).toMatchObject({ kind: s.kind, status: "draft" });
  });

  test("refuses a scenario the party could never win and stores none of it", async () => {
    const t = newBackend();
    const puzzle = leverPuzzle();
    const chestless = {
      ...puzzle,
      map: { ...puzzle.map, objects: puzzle.map.objects.filter((o) => o.kind !== "chest") },
    };
    await expectKind(
      t.mutation(internal.seed.demo, { ...seedArgs(chestless), users: scenarioUsers }),
      "invalid",
      /^map\.objects: A puzzle needs at least one chest/,
    );
    expect(await t.run((ctx) => ctx.db.query("characters").collect())).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("interactions").collect())).toEqual([]);
  });

  test("sizes a re-created interaction by the characters as stored, not as the fixture has them", async () => {
    const t = newBackend();
    const first = await t.mutation(internal.seed.demo, seedArgs(scenario));
    // Aria's fighter grew since (written past the editor's limits, so one sheet is enough), and
    // the seeded interaction was deleted: the next start re-creates it with her as she is.
    const ariaId = first.characters.find((c) => c.key === "aria")!.id;
    await t.run(async (ctx) => {
      const inventory = Array.from({ length: 1_000 }, (_, i) => maximalItem(i));
      await ctx.db.patch(ariaId, { inventory });
      for (const seat of await ctx.db.query("seats").collect()) await ctx.db.delete(seat._id);
      await ctx.db.delete(first.interaction!.id);
    });
    await expectKind(t.mutation(internal.seed.demo, seedArgs(scenario)), "too_large");
    expect(await t.run((ctx) => ctx.db.query("interactions").collect())).toEqual([]);
  });

  test("is internal, so no client can call it", () => {
    expect(demo.isInternal).toBe(true);
  });
});
