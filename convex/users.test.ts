import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { neutralName } from "./identity";
import { ADMIN, DM, expectKind, fighter, goblin, newBackend, P1, P2 } from "./test.setup";

describe("users", () => {
  test("ensureMe creates the caller's row from the identity, once", async () => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    expect(await p1.query(api.users.me, {})).toBeNull();
    const first = await p1.mutation(api.users.ensureMe, {});
    const again = await p1.mutation(api.users.ensureMe, {});
    expect(first).toMatchObject({ subject: P1.subject, name: P1.name, role: "user" });
    expect(again._id).toBe(first._id);
    expect(await p1.query(api.users.me, {})).toEqual(first);
    const rows = await t.run((ctx) => ctx.db.query("users").collect());
    expect(rows).toHaveLength(1);
  });

  test("the admin role comes from the token's claim and follows it when it changes", async () => {
    const t = newBackend();
    expect((await t.withIdentity(ADMIN).mutation(api.users.ensureMe, {})).role).toBe("admin");
    const demoted = await t
      .withIdentity({ subject: ADMIN.subject, name: "Ada" })
      .mutation(api.users.ensureMe, {});
    expect(demoted.role).toBe("user");
    const viaMetadata = await t
      .withIdentity({ subject: "user_meta", name: "Mo", metadata: { role: "admin" } })
      .mutation(api.users.ensureMe, {});
    expect(viaMetadata.role).toBe("admin");
    const viaJsonText = await t
      .withIdentity({ subject: "user_meta2", name: "Jo", metadata: JSON.stringify({ role: "admin" }) })
      .mutation(api.users.ensureMe, {});
    expect(viaJsonText.role).toBe("admin");
    const notAdmin = await t
      .withIdentity({ subject: "user_meta3", name: "No", role: "dm", metadata: "not json" })
      .mutation(api.users.ensureMe, {});
    expect(notAdmin.role).toBe("user");
  });

  test("the display name is refreshed from the identity", async () => {
    const t = newBackend();
    await t.withIdentity(P1).mutation(api.users.ensureMe, {});
    const renamed = await t.withIdentity({ ...P1, name: "Patricia" }).mutation(api.users.ensureMe, {});
    expect(renamed.name).toBe("Patricia");
  });

  test("signed-out callers are refused", async () => {
    const t = newBackend();
    await expectKind(t.mutation(api.users.ensureMe, {}), "unauthenticated");
    await expectKind(t.query(api.users.me, {}), "unauthenticated");
    await expectKind(t.query(api.users.listPlayers, {}), "unauthenticated");
  });

  test("listPlayers shows players with their PCs' names only, not NPCs or monsters", async () => {
    const t = newBackend();
    await t.withIdentity(P1).mutation(api.characters.create, { sheet: fighter("Brenna") });
    await t.withIdentity(P2).mutation(api.characters.create, { sheet: fighter("Corin") });
    await t.withIdentity(DM).mutation(api.characters.create, { sheet: goblin() });
    const players = await t.withIdentity(DM).query(api.users.listPlayers, {});
    expect(players.map((p) => [p.name, p.characters.map((c) => c.name)])).toEqual([
      [P1.name, ["Brenna"]],
      [P2.name, ["Corin"]],
    ]);
    expect(Object.keys(players[0]!.characters[0]!).sort()).toEqual(["_id", "level", "name"]);
  });

  test("listPlayers offers a new player's PC even when more than its bound of PCs exist", async () => {
    const t = newBackend();
    const seed = await t.withIdentity(P1).mutation(api.characters.create, { sheet: fighter("Seed") });
    await t.run(async (ctx) => {
      const { _id, _creationTime, ...row } = (await ctx.db.get(seed))!;
      for (let i = 0; i < 500; i++) await ctx.db.insert("characters", { ...row, name: `PC ${i}` });
    });
    const zed = await t
      .withIdentity({ subject: "user_new", name: "Newbie" })
      .mutation(api.characters.create, { sheet: fighter("Zed") });
    const players = await t.withIdentity(DM).query(api.users.listPlayers, {});
    expect(players.find((p) => p.name === "Newbie")?.characters.map((c) => c._id)).toEqual([zed]);
    expect(players.flatMap((p) => p.characters)).toHaveLength(500);
  });
});

describe("users.forgetEmailNames", () => {
  test("replaces names that are email addresses with the neutral name, and leaves real names", async () => {
    const t = newBackend();
    await t.run(async (ctx) => {
      await ctx.db.insert("users", { subject: "user_a", name: "aria@example.com", role: "user" });
      await ctx.db.insert("users", { subject: "user_b", name: "Brenna Stone", role: "user" });
    });
    const result = await t.mutation(internal.users.forgetEmailNames, { cursor: null });
    expect(result).toMatchObject({ renamed: 1, isDone: true });
    const names = await t.run(async (ctx) => (await ctx.db.query("users").collect()).map((u) => u.name));
    expect(names).toEqual([neutralName("user_a"), "Brenna Stone"]);
    expect(names[0]).toMatch(/^Player [0-9a-f]{6}$/);
  });
});
