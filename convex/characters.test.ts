import { describe, expect, test } from "vitest";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { LAUNCH_CLAIM_MS } from "./live";
import {
  type Backend,
  draftWithParty,
  DM,
  expectKind,
  errorOf,
  fighter,
  goblin,
  maximalSheet,
  newBackend,
  OTHER_DM,
  P1,
  P2,
  SECRET,
  smallMap,
} from "./test.setup";

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

  test("a character seated in a live or paused interaction cannot be deleted", async () => {
    const t = newBackend();
    const { p1, dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    const cases = [
      { status: "live", awaitingDm: false },
      { status: "live", awaitingDm: true },
      { status: "paused", awaitingDm: false },
    ] as const;
    for (const { status, awaitingDm } of cases) {
      await t.run(async (ctx) => ctx.db.patch(interactionId, { status, awaitingDm }));
      await expectKind(
        p1.mutation(api.characters.remove, { id: pcId }),
        "invalid_state",
        /"Goblin ambush" \((live|paused).*\).*cannot be deleted while that game is live or paused/,
      );
      await expectKind(
        dm.mutation(api.characters.remove, { id: goblinId }),
        "invalid_state",
        /live or paused/,
      );
    }
    expect(await p1.query(api.characters.get, { id: pcId })).not.toBeNull();
    expect(await dm.query(api.characters.get, { id: goblinId })).not.toBeNull();
    expect((await dm.query(api.interactions.get, { id: interactionId }))?.participants).toHaveLength(3);
    expect(await seatsOf(t, interactionId)).toHaveLength(2);
  });

  test("a character cannot be deleted while the live server is taking its draft live, and the game starts with it", async () => {
    const t = newBackend();
    const { p1, dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    // The live server loads the draft to build the room…
    const loaded = await t.mutation(api.live.claimForRoom, {
      secret: SECRET,
      interactionId,
      subject: DM.subject,
    });
    expect(loaded?.setup.participants.map((p) => p.sheet.name)).toContain("Brenna");
    // …the player tries to delete their PC before the server has marked the game live…
    await expectKind(
      p1.mutation(api.characters.remove, { id: pcId }),
      "conflict",
      /"Goblin ambush", which is being taken live; it cannot be deleted now/,
    );
    await expectKind(dm.mutation(api.characters.remove, { id: goblinId }), "conflict", /being taken live/);
    // …and the game goes live with every character it was loaded with still there.
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    expect(await p1.query(api.characters.get, { id: pcId })).not.toBeNull();
    expect((await p1.query(api.interactions.liveForMe, {}))[0]?.myCharacters).toEqual([
      { characterId: pcId, entityId: pcId, name: "Brenna" },
    ]);
    expect((await dm.query(api.interactions.get, { id: interactionId }))?.participants).toHaveLength(3);
  });

  test("a launch that never went live holds the draft's characters only for a while", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: DM.subject });
    await expectKind(p1.mutation(api.characters.remove, { id: pcId }), "conflict");
    await t.run((ctx) => ctx.db.patch(interactionId, { launchingAt: Date.now() - LAUNCH_CLAIM_MS }));
    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();
  });

  test("a launch the live server gave up on lets the draft's characters go at once", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: DM.subject });
    await expectKind(p1.mutation(api.characters.remove, { id: pcId }), "conflict", /being taken live/);
    await t.mutation(api.live.releaseClaim, { secret: SECRET, interactionId, subject: DM.subject });
    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();
  });

  test("someone other than the DM trying to take a draft live does not stop its characters being deleted", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    // The live server loads for whoever asked, then refuses them (only the DM may launch).
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: P2.subject });
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: P1.subject });
    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();
  });

  test("deleting a PC takes it out of drafts, even another DM's, and keeps its seats in completed games", async () => {
    const t = newBackend();
    // DM's "Goblin ambush" seats P1's PC; it completes. Another DM then seats the PC in a draft
    // P1 cannot edit.
    const { p1, dm, pcId, goblinId, interactionId: completedId } = await draftWithParty(t);
    await t.run(async (ctx) => ctx.db.patch(completedId, { status: "completed" }));
    const otherDm = t.withIdentity(OTHER_DM);
    const ogre = await otherDm.mutation(api.characters.create, { sheet: goblin("Ogre") });
    const draftId = await otherDm.mutation(api.interactions.create, {
      name: "Crypt",
      kind: "combat",
      participants: [
        { characterId: ogre, side: "enemy", position: { x: 6, y: 1 } },
        { characterId: pcId, side: "party", position: { x: 1, y: 1 } },
      ],
      map: smallMap(),
    });
    await t.run(async (ctx) => ctx.db.patch(draftId, { updatedAt: 1 }));

    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();

    const draft = await otherDm.query(api.interactions.get, { id: draftId });
    expect(draft?.participants.map((p) => p.characterId)).toEqual([ogre]);
    expect(draft?.updatedAt).toBeGreaterThan(1);
    expect((await seatsOf(t, draftId)).map((s) => s.characterId)).toEqual([ogre]);

    // The completed game keeps the seat: the player still sees how it went.
    const completed = await dm.query(api.interactions.get, { id: completedId });
    expect(completed?.participants.map((p) => p.characterId)).toEqual([pcId, goblinId, goblinId]);
    expect((await seatsOf(t, completedId)).map((s) => s.characterId).sort()).toEqual([pcId, goblinId].sort());
    expect(await p1.query(api.interactions.summary, { id: completedId })).toMatchObject({
      status: "completed",
    });
    const seated = await p1.query(api.interactions.seatedForMe, {});
    expect(seated.map((s) => s._id)).toEqual([completedId]);
    expect(seated[0]?.myCharacters.map((c) => c.name)).toEqual(["a deleted character"]);
  });

  test("deleting a monster takes every one of its rows out of its DM's draft", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    await dm.mutation(api.characters.remove, { id: goblinId });
    const draft = await dm.query(api.interactions.get, { id: interactionId });
    expect(draft?.participants.map((p) => p.characterId)).toEqual([pcId]);
    expect((await seatsOf(t, interactionId)).map((s) => s.characterId)).toEqual([pcId]);
  });

  test("a monster from many finished games can still be deleted, while a live game holds it", async () => {
    // Convex's per-function read limit, lowered: reading every finished game's seat would pass it.
    const t = newBackend({ bytesRead: 100_000 });
    const { dm, goblinId, interactionId: finishedId } = await draftWithParty(t);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId: finishedId, status: "completed" });
    // The same stock goblin in 200 more finished games: copies of that one, seated as it is.
    const seat = (await seatsOf(t, finishedId)).find((s) => s.characterId === goblinId)!;
    await t.run(async (ctx) => {
      const { _id, _creationTime, ...finished } = (await ctx.db.get(finishedId))!;
      for (let i = 0; i < 200; i++) {
        const interactionId = await ctx.db.insert("interactions", finished);
        const { ownerId, status, updatedAt } = seat;
        await ctx.db.insert("seats", { interactionId, characterId: goblinId, ownerId, status, updatedAt });
      }
    });
    const liveId = await dm.mutation(api.interactions.create, {
      name: "Second wave",
      kind: "combat",
      participants: [{ characterId: goblinId, side: "enemy", position: { x: 6, y: 1 } }],
      map: smallMap(),
    });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId: liveId, status: "live" });
    await expectKind(
      dm.mutation(api.characters.remove, { id: goblinId }),
      "invalid_state",
      /"Second wave" \(live\).*cannot be deleted/,
    );
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId: liveId, status: "completed" });

    await dm.mutation(api.characters.remove, { id: goblinId });
    expect(await dm.query(api.characters.get, { id: goblinId })).toBeNull();
    // Its finished games keep their seats: their players still see how those went.
    expect((await seatsOf(t, finishedId)).map((s) => s.characterId)).toContain(goblinId);
    expect((await seatsOf(t, liveId)).map((s) => s.characterId)).toEqual([goblinId]);
  });

  test("listMine returns every kind even past the bound of one, newest first", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const { _id: ownerId } = await dm.mutation(api.users.ensureMe, {});
    await t.run(async (ctx) => {
      // The NPC is older than every monster; the PC newer.
      await ctx.db.insert("characters", { ...goblin("Innkeeper"), kind: "npc", ownerId, updatedAt: 500 });
      for (let i = 1; i <= 501; i++)
        await ctx.db.insert("characters", { ...goblin(`Goblin ${i}`), ownerId, updatedAt: 1000 + i });
      await ctx.db.insert("characters", { ...fighter("Sidekick"), ownerId, updatedAt: 5000 });
    });
    const names = (await dm.query(api.characters.listMine, {})).map((c) => c.name);
    expect(names[0]).toBe("Sidekick");
    expect(names[1]).toBe("Goblin 501");
    expect(names.at(-1)).toBe("Innkeeper");
    expect(names.filter((n) => n.startsWith("Goblin "))).toHaveLength(200);
    const monsters = (await dm.query(api.characters.listMine, { kind: "monster" })).map((c) => c.name);
    expect(monsters[0]).toBe("Goblin 501");
  });
});

describe("characters: a sheet's growth against the size budget of the drafts it sits in", () => {
  /**
   * draftWithParty's "Goblin ambush" with nine of the largest monsters the DM can make added:
   * it fits the budget with the ordinary sheets, with ~40 KB to spare, less than one more of
   * the largest sheets takes.
   */
  async function crowdedDraft(t: Backend) {
    const party = await draftWithParty(t);
    const { dm, pcId, goblinId, interactionId } = party;
    const titan = await dm.mutation(api.characters.create, { sheet: maximalSheet("Titan", "monster") });
    await dm.mutation(api.interactions.update, {
      id: interactionId,
      participants: [
        { characterId: pcId, side: "party", position: { x: 1, y: 1 } },
        { characterId: goblinId, side: "enemy", position: { x: 6, y: 1 }, hidden: true },
        { characterId: goblinId, side: "enemy", position: { x: 7, y: 1 } },
        ...Array.from({ length: 9 }, (_, i) => ({
          characterId: titan,
          side: "enemy" as const,
          position: { x: i, y: 3 },
          hidden: true,
        })),
      ],
    });
    return party;
  }

  /** Seats one more titan straight into the stored draft, past the checks: it is then over the budget. */
  async function addExtraTitan(t: Backend, interactionId: Id<"interactions">) {
    await t.run(async (ctx) => {
      const draft = (await ctx.db.get(interactionId))!;
      const titan = draft.participants.at(-1)!;
      await ctx.db.patch(interactionId, {
        participants: [
          ...draft.participants,
          { ...titan, entityId: "extra-titan", position: { x: 0, y: 4 } },
        ],
      });
    });
  }

  const REFUSAL =
    /^Brenna x* is seated in the draft "Goblin ambush", which would then be over its size budget \(500 KB: a live game saves at most 800 KB[^)]*\): Brenna x* would take 5\d KB of its game state\. /;

  test("a player's edit that would take a draft past the budget is refused, naming the draft, and changes nothing", async () => {
    const t = newBackend();
    const { p1, dm, pcId, interactionId } = await crowdedDraft(t);
    const before = await p1.query(api.characters.get, { id: pcId });
    const draftBefore = await dm.query(api.interactions.get, { id: interactionId });

    const refusal = await errorOf(
      p1.mutation(api.characters.update, { id: pcId, sheet: maximalSheet("Brenna", "pc") }),
    );
    expect(refusal.kind).toBe("too_large");
    expect(refusal.message).toMatch(REFUSAL);
    // The DM's hidden monsters are not the player's to learn of, nor the draft's size: the only
    // sizes named are the budget's, the snapshot limit's and Brenna's own.
    expect(refusal.message).not.toMatch(/Titan|Goblin\b(?! ambush)|bytes/);
    expect(refusal.message.match(/\d+ KB/g)).toEqual(["500 KB", "800 KB", expect.stringMatching(/^5\d KB$/)]);

    expect(await p1.query(api.characters.get, { id: pcId })).toEqual(before);
    expect(await dm.query(api.interactions.get, { id: interactionId })).toEqual(draftBefore);
    // The DM can still take the draft live: nothing grew it past the budget behind their back.
    const loaded = await t.mutation(api.live.claimForRoom, {
      secret: SECRET,
      interactionId,
      subject: DM.subject,
    });
    expect(loaded?.setup.participants.find((p) => p.entityId === pcId)?.sheet.inventory).toHaveLength(2);
  });

  test("a seat written before seats mirrored their game's status is still checked", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await crowdedDraft(t);
    await t.run(async (ctx) => {
      const seats = await ctx.db
        .query("seats")
        .withIndex("by_interaction", (q) => q.eq("interactionId", interactionId))
        .collect();
      for (const seat of seats) await ctx.db.patch(seat._id, { status: undefined, updatedAt: undefined });
    });
    const before = await p1.query(api.characters.get, { id: pcId });
    await expectKind(
      p1.mutation(api.characters.update, { id: pcId, sheet: maximalSheet("Brenna", "pc") }),
      "too_large",
      REFUSAL,
    );
    expect(await p1.query(api.characters.get, { id: pcId })).toEqual(before);
  });

  test("a small edit to a character in a nearly full draft saves", async () => {
    const t = newBackend();
    const { p1, pcId } = await crowdedDraft(t);
    const sheet = {
      ...fighter(),
      level: 4,
      maxHp: 36,
      inventory: [...fighter().inventory, { id: "rope", name: "Rope", type: "gear" as const }],
    };
    await p1.mutation(api.characters.update, { id: pcId, sheet });
    expect(await p1.query(api.characters.get, { id: pcId })).toMatchObject({
      level: 4,
      maxHp: 36,
      inventory: sheet.inventory,
    });
  });

  test("a DM's monster is counted once per seat it takes in the draft", async () => {
    const t = newBackend();
    const { dm, goblinId, interactionId } = await crowdedDraft(t);
    const before = await dm.query(api.characters.get, { id: goblinId });
    await expectKind(
      dm.mutation(api.characters.update, { id: goblinId, sheet: maximalSheet("Goblin", "monster") }),
      "too_large",
      /^Goblin x* is seated in the draft "Goblin ambush", .*Goblin x* \(seated 2 times\) would take 10\d KB of its game state/,
    );
    expect(await dm.query(api.characters.get, { id: goblinId })).toEqual(before);
    expect((await dm.query(api.interactions.get, { id: interactionId }))?.participants).toHaveLength(12);
  });

  test("a character seated nowhere, or only in games that started, can grow to the largest sheet", async () => {
    const t = newBackend();
    const p1 = t.withIdentity(P1);
    const loner = await p1.mutation(api.characters.create, { sheet: fighter("Loner") });
    await p1.mutation(api.characters.update, { id: loner, sheet: maximalSheet("Loner", "pc") });
    expect((await p1.query(api.characters.get, { id: loner }))?.inventory).toHaveLength(50);

    // A started game's room holds the sheets it began with; the stored one no longer reaches it.
    const { pcId, interactionId } = await crowdedDraft(t);
    for (const status of ["live", "paused", "completed"] as const) {
      await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status });
      const sheet = {
        ...maximalSheet("Brenna", "pc"),
        level: status === "live" ? 1 : status === "paused" ? 2 : 3,
      };
      await p1.mutation(api.characters.update, { id: pcId, sheet });
      expect(await p1.query(api.characters.get, { id: pcId })).toMatchObject({ level: sheet.level });
    }
  });

  test("in a draft already over the budget, an edit that does not grow it saves and one that does is refused", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await crowdedDraft(t);
    // Saved over the budget before it existed.
    await addExtraTitan(t, interactionId);
    await p1.mutation(api.characters.update, { id: pcId, sheet: { ...fighter(), level: 5 } });
    // (without the sword its attack goes too: an attack may not name a weapon not carried)
    await p1.mutation(api.characters.update, {
      id: pcId,
      sheet: { ...fighter(), inventory: [], actions: [] },
    });
    expect(await p1.query(api.characters.get, { id: pcId })).toMatchObject({ level: 3, inventory: [] });
    await expectKind(
      p1.mutation(api.characters.update, { id: pcId, sheet: fighter() }),
      "too_large",
      /"Goblin ambush"/,
    );
  });

  test("an edit that does not grow the character reads none of its drafts", async () => {
    const t = newBackend();
    const { p1, dm, goblinId } = await crowdedDraft(t);
    // Reading the draft's other sheets would now fail: Brenna's player is gone (sheetOf).
    const { _id: p1User } = await p1.mutation(api.users.ensureMe, {});
    await t.run((ctx) => ctx.db.delete(p1User));
    await dm.mutation(api.characters.update, { id: goblinId, sheet: { ...goblin(), name: "Gobbo", xp: 10 } });
    expect(await dm.query(api.characters.get, { id: goblinId })).toMatchObject({ name: "Gobbo" });
    // A growing one reads them.
    await expectKind(
      dm.mutation(api.characters.update, { id: goblinId, sheet: { ...goblin(), name: "Gobbo the Great" } }),
      "invalid_state",
      /no longer exists/,
    );
  });

  test("in a draft over the budget, what counts is the character's size in the game's state, not its sheet's", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await crowdedDraft(t);
    await addExtraTitan(t, interactionId);
    // Other content, the same size: it saves (a draft no bigger passes).
    const swapped = { ...fighter("Brenno"), ac: 17, xp: 901 };
    expect(JSON.stringify(swapped).length).toBe(JSON.stringify(fighter()).length);
    await p1.mutation(api.characters.update, { id: pcId, sheet: swapped });
    expect(await p1.query(api.characters.get, { id: pcId })).toMatchObject({ name: "Brenno", ac: 17 });
    // The sheet as sent is no bigger, but its entity is: max HP is written again as its hp.
    const grown = { ...swapped, name: "Bren", maxHp: 2_800 };
    expect(JSON.stringify(grown).length).toBe(JSON.stringify(swapped).length);
    await expectKind(
      p1.mutation(api.characters.update, { id: pcId, sheet: grown }),
      "too_large",
      /^Bren is seated in the draft "Goblin ambush", which would then be over its size budget/,
    );
    expect(await p1.query(api.characters.get, { id: pcId })).toMatchObject({ name: "Brenno", maxHp: 28 });
    // And one that shrinks it saves, however far over the budget the draft is.
    await p1.mutation(api.characters.update, { id: pcId, sheet: { ...grown, inventory: [], actions: [] } });
    expect(await p1.query(api.characters.get, { id: pcId })).toMatchObject({ name: "Bren", inventory: [] });
  });
});

async function seatsOf(t: Backend, interactionId: Id<"interactions">) {
  return await t.run(async (ctx) =>
    ctx.db
      .query("seats")
      .withIndex("by_interaction", (q) => q.eq("interactionId", interactionId))
      .collect(),
  );
}
