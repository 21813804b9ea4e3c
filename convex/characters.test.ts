import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import { draftWithParty, DM, expectKind, fighter, goblin, newBackend, P1, P2 } from "./test.setup";

describe("characters", () => {
  test("a player creates, lists, reads, updates and removes their own PC", async () => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    const id = await p1.mutation(api.characters.create, { sheet: fighter("Brenna") });
    expect((await p1.query(api.characters.listMine, {})).map((c) => c.name)).toEqual(["Brenna"]);
    expect(await p1.query(api.characters.get, { id })).toMatchObject({
      name: "Brenna",
      kind: "pc",
      maxHp: 28,
    });

    await p1.mutation(api.characters.update, { id, sheet: { ...fighter("Brenna"), level: 4, maxHp: 36 } });
    expect(await p1.query(api.characters.get, { id })).toMatchObject({ level: 4, maxHp: 36 });

    await p1.mutation(api.characters.remove, { id });
    expect(await p1.query(api.characters.get, { id })).toBeNull();
    expect(await p1.query(api.characters.listMine, {})).toEqual([]);
  });

  test("a DM keeps NPCs and monsters and can list them by kind", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    await dm.mutation(api.characters.create, { sheet: goblin() });
    await dm.mutation(api.characters.create, { sheet: { ...goblin("Innkeeper"), kind: "npc" } });
    expect((await dm.query(api.characters.listMine, { kind: "monster" })).map((c) => c.name)).toEqual([
      "Goblin",
    ]);
    expect((await dm.query(api.characters.listMine, { kind: "npc" })).map((c) => c.name)).toEqual([
      "Innkeeper",
    ]);
    expect(await dm.query(api.characters.listMine, {})).toHaveLength(2);
  });

  test("nobody else can read, edit or delete a character", async () => {
    const t = newBackend();
    const id = await t.withIdentity(P1).mutation(api.characters.create, { sheet: fighter() });
    const p2 = t.withIdentity(P2);
    await expectKind(p2.query(api.characters.get, { id }), "forbidden");
    await expectKind(p2.mutation(api.characters.update, { id, sheet: fighter("Stolen") }), "forbidden");
    await expectKind(p2.mutation(api.characters.remove, { id }), "forbidden");
    expect(await p2.query(api.characters.listMine, {})).toEqual([]);
    expect(await t.withIdentity(P1).query(api.characters.get, { id })).toMatchObject({ name: "Brenna" });
    await expectKind(t.query(api.characters.get, { id }), "unauthenticated");
  });

  test.each([
    ["an empty name", { name: "" }, /sheet\.name/],
    ["a name over 80 characters", { name: "x".repeat(81) }, /sheet\.name/],
    ["zero max HP", { maxHp: 0 }, /sheet\.maxHp/],
    ["a fractional level", { level: 2.5 }, /sheet\.level/],
    ["a speed that is not a multiple of 5", { speed: 32 }, /multiple of 5/],
    [
      "an ability modifier out of range",
      { abilities: { str: 16, dex: 0, con: 0, int: 0, wis: 0, cha: 0 } },
      /abilities\.str/,
    ],
  ])("a sheet with %s is refused and nothing is stored", async (_label, patch, message) => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    await expectKind(
      p1.mutation(api.characters.create, { sheet: { ...fighter(), ...patch } }),
      "invalid",
      message,
    );
    expect(await p1.query(api.characters.listMine, {})).toEqual([]);
  });

  test("bad dice notation in an action or item is refused", async () => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    const sheet = fighter();
    const badAttack = {
      ...sheet,
      actions: [
        { id: "a", name: "Hit", kind: "attack" as const, toHit: 3, damage: "d8", damageType: "x", range: 5 },
      ],
    };
    await expectKind(
      p1.mutation(api.characters.create, { sheet: badAttack }),
      "invalid",
      /actions\[0\]\.damage: dice/,
    );
    const badPotion = {
      ...sheet,
      inventory: [
        {
          id: "p",
          name: "Potion",
          type: "consumable" as const,
          charges: 1,
          effect: { kind: "heal" as const, amount: "lots" },
        },
      ],
    };
    await expectKind(
      p1.mutation(api.characters.create, { sheet: badPotion }),
      "invalid",
      /inventory\[0\]\.effect\.amount/,
    );
  });

  test("a sheet of the wrong shape is rejected by the argument validator", async () => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    const { abilities: _dropped, ...noAbilities } = fighter();
    // @ts-expect-error deliberately missing field
    await expect(p1.mutation(api.characters.create, { sheet: noAbilities })).rejects.toThrow(/abilities/);
    const extra = { ...fighter(), ownerUserId: P2.subject };
    // The owner comes from the identity, never from arguments.
    await expect(p1.mutation(api.characters.create, { sheet: extra })).rejects.toThrow(/ownerUserId/);
    expect(await p1.query(api.characters.listMine, {})).toEqual([]);
  });

  test("a character's kind cannot change", async () => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    const id = await p1.mutation(api.characters.create, { sheet: fighter() });
    await expectKind(
      p1.mutation(api.characters.update, { id, sheet: { ...fighter(), kind: "monster" } }),
      "invalid",
      /cannot become/,
    );
    expect((await p1.query(api.characters.get, { id }))?.kind).toBe("pc");
  });

  test("a character seated in an unfinished interaction cannot be deleted; deleted later, its player still sees those games", async () => {
    const t = newBackend();
    const { p1, dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    await expectKind(p1.mutation(api.characters.remove, { id: pcId }), "conflict", /Goblin ambush/);
    await expectKind(dm.mutation(api.characters.remove, { id: goblinId }), "conflict");
    expect(await p1.query(api.characters.get, { id: pcId })).not.toBeNull();

    await t.run(async (ctx) => ctx.db.patch(interactionId, { status: "completed" }));
    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();
    // The player still sees how the games that character played in went.
    expect(await p1.query(api.interactions.summary, { id: interactionId })).toMatchObject({
      status: "completed",
    });
    const [seated] = await p1.query(api.interactions.seatedForMe, {});
    expect(seated?._id).toBe(interactionId);
    expect(seated?.myCharacters.map((c) => c.name)).toEqual(["a deleted character"]);
  });
});
