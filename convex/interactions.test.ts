import { getConvexSize, getDocumentSize } from "convex/values";
import { describe, expect, test } from "vitest";
import { api, internal } from "./_generated/api";
import { SETUP_BUDGET_BYTES, setupStateBytes } from "./checks";
import { MAX_SEATED_PER_STATUS } from "./interactions";
import { LAUNCH_CLAIM_MS } from "./live";
import type { Id } from "./_generated/dataModel";
import {
  ADMIN,
  draftWithParty,
  DM,
  errorOf,
  expectKind,
  fighter,
  goblin,
  long,
  maximalItem,
  maximalSheet,
  newBackend,
  OTHER_DM,
  P1,
  P2,
  SECRET,
  smallMap,
  type Backend,
} from "./test.setup";
import type { GameMap, MapObject, ParticipantInput, Position } from "./validators";

describe("interactions", () => {
  test("the DM creates a draft and sees every participant, hidden ones included", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    const full = await dm.query(api.interactions.get, { id: interactionId });
    expect(full).toMatchObject({ name: "Goblin ambush", kind: "combat", status: "draft", isTest: false });
    expect(full?.participants.map((p) => [p.entityId, p.character?.name, p.hidden])).toEqual([
      [pcId, "Brenna", undefined],
      [goblinId, "Goblin", true],
      [`${goblinId}:2`, "Goblin", undefined],
    ]);
    expect(await dm.query(api.interactions.listMine, { status: "draft" })).toMatchObject([
      { _id: interactionId, participantCount: 3 },
    ]);
    expect(await dm.query(api.interactions.listMine, { status: "live" })).toEqual([]);
  });

  test("players and other DMs cannot open, edit or delete someone else's interaction", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    for (const who of [P1, OTHER_DM]) {
      const other = t.withIdentity(who);
      await expectKind(other.query(api.interactions.get, { id: interactionId }), "forbidden");
      await expectKind(
        other.mutation(api.interactions.update, { id: interactionId, name: "Mine now" }),
        "forbidden",
      );
      await expectKind(other.mutation(api.interactions.remove, { id: interactionId }), "forbidden");
      expect(await other.query(api.interactions.listMine, {})).toEqual([]);
    }
    expect((await t.withIdentity(DM).query(api.interactions.get, { id: interactionId }))?.name).toBe(
      "Goblin ambush",
    );
  });

  test("a DM may seat anyone's PC but not another DM's monsters", async () => {
    const t = newBackend();
    const foreignGoblin = await t.withIdentity(OTHER_DM).mutation(api.characters.create, { sheet: goblin() });
    const pc = await t.withIdentity(P2).mutation(api.characters.create, { sheet: fighter("Corin") });
    const dm = t.withIdentity(DM);
    await expectKind(
      dm.mutation(api.interactions.create, {
        name: "Raid",
        kind: "combat",
        participants: [{ characterId: foreignGoblin, side: "enemy", position: { x: 0, y: 0 } }],
        map: smallMap(),
      }),
      "forbidden",
      /another DM's monster/,
    );
    const ownGoblin = await dm.mutation(api.characters.create, { sheet: goblin() });
    const id = await dm.mutation(api.interactions.create, {
      name: "Raid",
      kind: "combat",
      participants: [
        { characterId: pc, side: "party", position: { x: 0, y: 0 } },
        { characterId: ownGoblin, side: "enemy", position: { x: 3, y: 0 } },
      ],
      map: smallMap(),
    });
    expect((await dm.query(api.interactions.get, { id }))?.participants).toHaveLength(2);
  });

  test.each([
    ["outside the map", [{ x: 10, y: 0 }], /outside the 10x8 map/],
    ["on a blocked cell", [{ x: 5, y: 5 }], /blocked cell/],
    [
      "sharing a cell",
      [
        { x: 1, y: 1 },
        { x: 1, y: 1 },
      ],
      /already taken/,
    ],
  ])("a participant %s is refused and nothing is stored", async (_label, cells, message) => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const goblinId = await dm.mutation(api.characters.create, { sheet: goblin() });
    const participants = cells.map((position) => ({
      characterId: goblinId,
      side: "enemy" as const,
      position,
    }));
    await expectKind(
      dm.mutation(api.interactions.create, { name: "Bad", kind: "combat", participants, map: smallMap() }),
      "invalid",
      message,
    );
    expect(await dm.query(api.interactions.listMine, {})).toEqual([]);
  });

  test("a PC sits at most once, entity ids are unique and the map is checked", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const pc = await t.withIdentity(P1).mutation(api.characters.create, { sheet: fighter() });
    const goblinId = await dm.mutation(api.characters.create, { sheet: goblin() });
    await expectKind(
      dm.mutation(api.interactions.create, {
        name: "Twice",
        kind: "combat",
        participants: [
          { characterId: pc, side: "party", position: { x: 0, y: 0 } },
          { characterId: pc, side: "party", position: { x: 1, y: 0 } },
        ],
        map: smallMap(),
      }),
      "invalid",
      /already seated/,
    );
    await expectKind(
      dm.mutation(api.interactions.create, {
        name: "Same ids",
        kind: "combat",
        participants: [
          { entityId: "g", characterId: goblinId, side: "enemy", position: { x: 0, y: 0 } },
          { entityId: "g", characterId: goblinId, side: "enemy", position: { x: 1, y: 0 } },
        ],
        map: smallMap(),
      }),
      "invalid",
      /^participants\[1\]\.entityId: Goblin uses the same entity id as participants\[0\] \(Goblin\)$/,
    );
    await expectKind(
      dm.mutation(api.interactions.create, {
        name: "Huge",
        kind: "combat",
        participants: [],
        map: { ...smallMap(), width: 101 },
      }),
      "invalid",
      /map\.width/,
    );
    await expectKind(
      dm.mutation(api.interactions.create, { name: "", kind: "combat", participants: [], map: smallMap() }),
      "invalid",
      /name/,
    );
    expect(await dm.query(api.interactions.listMine, {})).toEqual([]);
  });

  test("two rows sharing an explicit entity id are reported by row and character name, not by the id", async () => {
    const t = newBackend();
    const { dm, goblinId, interactionId } = await draftWithParty(t);
    const ogreId = await dm.mutation(api.characters.create, { sheet: goblin("Ogre") });
    const saved = (await dm.query(api.interactions.get, { id: interactionId }))!.participants;
    // The editor sends back the saved rows' ids; a new Ogre row carries the first goblin's id.
    const rows = saved.map(({ entityId, characterId, side, position }) => ({
      entityId,
      characterId,
      side,
      position,
    }));
    const error = await errorOf(
      dm.mutation(api.interactions.update, {
        id: interactionId,
        participants: [
          ...rows,
          { entityId: goblinId, characterId: ogreId, side: "enemy", position: { x: 3, y: 3 } },
        ],
      }),
    );
    expect(error).toEqual({
      kind: "invalid",
      message: "participants[3].entityId: Ogre uses the same entity id as participants[1] (Goblin)",
    });
    expect(error.message).not.toContain(goblinId);
    expect(
      (await dm.query(api.interactions.get, { id: interactionId }))!.participants.map((p) => p.entityId),
    ).toEqual(saved.map((p) => p.entityId));
  });

  test("a monster added without an id after removing the first of two repeats gets a free entity id", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    const saved = (await dm.query(api.interactions.get, { id: interactionId }))!.participants;
    expect(saved.map((p) => p.entityId)).toEqual([pcId, goblinId, `${goblinId}:2`]);
    // The editor sends back the saved rows' ids: keep the PC and the second goblin, add a goblin.
    const kept = saved
      .filter((p) => p.entityId !== goblinId)
      .map(({ entityId, characterId, side, position }) => ({ entityId, characterId, side, position }));
    await dm.mutation(api.interactions.update, {
      id: interactionId,
      participants: [...kept, { characterId: goblinId, side: "enemy", position: { x: 3, y: 3 } }],
    });
    const ids = (await dm.query(api.interactions.get, { id: interactionId }))!.participants.map(
      (p) => p.entityId,
    );
    expect(ids).toEqual([pcId, `${goblinId}:2`, goblinId]);
    // Explicit ids are reserved wherever they sit in the list; defaults take the first free one.
    await dm.mutation(api.interactions.update, {
      id: interactionId,
      participants: [
        { characterId: goblinId, side: "enemy", position: { x: 0, y: 0 } },
        { characterId: goblinId, side: "enemy", position: { x: 1, y: 0 } },
        { entityId: goblinId, characterId: goblinId, side: "enemy", position: { x: 2, y: 0 } },
        { entityId: `${goblinId}:3`, characterId: goblinId, side: "enemy", position: { x: 3, y: 0 } },
      ],
    });
    expect(
      (await dm.query(api.interactions.get, { id: interactionId }))!.participants.map((p) => p.entityId),
    ).toEqual([`${goblinId}:2`, `${goblinId}:4`, goblinId, `${goblinId}:3`]);
  });

  test("listMine returns every status's newest rows even when one status is past the bound", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const goblinId = await dm.mutation(api.characters.create, { sheet: goblin() });
    // A combat needs someone on the enemy side.
    const participants = [{ characterId: goblinId, side: "enemy" as const, position: { x: 0, y: 0 } }];
    const old = await dm.mutation(api.interactions.create, {
      name: "Old",
      kind: "combat",
      participants,
      map: smallMap(),
    });
    await t.run(async (ctx) => {
      const { _id, _creationTime, ...row } = (await ctx.db.get(old))!;
      await ctx.db.patch(_id, { status: "completed" });
      for (let i = 0; i < 200; i++)
        await ctx.db.insert("interactions", { ...row, status: "completed", name: `Old ${i}` });
    });
    const fresh = await dm.mutation(api.interactions.create, {
      name: "Tonight",
      kind: "combat",
      participants,
      map: smallMap(),
    });
    const all = await dm.query(api.interactions.listMine, {});
    expect(all.filter((i) => i.status === "draft").map((i) => i._id)).toEqual([fresh]);
    expect(all.filter((i) => i.status === "completed")).toHaveLength(200);
    expect(all[0]?._id).toBe(fresh);
    expect((await dm.query(api.interactions.listMine, { status: "draft" })).map((i) => i._id)).toEqual([
      fresh,
    ]);
    // Bounded per status, the newest kept.
    const completed = await dm.query(api.interactions.listMine, { status: "completed" });
    expect(completed).toHaveLength(200);
    expect(completed.some((i) => i.name === "Old 199")).toBe(true);
    expect(completed.some((i) => i.name === "Old")).toBe(false);
  });

  test("only admins create test interactions", async () => {
    const t = newBackend();
    const goblinId = await t.withIdentity(ADMIN).mutation(api.characters.create, { sheet: goblin() });
    const participants = [{ characterId: goblinId, side: "enemy" as const, position: { x: 0, y: 0 } }];
    const args = { name: "Sim", kind: "combat" as const, isTest: true, participants, map: smallMap() };
    await expectKind(t.withIdentity(DM).mutation(api.interactions.create, args), "forbidden", /admins/);
    const id = await t.withIdentity(ADMIN).mutation(api.interactions.create, args);
    expect((await t.withIdentity(ADMIN).query(api.interactions.get, { id }))?.isTest).toBe(true);
  });

  test("a draft can be edited and deleted; once live only its name changes and it cannot be deleted", async () => {
    const t = newBackend();
    const { dm, p1, pcId, goblinId, interactionId } = await draftWithParty(t);
    await dm.mutation(api.interactions.update, {
      id: interactionId,
      participants: [
        { characterId: pcId, side: "party", position: { x: 3, y: 3 } },
        { characterId: goblinId, side: "enemy", position: { x: 6, y: 3 } },
      ],
    });
    expect(
      (await dm.query(api.interactions.get, { id: interactionId }))?.participants.map((p) => p.position),
    ).toEqual([
      { x: 3, y: 3 },
      { x: 6, y: 3 },
    ]);

    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    await expectKind(
      dm.mutation(api.interactions.update, { id: interactionId, kind: "social" }),
      "invalid_state",
      /live/,
    );
    await expectKind(dm.mutation(api.interactions.remove, { id: interactionId }), "invalid_state");
    await dm.mutation(api.interactions.update, { id: interactionId, name: "Goblin ambush, part 2" });
    expect(await dm.query(api.interactions.get, { id: interactionId })).toMatchObject({
      name: "Goblin ambush, part 2",
      kind: "combat",
    });
    expect(await p1.query(api.interactions.liveForMe, {})).toHaveLength(1);
  });

  test("deleting a draft frees its characters", async () => {
    const t = newBackend();
    const { dm, p1, pcId, interactionId } = await draftWithParty(t);
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId,
      version: 1,
      reason: "launch",
      state: {},
      chunks: [{ key: "k0", entries: [{ at: 1, round: 1, text: "The goblins attack." }] }],
      chunkKeys: ["k0"],
    });
    expect(await t.run((ctx) => ctx.db.query("liveLogChunks").collect())).toHaveLength(1);
    await dm.mutation(api.interactions.remove, { id: interactionId });
    expect(await t.run((ctx) => ctx.db.query("liveSnapshots").collect())).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("liveLogChunks").collect())).toEqual([]);
    expect(await dm.query(api.interactions.get, { id: interactionId })).toBeNull();
    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();
  });

  test("liveForMe lists live interactions that seat one of my characters, and only those", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    const p2 = t.withIdentity(P2);
    expect(await p1.query(api.interactions.liveForMe, {})).toEqual([]);

    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    expect(await p1.query(api.interactions.liveForMe, {})).toEqual([
      {
        _id: interactionId,
        name: "Goblin ambush",
        kind: "combat",
        awaitingDm: false,
        dmName: DM.name,
        runByMe: false,
        myCharacters: [{ characterId: pcId, entityId: pcId, name: "Brenna" }],
      },
    ]);
    expect(await p2.query(api.interactions.liveForMe, {})).toEqual([]);

    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "awaiting_dm" });
    expect((await p1.query(api.interactions.liveForMe, {}))[0]?.awaitingDm).toBe(true);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "paused" });
    expect(await p1.query(api.interactions.liveForMe, {})).toEqual([]);
  });

  test("seatedForMe lists my characters' interactions in every status, and no one else's", async () => {
    const t = newBackend();
    const { dm, p1, pcId, goblinId, interactionId } = await draftWithParty(t);
    const p2 = t.withIdentity(P2);
    const corin = await p2.mutation(api.characters.create, { sheet: fighter("Corin") });
    const othersId = await dm.mutation(api.interactions.create, {
      name: "Corin's duel",
      kind: "combat",
      participants: [
        { characterId: corin, side: "party", position: { x: 0, y: 0 } },
        { characterId: goblinId, side: "enemy", position: { x: 3, y: 0 } },
      ],
      map: smallMap(),
    });
    const row = (status: string) => ({
      _id: interactionId,
      name: "Goblin ambush",
      kind: "combat",
      status,
      awaitingDm: false,
      dmName: DM.name,
      runByMe: false,
      myCharacters: [{ characterId: pcId, entityId: pcId, name: "Brenna" }],
    });

    // the DM finds their own games too (through their goblins), marked as theirs to run
    const dmRows = await dm.query(api.interactions.seatedForMe, {});
    // ...listing none of the goblins they run as characters of theirs
    expect(dmRows.flatMap((r) => r.myCharacters)).toEqual([]);
    expect(dmRows.map((r) => [r._id, r.runByMe]).sort()).toEqual(
      [
        [interactionId, true],
        [othersId, true],
      ].sort(),
    );
    expect(await p1.query(api.interactions.seatedForMe, {})).toEqual([row("draft")]);
    for (const status of ["live", "paused", "completed"] as const) {
      await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status });
      expect(await p1.query(api.interactions.seatedForMe, {})).toEqual([row(status)]);
    }
    expect((await p2.query(api.interactions.seatedForMe, {})).map((i) => i._id)).toEqual([othersId]);
    expect(await t.withIdentity(OTHER_DM).query(api.interactions.seatedForMe, {})).toEqual([]);
    await expectKind(t.query(api.interactions.seatedForMe, {}), "unauthenticated");
  });

  test("liveForMe finds a live game however many past games the player has, and seatedForMe keeps each status's newest", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId: draftId } = await draftWithParty(t);
    // 1,000 finished games, all older than the draft's last edit and created before the live one.
    const [first, last] = await t.run(async (ctx) => {
      const pc = (await ctx.db.get(pcId))!;
      const dm = (await ctx.db.get((await ctx.db.get(draftId))!.dmId))!;
      const ids = [];
      for (let n = 1; n <= 1_000; n++) {
        const row = {
          name: `Old game ${n}`,
          kind: "combat" as const,
          dmId: dm._id,
          status: "completed" as const,
          awaitingDm: false,
          isTest: false,
          participants: [
            { entityId: pcId, characterId: pcId, side: "party" as const, position: { x: 0, y: 0 } },
          ],
          map: smallMap(),
          updatedAt: n,
        };
        const id = await ctx.db.insert("interactions", row);
        await ctx.db.insert("seats", {
          interactionId: id,
          characterId: pcId,
          ownerId: pc.ownerId,
          status: row.status,
          updatedAt: row.updatedAt,
        });
        ids.push(id);
      }
      return [ids[0]!, ids[999]!];
    });
    await t.run((ctx) => ctx.db.patch(draftId, { updatedAt: 0 }));
    const dm = t.withIdentity(DM);
    const goblinId = await dm.mutation(api.characters.create, { sheet: goblin() });
    const liveId = await dm.mutation(api.interactions.create, {
      name: "Tonight's game",
      kind: "combat",
      participants: [
        { characterId: pcId, side: "party", position: { x: 1, y: 1 } },
        { characterId: goblinId, side: "enemy", position: { x: 6, y: 1 } },
      ],
      map: smallMap(),
    });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId: liveId, status: "live" });

    expect((await p1.query(api.interactions.liveForMe, {})).map((r) => r._id)).toEqual([liveId]);
    const seated = await p1.query(api.interactions.seatedForMe, {});
    // The live game, then the 50 newest finished ones, then the draft: the many finished games
    // push neither the live one nor the upcoming one out.
    expect(seated).toHaveLength(2 + MAX_SEATED_PER_STATUS);
    expect(seated[0]?._id).toBe(liveId);
    expect(seated[1]).toMatchObject({ _id: last, name: "Old game 1000", status: "completed" });
    expect(seated.at(-2)?.name).toBe(`Old game ${1_001 - MAX_SEATED_PER_STATUS}`);
    expect(seated.at(-1)).toMatchObject({ _id: draftId, status: "draft" });
    expect(seated.map((r) => r._id)).not.toContain(first);
  });

  test("every change to an interaction's status or edit time reaches its players' lists", async () => {
    const t = newBackend();
    const { dm, p1, pcId, goblinId, interactionId } = await draftWithParty(t);
    const older = await dm.mutation(api.interactions.create, {
      name: "Older",
      kind: "combat",
      participants: [
        { characterId: pcId, side: "party", position: { x: 1, y: 1 } },
        { characterId: goblinId, side: "enemy", position: { x: 6, y: 1 } },
      ],
      map: smallMap(),
    });
    await t.run(async (ctx) => {
      await ctx.db.patch(interactionId, { updatedAt: 2 });
      await ctx.db.patch(older, { updatedAt: 1 });
    });
    const order = async () => (await p1.query(api.interactions.seatedForMe, {})).map((r) => r.name);
    // A rename is an edit: the renamed game comes first.
    await dm.mutation(api.interactions.update, { id: older, name: "Renamed" });
    expect(await order()).toEqual(["Renamed", "Goblin ambush"]);
    // The live server's status writes: live, awaiting the DM, paused, live again, completed.
    const live = async () =>
      (await p1.query(api.interactions.liveForMe, {})).map((r) => [r.name, r.awaitingDm]);
    const set = (status: "live" | "awaiting_dm" | "paused" | "completed") =>
      t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status });
    await set("live");
    expect(await live()).toEqual([["Goblin ambush", false]]);
    await set("awaiting_dm");
    expect(await live()).toEqual([["Goblin ambush", true]]);
    await set("paused");
    expect(await live()).toEqual([]);
    await set("live");
    expect(await live()).toEqual([["Goblin ambush", false]]);
    await set("completed");
    expect(await live()).toEqual([]);
    expect((await p1.query(api.interactions.seatedForMe, {})).map((r) => [r.name, r.status])).toEqual([
      ["Goblin ambush", "completed"],
      ["Renamed", "draft"],
    ]);
    // Deleting the DM's goblin edits the draft (and keeps its seat in the finished game).
    await dm.mutation(api.characters.remove, { id: goblinId });
    expect((await dm.query(api.interactions.seatedForMe, {})).map((r) => r.name)).toEqual(["Goblin ambush"]);
    // Whatever wrote them, seats carry their interaction's status and edit time.
    const seats = await t.run((ctx) => ctx.db.query("seats").collect());
    const interactions = await t.run((ctx) => ctx.db.query("interactions").collect());
    for (const seat of seats) {
      const i = interactions.find((x) => x._id === seat.interactionId)!;
      expect([seat.status, seat.updatedAt]).toEqual([i.status, i.updatedAt]);
    }
  });

  test("seats saved before they carried their game's status are filled by the migration (a local backend runs it at every start)", async () => {
    const t = newBackend();
    const { p1, interactionId } = await draftWithParty(t);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    const strip = () =>
      t.run(async (ctx) => {
        for (const seat of await ctx.db.query("seats").collect())
          await ctx.db.replace(seat._id, {
            interactionId: seat.interactionId,
            characterId: seat.characterId,
            ownerId: seat.ownerId,
          });
      });
    await strip();
    expect(await p1.query(api.interactions.liveForMe, {})).toEqual([]);
    let cursor: string | null = null;
    for (let done = false; !done;) {
      const page: { cursor: string; isDone: boolean } = await t.mutation(internal.seating.backfill, {
        cursor,
      });
      ({ cursor, isDone: done } = page);
    }
    expect((await p1.query(api.interactions.liveForMe, {})).map((r) => r._id)).toEqual([interactionId]);
  });

  test("summary shows snapshot and awards to the DM and seated players only, never the state", async () => {
    const t = newBackend();
    const { dm, p1, pcId, interactionId } = await draftWithParty(t);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId,
      version: 7,
      reason: "pause",
      state: { secret: "hidden goblins" },
    });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "completed" });
    await t.mutation(api.live.saveResults, {
      secret: SECRET,
      interactionId,
      results: { winner: "party", xp: { [pcId]: 100 }, loot: [], endedAt: 1_000, rounds: 3 },
      turnLog: [],
      chatLog: [],
    });
    const expected = {
      status: "completed",
      awaitingDm: false,
      snapshot: { version: 7, reason: "pause" },
      results: { winner: "party", xp: { [pcId]: 100 }, loot: [], rounds: 3 },
    };
    expect(await dm.query(api.interactions.summary, { id: interactionId })).toMatchObject(expected);
    const forPlayer = await p1.query(api.interactions.summary, { id: interactionId });
    expect(forPlayer).toMatchObject(expected);
    expect(JSON.stringify(forPlayer)).not.toContain("hidden goblins");
    await expectKind(t.withIdentity(P2).query(api.interactions.summary, { id: interactionId }), "forbidden");
  });

  test("the saved turn log of a completed interaction is for its DM only, oldest first, hidden lines included", async () => {
    const t = newBackend();
    const { dm, p1, pcId, interactionId } = await draftWithParty(t);
    expect(await dm.query(api.interactions.turnLog, { id: interactionId })).toEqual([]);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "completed" });
    const turnLog = [
      { at: 1, round: 1, text: "Initiative rolled" },
      { at: 2, round: 1, text: "The goblin hides", dmOnly: true as const },
      { at: 3, round: 1, text: "", turn: { id: 1, entityId: pcId, outcome: "skipped" as const, by: "dm" } },
    ];
    await t.mutation(api.live.saveResults, {
      secret: SECRET,
      interactionId,
      results: { winner: "party", xp: {}, loot: [], endedAt: 1_000, rounds: 1 },
      turnLog,
      chatLog: [],
    });
    expect(await dm.query(api.interactions.turnLog, { id: interactionId })).toEqual(turnLog);
    // a seated player (who may see the summary), another DM and an admin get nothing
    for (const who of [p1, t.withIdentity(OTHER_DM), t.withIdentity(ADMIN)])
      expect(await who.query(api.interactions.turnLog, { id: interactionId })).toBeNull();
  });

  test("summary reports the newest snapshot's version, reason and time, also one saved before its small row", async () => {
    const t = newBackend();
    const { dm, p1, interactionId } = await draftWithParty(t);
    const save = (version: number, reason: string) =>
      t.mutation(api.live.saveSnapshot, {
        secret: SECRET,
        interactionId,
        version,
        reason,
        state: { version },
      });
    await save(1, "round_end");
    await save(3, "player_disconnect");
    expect(await save(2, "round_end")).toEqual({ stored: false, version: 3 });
    const [row] = await t.run((ctx) => ctx.db.query("liveSnapshots").collect());
    const expected = { version: 3, reason: "player_disconnect", savedAt: row!.savedAt };
    expect((await p1.query(api.interactions.summary, { id: interactionId }))?.snapshot).toEqual(expected);

    // A snapshot stored before the small rows were kept (local data from an older version).
    const { interactionId: olderId } = await draftWithParty(t);
    await t.run((ctx) =>
      ctx.db.insert("liveSnapshots", {
        interactionId: olderId,
        version: 5,
        reason: "pause",
        state: {},
        savedAt: 42,
      }),
    );
    expect((await dm.query(api.interactions.summary, { id: olderId }))?.snapshot).toEqual({
      version: 5,
      reason: "pause",
      savedAt: 42,
    });
  });

  test("summary of a game with a big saved state reads only the small row", async () => {
    // Convex's per-function read limit, lowered far below the state: reading it would fail.
    const t = newBackend({ bytesRead: 100_000 });
    const { p1, interactionId } = await draftWithParty(t);
    const save = (version: number, reason: string, state: unknown) =>
      t.mutation(api.live.saveSnapshot, { secret: SECRET, interactionId, version, reason, state });
    await save(1, "round_end", { round: 1 });
    const before = Date.now();
    await save(2, "entity_defeated", { round: 2, log: "The goblin falls. ".repeat(30_000) });
    const summary = await p1.query(api.interactions.summary, { id: interactionId });
    expect(summary?.snapshot).toMatchObject({ version: 2, reason: "entity_defeated" });
    expect(summary?.snapshot?.savedAt).toBeGreaterThanOrEqual(before);
    expect(summary?.snapshot?.savedAt).toBeLessThanOrEqual(Date.now());
  });
});

const chest: MapObject = {
  id: "chest-1",
  name: "Iron chest",
  kind: "chest",
  position: { x: 8, y: 6 },
  open: false,
  locked: false,
  loot: [],
};
const trap: MapObject = {
  id: "trap-1",
  name: "Pit trap",
  kind: "trap",
  position: { x: 4, y: 4 },
  armed: true,
  hidden: true,
  dc: 12,
  save: "dex",
  damage: "1d6",
};
const withObjects = (...objects: MapObject[]): GameMap => ({ ...smallMap(), objects });

/** A DM with a goblin (monster) and an innkeeper (NPC), and a player with a PC. */
async function cast(t: Backend) {
  const dm = t.withIdentity(DM);
  const pcId = await t.withIdentity(P1).mutation(api.characters.create, { sheet: fighter() });
  const goblinId = await dm.mutation(api.characters.create, { sheet: goblin() });
  const npcId = await dm.mutation(api.characters.create, {
    sheet: { ...goblin("Innkeeper"), kind: "npc" },
  });
  const seat = (
    characterId: Id<"characters">,
    side: ParticipantInput["side"],
    x: number,
    hidden?: boolean,
  ): ParticipantInput => ({
    characterId,
    side,
    position: { x, y: 1 },
    ...(hidden === undefined ? {} : { hidden }),
  });
  return { dm, pcId, goblinId, npcId, seat };
}
type Cast = Awaited<ReturnType<typeof cast>>;

describe("interactions: drafts the party could never win", () => {
  test.each([
    {
      rule: "a locked chest with no key tag and no lever",
      kind: "puzzle" as const,
      map: () => withObjects(trap, { ...chest, locked: true }),
      seats: () => [],
      message:
        /^map\.objects\[1\]\.keyTag: Locked with no key tag and no lever that unlocks it: the party could never open it$/,
    },
    {
      rule: "a hidden PC",
      kind: "combat" as const,
      map: smallMap,
      seats: ({ pcId, goblinId, seat }: Cast) => [
        seat(goblinId, "enemy", 0, true),
        seat(pcId, "party", 1, true),
      ],
      message:
        /^participants\[1\]\.hidden: A player character cannot be hidden: its player would never see it to play it$/,
    },
    {
      rule: "a puzzle without a chest",
      kind: "puzzle" as const,
      map: () => withObjects(trap),
      seats: ({ pcId, seat }: Cast) => [seat(pcId, "party", 0)],
      message: /^map\.objects: A puzzle needs at least one chest: it is won when every chest is open$/,
    },
    {
      // Only a neutral NPC gets an attitude: a neutral monster or an NPC on another side does not count.
      rule: "a social scene without a neutral NPC",
      kind: "social" as const,
      map: smallMap,
      seats: ({ pcId, goblinId, npcId, seat }: Cast) => [
        seat(pcId, "party", 0),
        seat(goblinId, "neutral", 1),
        seat(npcId, "enemy", 2),
      ],
      message:
        /^participants: A social scene needs at least one neutral NPC to win over \(an NPC on the Neutral side\): the party wins when every one is won over$/,
    },
  ])("$rule is refused with its path and nothing is stored", async ({ kind, map, seats, message }) => {
    const t = newBackend();
    const c = await cast(t);
    await expectKind(
      c.dm.mutation(api.interactions.create, {
        name: "Unwinnable",
        kind,
        participants: seats(c),
        map: map(),
      }),
      "invalid",
      message,
    );
    expect(await c.dm.query(api.interactions.listMine, {})).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("seats").collect())).toEqual([]);
  });

  test("a puzzle with a chest and a social scene with a neutral NPC save, hidden objects and foes included", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, npcId, seat } = await cast(t);
    const puzzle = await dm.mutation(api.interactions.create, {
      name: "Vault",
      kind: "puzzle",
      participants: [seat(pcId, "party", 0), seat(goblinId, "enemy", 1, true)],
      map: withObjects(
        // a sealed door (locked, no key tag, no lever) is only a wall
        {
          id: "door-2",
          name: "Sealed door",
          kind: "door",
          position: { x: 9, y: 3 },
          open: false,
          locked: true,
        },
        {
          id: "lever-1",
          name: "Lever",
          kind: "lever",
          position: { x: 1, y: 0 },
          on: false,
          toggles: ["chest-1"],
          hidden: true,
        },
        trap,
        // hidden from the party, as the lever is: the DM reveals them in play (engine command reveal)
        { ...chest, locked: true, hidden: true }, // no key: the lever unlocks it
      ),
    });
    const social = await dm.mutation(api.interactions.create, {
      name: "Parley",
      kind: "social",
      // The NPC may be hidden (the DM reveals it); the PC says hidden: false, which is no hiding.
      participants: [seat(pcId, "party", 0, false), seat(npcId, "neutral", 1, true)],
      map: smallMap(),
    });
    expect(await dm.query(api.interactions.get, { id: puzzle })).toMatchObject({ kind: "puzzle" });
    expect(await dm.query(api.interactions.get, { id: social })).toMatchObject({ kind: "social" });
    // Edits that keep them winnable still save.
    await dm.mutation(api.interactions.update, { id: puzzle, kind: "combat" });
    await dm.mutation(api.interactions.update, { id: social, map: withObjects(trap) });
    expect((await dm.query(api.interactions.listMine, {})).map((i) => i.kind).sort()).toEqual([
      "combat",
      "social",
    ]);
  });

  test("an edit that would leave a draft unwinnable is refused and the draft is unchanged", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, npcId, seat } = await cast(t);
    const participants = [seat(pcId, "party", 0), seat(npcId, "neutral", 1)];
    const id = await dm.mutation(api.interactions.create, {
      name: "Parley",
      kind: "social",
      participants,
      map: smallMap(),
    });
    const before = await dm.query(api.interactions.get, { id });
    // The kind alone: the map has no chest.
    await expectKind(
      dm.mutation(api.interactions.update, { id, kind: "puzzle" }),
      "invalid",
      /^map\.objects: A puzzle needs at least one chest/,
    );
    await expectKind(
      dm.mutation(api.interactions.update, {
        id,
        participants: [seat(pcId, "party", 0, true), participants[1]!],
      }),
      "invalid",
      /^participants\[0\]\.hidden: A player character cannot be hidden/,
    );
    await expectKind(
      dm.mutation(api.interactions.update, {
        id,
        participants: [participants[0]!, seat(goblinId, "neutral", 1)],
      }),
      "invalid",
      /^participants: A social scene needs at least one neutral NPC/,
    );
    expect(await dm.query(api.interactions.get, { id })).toEqual(before);
  });

  test("a draft saved before these rules must be fixed by its next edit, still reads, and cannot go live until then", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, seat } = await cast(t);
    const id = await dm.mutation(api.interactions.create, {
      name: "Old puzzle",
      kind: "combat",
      participants: [seat(pcId, "party", 0), seat(goblinId, "enemy", 1)],
      map: smallMap(),
    });
    // As a server without these rules (or another client through it) could have saved it.
    await t.run((ctx) => ctx.db.patch(id, { kind: "puzzle" }));
    expect(await dm.query(api.interactions.get, { id })).toMatchObject({ kind: "puzzle" });
    await expectKind(
      t.query(api.live.loadForRoom, { secret: SECRET, interactionId: id }),
      "invalid",
      /^map\.objects: A puzzle needs at least one chest/,
    );
    // Any draft edit checks the whole draft it leaves, even one that does not touch the cause…
    await expectKind(
      dm.mutation(api.interactions.update, { id, isTest: false }),
      "invalid",
      /^map\.objects: A puzzle needs at least one chest/,
    );
    // …but a rename alone (allowed in any status) is not a draft edit.
    await dm.mutation(api.interactions.update, { id, name: "Old puzzle, renamed" });
    // Fixing it saves.
    await dm.mutation(api.interactions.update, { id, map: withObjects(chest) });
    expect(await dm.query(api.interactions.get, { id })).toMatchObject({
      name: "Old puzzle, renamed",
      kind: "puzzle",
      map: { objects: [{ kind: "chest" }] },
    });
    expect((await t.query(api.live.loadForRoom, { secret: SECRET, interactionId: id }))?.setup.kind).toBe(
      "puzzle",
    );
  });
});

/** A 100×100 combat map with `chests` chests of `items` of the largest items each, on row 80. */
function lootedMap(chests: number, items: number): GameMap {
  return {
    width: 100,
    height: 100,
    blocked: [],
    difficult: [],
    objects: Array.from({ length: chests }, (_, c) => ({
      id: `chest-${c}`,
      name: `Chest ${c}`,
      kind: "chest" as const,
      position: { x: c, y: 80 },
      open: false,
      locked: false,
      loot: Array.from({ length: items }, (_, i) => maximalItem(c * 100 + i)),
    })),
  };
}

/** `n` cells of a 100-wide map, row by row from row `y`. */
function cells(y: number, n: number): Position[] {
  return Array.from({ length: n }, (_, i) => ({ x: i % 100, y: y + Math.floor(i / 100) }));
}

/** The size the budget's refusal reports, in bytes. */
function reportedBytes(message: string): number {
  const match = /of game state \((\d+) bytes\)/.exec(message);
  expect(match, message).not.toBeNull();
  return Number(match![1]);
}

describe("interactions: the size budget of a game's state", () => {
  const BUDGET =
    /would start live with \d+ KB of game state \(\d+ bytes\): the map \d+ KB \(chest loot counts three times[^)]*\) and \d+ characters? \d+ KB.*At most 500 KB fits: a live game saves at most 800 KB/;

  test("40 of the largest sheets are refused when the draft is saved, with the size and the limit, and nothing is stored", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    // A sheet at every limit is a character like any other (its own document is small)…
    const titan = await dm.mutation(api.characters.create, { sheet: maximalSheet("Titan", "monster") });
    const row = await t.run((ctx) => ctx.db.get(titan));
    expect(getDocumentSize(row!)).toBeLessThan(60_000);
    // …but forty of them would make a game whose state could never be saved.
    const seats = Array.from({ length: 40 }, (_, i) => ({
      characterId: titan,
      side: "enemy" as const,
      position: { x: i, y: 0 },
    }));
    const refusal = await errorOf(
      dm.mutation(api.interactions.create, {
        name: "Titans",
        kind: "combat",
        participants: seats,
        map: { ...smallMap(), width: 40 },
      }),
    );
    expect(refusal.kind).toBe("too_large");
    expect(refusal.message).toMatch(BUDGET);
    expect(refusal.message).toMatch(/and 40 characters \d+ KB; the largest, Titan x+, 5\d KB\./);
    expect(reportedBytes(refusal.message)).toBeGreaterThan(40 * 45_000);
    expect(await dm.query(api.interactions.listMine, {})).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("seats").collect())).toEqual([]);
  });

  test("a full table of ordinary sheets on a large map fits", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const pc = await t.withIdentity(P1).mutation(api.characters.create, { sheet: fighter() });
    const gob = await dm.mutation(api.characters.create, { sheet: goblin() });
    const participants: ParticipantInput[] = [
      { characterId: pc, side: "party", position: { x: 0, y: 99 } },
      ...Array.from({ length: 39 }, (_, i) => ({
        characterId: gob,
        side: "enemy" as const,
        position: { x: i + 1, y: 99 },
      })),
    ];
    const map = { ...lootedMap(20, 5), blocked: cells(0, 2_000), difficult: cells(20, 2_000) };
    const id = await dm.mutation(api.interactions.create, {
      name: "Warband",
      kind: "combat",
      participants,
      map,
    });
    expect((await dm.query(api.interactions.get, { id }))?.participants).toHaveLength(40);
  });

  test("every draft edit checks the whole draft; an over-budget edit changes nothing", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, interactionId: id } = await draftWithParty(t);
    const before = await dm.query(api.interactions.get, { id });
    const titan = await dm.mutation(api.characters.create, { sheet: maximalSheet("Titan", "monster") });
    const titans = Array.from({ length: 11 }, (_, i) => ({
      characterId: titan,
      side: "enemy" as const,
      position: { x: i % 8, y: 3 + Math.floor(i / 8) },
    }));
    await expectKind(
      dm.mutation(api.interactions.update, {
        id,
        participants: [
          { characterId: pcId, side: "party", position: { x: 1, y: 1 } },
          { characterId: goblinId, side: "enemy", position: { x: 6, y: 1 } },
          ...titans,
        ],
      }),
      "too_large",
      /"Goblin ambush" would start live with .* and 13 characters .*; the largest, Titan/,
    );
    // A map with more chest loot than a game can save.
    await expectKind(
      dm.mutation(api.interactions.update, { id, map: { ...lootedMap(10, 30), width: 100, height: 100 } }),
      "too_large",
      BUDGET,
    );
    expect(await dm.query(api.interactions.get, { id })).toEqual(before);
  });

  test("a map at the engine's own limits would not fit the interaction's 1 MiB document; the largest one the budget lets through does, by far", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const gob = await dm.mutation(api.characters.create, { sheet: goblin() });
    const participants = Array.from({ length: 40 }, (_, i) => ({
      entityId: long(`seat-${i}-`, 64),
      characterId: gob,
      side: "enemy" as const,
      position: { x: i, y: 99 },
    }));
    // 100 chests of 30 of the largest items: every count and length within LIMITS.
    const limits = lootedMap(100, 30);
    expect(getConvexSize(limits)).toBeGreaterThan(1_048_576);
    await expectKind(
      dm.mutation(api.interactions.create, { name: "Hoard", kind: "combat", participants, map: limits }),
      "too_large",
      BUDGET,
    );

    // What costs a document most per byte of the budget: cells (numbers are 9 bytes in Convex,
    // 1 or 2 in JSON) and objects with long ids and names; then as much chest loot as fits.
    const levers = Array.from({ length: 50 }, (_, l) => ({
      id: long(`lever-${l}-`, 64),
      name: long(`Lever ${l} `, 80),
      kind: "lever" as const,
      position: { x: l, y: 70 },
      on: false,
      toggles: Array.from({ length: 10 }, (_, k) => long(`door-${l}-${k}-`, 64)),
    }));
    const withLoot = (n: number): GameMap => {
      const chests = Array.from({ length: 50 }, (_, c) => ({
        id: long(`chest-${c}-`, 64),
        name: long(`Chest ${c} `, 80),
        kind: "chest" as const,
        position: { x: c, y: 80 },
        open: false,
        locked: false,
        loot: Array.from({ length: Math.max(0, Math.min(30, n - c * 30)) }, (_, i) => maximalItem(i)),
      }));
      const objects = [...levers, ...chests];
      return { width: 100, height: 100, blocked: cells(0, 2_000), difficult: cells(20, 2_000), objects };
    };
    const sheet = goblin();
    const fits = (n: number) =>
      setupStateBytes(
        "combat",
        withLoot(n),
        participants.map((p) => ({ ...p, sheet })),
      ).total <= SETUP_BUDGET_BYTES;
    let items = 0;
    for (let step = 1024; step >= 1; step /= 2)
      if (items + step <= 1_500 && fits(items + step)) items += step;
    expect(fits(items + 1)).toBe(false);
    const id = await dm.mutation(api.interactions.create, {
      name: long("Hoard ", 80),
      kind: "combat",
      participants,
      map: withLoot(items),
    });
    const row = await t.run((ctx) => ctx.db.get(id));
    expect(row?.map.blocked).toHaveLength(2_000);
    // With launchingAt set, as while it is taken live.
    const size = getDocumentSize({ ...row!, launchingAt: Date.now() });
    expect(size).toBeLessThan(1_048_576 / 2);
  });
});

describe("interactions: while its DM's launch takes a draft live", () => {
  test("the DM can rename it but not change or delete it, until the launch ends", async () => {
    const t = newBackend();
    const { dm, interactionId: id } = await draftWithParty(t);
    const before = await dm.query(api.interactions.get, { id });
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId: id, subject: DM.subject });
    await expectKind(
      dm.mutation(api.interactions.update, { id, name: "Ambush", map: { ...smallMap(), width: 12 } }),
      "conflict",
      /^"Goblin ambush" is being taken live; it cannot be changed now/,
    );
    await expectKind(
      dm.mutation(api.interactions.update, { id, participants: [] }),
      "conflict",
      /being taken live/,
    );
    await expectKind(
      dm.mutation(api.interactions.remove, { id }),
      "conflict",
      /^"Goblin ambush" is being taken live; it cannot be deleted now/,
    );
    expect(await dm.query(api.interactions.get, { id })).toEqual(before);
    // The room keeps the name it started with either way, as it does once live.
    await dm.mutation(api.interactions.update, { id, name: "Ambush at dusk" });
    expect((await dm.query(api.interactions.get, { id }))?.name).toBe("Ambush at dusk");

    // A launch that failed (released) or was given up on (timed out) lets the DM edit again.
    await t.mutation(api.live.releaseClaim, { secret: SECRET, interactionId: id, subject: DM.subject });
    await dm.mutation(api.interactions.update, { id, map: { ...smallMap(), width: 12 } });
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId: id, subject: DM.subject });
    await expectKind(dm.mutation(api.interactions.remove, { id }), "conflict");
    await t.run((ctx) => ctx.db.patch(id, { launchingAt: Date.now() - LAUNCH_CLAIM_MS }));
    await dm.mutation(api.interactions.remove, { id });
    expect(await dm.query(api.interactions.get, { id })).toBeNull();
  });

  test("someone else's launch claims nothing, so it never stops the DM", async () => {
    const t = newBackend();
    const { dm, interactionId: id } = await draftWithParty(t);
    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId: id, subject: P1.subject });
    await dm.mutation(api.interactions.update, { id, map: { ...smallMap(), width: 12 } });
    await dm.mutation(api.interactions.remove, { id });
  });
});

describe("interactions: a player withdrawing their character", () => {
  /** Everything of the interaction but its participants and updatedAt, and its seats. */
  async function stateOf(t: Backend, id: Id<"interactions">) {
    return await t.run(async (ctx) => ({
      interaction: await ctx.db.get(id),
      seats: await ctx.db
        .query("seats")
        .withIndex("by_interaction", (q) => q.eq("interactionId", id))
        .collect(),
    }));
  }

  test("the owner takes their PC out of someone else's draft: its seat and participant go, the rest stays", async () => {
    const t = newBackend();
    const { dm, p1, pcId, goblinId, interactionId } = await draftWithParty(t);
    const before = (await stateOf(t, interactionId)).interaction!;
    const result = await p1.mutation(api.interactions.withdrawCharacter, {
      interactionId,
      characterId: pcId,
    });
    expect(result).toBeNull();

    const { interaction, seats } = await stateOf(t, interactionId);
    const { participants, updatedAt, ...rest } = interaction!;
    const { participants: beforeParticipants, updatedAt: _u, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(participants).toEqual(beforeParticipants.filter((p) => p.characterId !== pcId));
    expect(updatedAt).toBeGreaterThanOrEqual(before.updatedAt);
    expect(seats.map((s) => [s.characterId, s.status, s.updatedAt])).toEqual([
      [goblinId, "draft", updatedAt],
    ]);
    expect(await dm.query(api.interactions.listMine, { status: "draft" })).toMatchObject([
      { _id: interactionId, participantCount: 2 },
    ]);
    expect(await p1.query(api.interactions.seatedForMe, {})).toEqual([]);
    expect(await p1.query(api.interactions.withdrawableForMe, {})).toEqual([]);
    // Nothing seats the character any more: its player may delete it.
    await p1.mutation(api.characters.remove, { id: pcId });
  });

  test("no one else can withdraw a player's character, the DM's monsters included; nothing changes", async () => {
    const t = newBackend();
    const { dm, pcId, goblinId, interactionId } = await draftWithParty(t);
    const before = await stateOf(t, interactionId);
    for (const who of [P2, OTHER_DM, DM]) {
      await expectKind(
        t
          .withIdentity(who)
          .mutation(api.interactions.withdrawCharacter, { interactionId, characterId: pcId }),
        "forbidden",
      );
    }
    await expectKind(
      t
        .withIdentity(P1)
        .mutation(api.interactions.withdrawCharacter, { interactionId, characterId: goblinId }),
      "forbidden",
    );
    await expectKind(
      t.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: pcId }),
      "unauthenticated",
    );
    expect(await stateOf(t, interactionId)).toEqual(before);
    expect((await dm.query(api.interactions.get, { id: interactionId }))?.participants).toHaveLength(3);
  });

  test("a live, paused or completed game, or a draft being taken live, keeps the character", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    const withdraw = () =>
      p1.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: pcId });

    await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: DM.subject });
    let before = await stateOf(t, interactionId);
    await expectKind(
      withdraw(),
      "conflict",
      /^"Goblin ambush" is being taken live; Brenna cannot be withdrawn now/,
    );
    expect(await stateOf(t, interactionId)).toEqual(before);

    for (const [status, shown] of [
      ["live", /^"Goblin ambush" is live; Brenna is in its game until it ends/],
      ["awaiting_dm", /^"Goblin ambush" is live, waiting for its DM; Brenna is in its game/],
      ["paused", /^"Goblin ambush" is paused; Brenna is in its game until it ends/],
      ["completed", /^"Goblin ambush" is completed; Brenna stays in it/],
    ] as const) {
      await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status });
      before = await stateOf(t, interactionId);
      await expectKind(withdraw(), "invalid_state", shown);
      expect(await stateOf(t, interactionId)).toEqual(before);
      expect(before.seats.some((s) => s.characterId === pcId)).toBe(true);
    }
  });

  test("a character that is not seated there, or gone, or an interaction that is gone: not_found", async () => {
    const t = newBackend();
    const { dm, p1, pcId, goblinId, interactionId } = await draftWithParty(t);
    const other = await p1.mutation(api.characters.create, { sheet: fighter("Dorn") });
    const before = await stateOf(t, interactionId);
    await expectKind(
      p1.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: other }),
      "not_found",
      /^Dorn is not seated in that interaction/,
    );
    expect(await stateOf(t, interactionId)).toEqual(before);

    await p1.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: pcId });
    await expectKind(
      p1.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: pcId }),
      "not_found",
    );
    const emptyDraft = await dm.mutation(api.interactions.create, {
      name: "Gone soon",
      kind: "combat",
      participants: [{ characterId: goblinId, side: "enemy", position: { x: 0, y: 0 } }],
      map: smallMap(),
    });
    await dm.mutation(api.interactions.remove, { id: emptyDraft });
    await expectKind(
      p1.mutation(api.interactions.withdrawCharacter, { interactionId: emptyDraft, characterId: other }),
      "not_found",
    );
    await p1.mutation(api.characters.remove, { id: other });
    await expectKind(
      p1.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: other }),
      "not_found",
    );
  });

  test("withdrawableForMe lists my PCs in others' drafts only, newest first", async () => {
    const t = newBackend();
    const { dm, p1, pcId, interactionId } = await draftWithParty(t);
    const p2 = t.withIdentity(P2);
    const dorn = await p1.mutation(api.characters.create, { sheet: fighter("Dorn") });
    const corin = await p2.mutation(api.characters.create, { sheet: fighter("Corin") });
    const otherDm = t.withIdentity(OTHER_DM);
    const skeleton = await otherDm.mutation(api.characters.create, { sheet: goblin("Skeleton") });
    const later = await otherDm.mutation(api.interactions.create, {
      name: "Crypt",
      kind: "combat",
      participants: [
        { characterId: dorn, side: "party", position: { x: 0, y: 0 } },
        { characterId: pcId, side: "party", position: { x: 1, y: 0 } },
        { characterId: corin, side: "party", position: { x: 2, y: 0 } },
        { characterId: skeleton, side: "enemy", position: { x: 4, y: 0 } },
      ],
      map: smallMap(),
    });
    // The player's own draft, seating their own PC, is theirs to edit: not listed.
    const ownGoblin = await p1.mutation(api.characters.create, { sheet: goblin() });
    await p1.mutation(api.interactions.create, {
      name: "My own",
      kind: "combat",
      participants: [
        { characterId: dorn, side: "party", position: { x: 0, y: 0 } },
        { characterId: ownGoblin, side: "enemy", position: { x: 3, y: 0 } },
      ],
      map: smallMap(),
    });
    const crypt = (characterId: Id<"characters">, characterName: string) => ({
      interactionId: later,
      name: "Crypt",
      dmName: OTHER_DM.name,
      characterId,
      characterName,
    });
    const ambush = {
      interactionId,
      name: "Goblin ambush",
      dmName: DM.name,
      characterId: pcId,
      characterName: "Brenna",
    };
    const rows = await p1.query(api.interactions.withdrawableForMe, {});
    expect(rows.slice(0, 2)).toEqual(expect.arrayContaining([crypt(dorn, "Dorn"), crypt(pcId, "Brenna")]));
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual(ambush);
    expect(await p2.query(api.interactions.withdrawableForMe, {})).toEqual([crypt(corin, "Corin")]);
    expect(await dm.query(api.interactions.withdrawableForMe, {})).toEqual([]);
    expect(await t.withIdentity(ADMIN).query(api.interactions.withdrawableForMe, {})).toEqual([]);
    await expectKind(t.query(api.interactions.withdrawableForMe, {}), "unauthenticated");

    // Only drafts: once live it is no longer listed.
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId: later, status: "live" });
    expect(await p1.query(api.interactions.withdrawableForMe, {})).toEqual([ambush]);
    await p1.mutation(api.interactions.withdrawCharacter, { interactionId, characterId: pcId });
    expect(await p1.query(api.interactions.withdrawableForMe, {})).toEqual([]);
  });
});
