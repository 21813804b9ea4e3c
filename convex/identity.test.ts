import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import { displayName } from "./identity";
import { draftWithParty, expectKind, fighter, newBackend, smallMap } from "./test.setup";

describe("identity", () => {
  test("every web-app function refuses a signed-out caller and changes nothing", async () => {
    const t = newBackend();
    const { pcId, interactionId } = await draftWithParty(t);
    const before = await t.run(async (ctx) => ({
      characters: await ctx.db.query("characters").collect(),
      interactions: await ctx.db.query("interactions").collect(),
    }));
    const calls: (() => Promise<unknown>)[] = [
      () => t.query(api.users.me, {}),
      () => t.query(api.users.listPlayers, {}),
      () => t.mutation(api.users.ensureMe, {}),
      () => t.query(api.characters.listMine, {}),
      () => t.query(api.characters.get, { id: pcId }),
      () => t.mutation(api.characters.create, { sheet: fighter() }),
      () => t.mutation(api.characters.update, { id: pcId, sheet: fighter("Renamed") }),
      () => t.mutation(api.characters.remove, { id: pcId }),
      () => t.query(api.interactions.listMine, {}),
      () => t.query(api.interactions.get, { id: interactionId }),
      () =>
        t.mutation(api.interactions.create, { name: "X", kind: "combat", participants: [], map: smallMap() }),
      () => t.mutation(api.interactions.update, { id: interactionId, name: "Renamed" }),
      () => t.mutation(api.interactions.remove, { id: interactionId }),
      () => t.query(api.interactions.liveForMe, {}),
      () => t.query(api.interactions.summary, { id: interactionId }),
    ];
    for (const call of calls) await expectKind(call(), "unauthenticated");
    const after = await t.run(async (ctx) => ({
      characters: await ctx.db.query("characters").collect(),
      interactions: await ctx.db.query("interactions").collect(),
    }));
    expect(after).toEqual(before);
  });

  test("a user with no name shows as a neutral handle from the subject, never their email, to everyone", async () => {
    const t = newBackend();
    const quiet = { subject: "user_quiet", email: "quiet.person@example.com" };
    await t.withIdentity(quiet).mutation(api.characters.create, { sheet: fighter() });
    // blank claims are no name either (listPlayers lists players with a PC)
    const blank = { subject: "user_blank", name: "  ", nickname: "", email: "blank@example.com" };
    await t.withIdentity(blank).mutation(api.characters.create, { sheet: fighter("Cass") });
    const seen = await t
      .withIdentity({ subject: "user_other", name: "Other" })
      .query(api.users.listPlayers, {});
    const names = seen.map((p: { name: string }) => p.name);
    expect(JSON.stringify(seen)).not.toContain("@example.com");
    const handles = names.filter((n: string) => n.startsWith("Player "));
    expect(handles).toHaveLength(2);
    for (const h of handles) expect(h).toMatch(/^Player [0-9a-f]{6}$/);
    expect(handles[0]).not.toBe(handles[1]);
    // stable: the same subject always gets the same handle
    expect(displayName({ ...quiet, tokenIdentifier: "x", issuer: "x" })).toBe(
      displayName({ subject: "user_quiet", tokenIdentifier: "y", issuer: "y" }),
    );
    expect(
      displayName({ subject: "s", name: " Ann ", email: "a@b.c", tokenIdentifier: "x", issuer: "x" }),
    ).toBe("Ann");
    expect(
      displayName({
        subject: "s",
        preferredUsername: "ann_b",
        email: "a@b.c",
        tokenIdentifier: "x",
        issuer: "x",
      }),
    ).toBe("ann_b");
  });

  test("a user row is never taken from arguments: the same subject always maps to one row", async () => {
    const t = newBackend();
    const a = await t
      .withIdentity({ subject: "user_x", name: "X" })
      .mutation(api.characters.create, { sheet: fighter() });
    const b = await t
      .withIdentity({ subject: "user_x", name: "X" })
      .mutation(api.characters.create, { sheet: fighter("Two") });
    const rows = await t.run(async (ctx) => ({
      users: await ctx.db.query("users").collect(),
      owners: [(await ctx.db.get(a))?.ownerId, (await ctx.db.get(b))?.ownerId],
    }));
    expect(rows.users).toHaveLength(1);
    expect(rows.owners).toEqual([rows.users[0]!._id, rows.users[0]!._id]);
  });
});
