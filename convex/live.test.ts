import fc from "fast-check";
import { describe, expect, test, vi } from "vitest";
import { dmBot, sensibleBot, simulate } from "../apps/live/src/engine/bots";
import { goblinAmbush } from "../apps/live/src/engine/scenarios";
import { InteractionSetup } from "../apps/live/src/engine/setup";
import { decodeStored, encodeSnapshot } from "../apps/live/src/persistence/snapshotCodec";
import { api } from "./_generated/api";
import { MAX_STATE_BYTES } from "./live";
import {
  ADMIN,
  draftWithParty,
  DM,
  errorOf,
  expectKind,
  fighter,
  maximalItem,
  maximalSheet,
  newBackend,
  P1,
  SECRET,
  smallMap,
  type Backend,
} from "./test.setup";

async function snapshotRows(t: Backend) {
  return await t.run((ctx) => ctx.db.query("liveSnapshots").collect());
}

describe("live: service secret", () => {
  const calls = (interactionId: string, secret: string) => [
    (t: Backend) => t.query(api.live.loadForRoom, { secret, interactionId }),
    (t: Backend) => t.mutation(api.live.claimForRoom, { secret, interactionId, subject: DM.subject }),
    (t: Backend) => t.mutation(api.live.releaseClaim, { secret, interactionId, subject: DM.subject }),
    (t: Backend) =>
      t.mutation(api.live.saveSnapshot, {
        secret,
        interactionId,
        version: 1,
        reason: "round",
        state: { a: 1 },
      }),
    (t: Backend) => t.mutation(api.live.setStatus, { secret, interactionId, status: "live" }),
    (t: Backend) =>
      t.mutation(api.live.saveResults, {
        secret,
        interactionId,
        results: { winner: "none", xp: {}, loot: [], endedAt: 1, rounds: 1 },
        turnLog: [],
        chatLog: [],
      }),
    (t: Backend) => t.mutation(api.live.logError, { secret, interactionId, message: "boom" }),
    (t: Backend) => t.query(api.live.ping, { secret }),
  ];

  test.each(["", "wrong", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase()])(
    "every live function refuses the secret %j and changes nothing",
    async (bad) => {
      const t = newBackend();
      const { interactionId } = await draftWithParty(t);
      for (const call of calls(interactionId, bad)) await expectKind(call(t), "forbidden", /service secret/);
      const [interaction] = await t.run((ctx) => ctx.db.query("interactions").collect());
      expect(interaction?.status).toBe("draft");
      expect(interaction?.launchingAt).toBeUndefined();
      expect(await snapshotRows(t)).toEqual([]);
      expect(await t.run((ctx) => ctx.db.query("errorLogs").collect())).toEqual([]);
    },
  );

  test("the readiness ping answers the right secret", async () => {
    expect(await newBackend().query(api.live.ping, { secret: SECRET })).toBeNull();
  });

  test("with no CONVEX_SERVICE_SECRET configured every live function refuses, even an empty secret", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    vi.stubEnv("CONVEX_SERVICE_SECRET", "");
    for (const call of calls(interactionId, ""))
      await expectKind(call(t), "misconfigured", /CONVEX_SERVICE_SECRET/);
  });

  test("users cannot call them with their identity instead of the secret", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    await expectKind(
      t.withIdentity(DM).mutation(api.live.setStatus, { secret: "", interactionId, status: "live" }),
      "forbidden",
    );
  });
});

describe("live.loadForRoom", () => {
  test("builds an InteractionSetup the engine's own schema accepts", async () => {
    const t = newBackend();
    const { pcId, goblinId, interactionId } = await draftWithParty(t);
    const loaded = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    expect(loaded?.status).toBe("draft");
    expect(loaded?.snapshot).toBeNull();
    const setup = InteractionSetup.parse(loaded?.setup);
    expect(setup).toMatchObject({
      id: interactionId,
      dmUserId: DM.subject,
      isTest: false,
      name: "Goblin ambush",
    });
    expect(setup.participants.map((p) => [p.entityId, p.sheet.kind, p.sheet.ownerUserId, p.hidden])).toEqual([
      [pcId, "pc", P1.subject, undefined],
      [goblinId, "monster", undefined, true],
      [`${goblinId}:2`, "monster", undefined, undefined],
    ]);
  });

  test("sends an attack saved naming a weapon the sheet no longer carries as needing none", async () => {
    const t = newBackend();
    const { pcId, interactionId } = await draftWithParty(t);
    // as sheets were saved before the checks refused it: the longsword dropped, its attack kept
    await t.run(async (ctx) => {
      const c = (await ctx.db.get(pcId))!;
      await ctx.db.patch(pcId, { inventory: c.inventory.filter((i) => i.id !== "longsword") });
    });
    const loaded = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    const setup = InteractionSetup.parse(loaded?.setup);
    const slash = setup.participants[0]!.sheet.actions.find((a) => a.id === "slash");
    expect(slash).toMatchObject({ kind: "attack" });
    expect(slash).not.toHaveProperty("weaponId");
  });

  test("returns the latest snapshot and the live server's status", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "awaiting_dm" });
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId,
      version: 3,
      reason: "dm_disconnect",
      state: { round: 2 },
    });
    const loaded = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    expect(loaded?.status).toBe("awaiting_dm");
    expect(loaded?.snapshot).toMatchObject({ version: 3, reason: "dm_disconnect", state: { round: 2 } });
  });

  test("is null for an unknown or malformed id", async () => {
    const t = newBackend();
    const { interactionId, dm } = await draftWithParty(t);
    await dm.mutation(api.interactions.remove, { id: interactionId });
    expect(await t.query(api.live.loadForRoom, { secret: SECRET, interactionId })).toBeNull();
    expect(await t.query(api.live.loadForRoom, { secret: SECRET, interactionId: "not-an-id" })).toBeNull();
  });

  test("refuses to take live a draft saved unwinnable before the editor refused it, not a game already running", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    // As saved before the rule: a puzzle without a chest.
    await t.run((ctx) => ctx.db.patch(interactionId, { kind: "puzzle" }));
    await expectKind(
      t.query(api.live.loadForRoom, { secret: SECRET, interactionId }),
      "invalid",
      /^map\.objects: A puzzle needs at least one chest/,
    );
    // Once running (live, with a snapshot), the room still rebuilds.
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId,
      version: 2,
      reason: "round_end",
      state: {},
    });
    expect(await t.query(api.live.loadForRoom, { secret: SECRET, interactionId })).toMatchObject({
      status: "live",
    });
  });

  test("refuses to take live a draft too big to ever be saved: grown past the budget since, or saved before it", async () => {
    const t = newBackend();
    const dm = t.withIdentity(DM);
    const p1 = t.withIdentity(P1);
    const pc = await p1.mutation(api.characters.create, { sheet: fighter() });
    const titan = await dm.mutation(api.characters.create, { sheet: maximalSheet("Titan", "monster") });
    const participants = [
      { characterId: pc, side: "party" as const, position: { x: 0, y: 0 } },
      ...Array.from({ length: 9 }, (_, i) => ({
        characterId: titan,
        side: "enemy" as const,
        position: { x: i, y: 2 },
      })),
    ];
    const interactionId = await dm.mutation(api.interactions.create, {
      name: "Titans",
      kind: "combat",
      participants,
      map: { ...smallMap(), width: 12 },
    });
    // Just under the budget; then the PC's sheet grows, saved before characters.update refused
    // a sheet that takes a draft it sits in over the budget.
    await t.run((ctx) => ctx.db.patch(pc, maximalSheet("Brenna", "pc")));
    const refusal = await errorOf(
      t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: DM.subject }),
    );
    // "invalid": the live server shows its DM the message as a setup to fix.
    expect(refusal.kind).toBe("invalid");
    expect(refusal.message).toMatch(
      /^"Titans" would start live with \d+ KB of game state \(\d+ bytes\).* and 10 characters .*At most 500 KB fits/,
    );
    expect((await t.run((ctx) => ctx.db.get(interactionId)))?.launchingAt).toBeUndefined();
    await expectKind(t.query(api.live.loadForRoom, { secret: SECRET, interactionId }), "invalid", /500 KB/);
    // The DM's next edit of the draft says the same, and fixing it lets it go live.
    const edit = await errorOf(dm.mutation(api.interactions.update, { id: interactionId, kind: "combat" }));
    expect(edit).toEqual({ kind: "too_large", message: refusal.message });
    await dm.mutation(api.interactions.update, { id: interactionId, participants: participants.slice(0, 9) });
    expect(
      await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject: DM.subject }),
    ).toMatchObject({ status: "draft" });

    // A draft saved before the budget with a map whose chest loot alone is over it.
    const { interactionId: oldId } = await draftWithParty(t);
    const hoard = Array.from({ length: 10 }, (_, c) => ({
      id: `chest-${c}`,
      name: `Chest ${c}`,
      kind: "chest" as const,
      position: { x: c, y: 7 },
      open: false,
      locked: false,
      loot: Array.from({ length: 30 }, (_, i) => maximalItem(i)),
    }));
    await t.run((ctx) => ctx.db.patch(oldId, { map: { ...smallMap(), objects: hoard } }));
    await expectKind(
      t.query(api.live.loadForRoom, { secret: SECRET, interactionId: oldId }),
      "invalid",
      /^"Goblin ambush" would start live with .*: the map \d{3} KB \(chest loot counts three times/,
    );
    // Once running (with a snapshot) the state is the snapshot's, which saveSnapshot bounds.
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId: oldId, status: "live" });
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId: oldId,
      version: 1,
      reason: "start",
      state: {},
    });
    expect(await t.query(api.live.loadForRoom, { secret: SECRET, interactionId: oldId })).toMatchObject({
      status: "live",
    });
  });

  test("refuses an interaction with no participants", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    // No edit can leave a combat without foes any more; a draft saved before that rule could be.
    await t.run((ctx) => ctx.db.patch(interactionId, { participants: [] }));
    await expectKind(
      t.query(api.live.loadForRoom, { secret: SECRET, interactionId }),
      "invalid_state",
      /no participants/,
    );
  });
});

describe("live.claimForRoom", () => {
  test("answers as loadForRoom does and claims only a draft, only when it can go live", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const claim = (id: string) =>
      t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId: id, subject: DM.subject });
    const launchingAt = async () => (await t.run((ctx) => ctx.db.get(interactionId)))?.launchingAt;
    const query = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    expect(await launchingAt()).toBeUndefined();
    // The answer carries the claim's token: the launchingAt it wrote.
    const claimed = await claim(interactionId);
    expect(claimed).toEqual({ ...query, claim: expect.any(Number) as number });
    expect(await launchingAt()).toBe(claimed?.claim);
    // Going live ends the claim; loading a running game claims nothing.
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" });
    expect(await launchingAt()).toBeUndefined();
    expect(await claim(interactionId)).not.toHaveProperty("claim");
    expect(await launchingAt()).toBeUndefined();
    // A draft that cannot go live is refused and not claimed.
    const { interactionId: emptyId } = await draftWithParty(t);
    await t.run((ctx) => ctx.db.patch(emptyId, { participants: [] }));
    await expectKind(claim(emptyId), "invalid_state");
    expect((await t.run((ctx) => ctx.db.get(emptyId)))?.launchingAt).toBeUndefined();
    expect(await claim("not-an-id")).toBeNull();
  });

  test("claims only for the draft's DM: anyone else's launch is refused after the load and holds nothing", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const launchingAt = async () => (await t.run((ctx) => ctx.db.get(interactionId)))?.launchingAt;
    const query = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    for (const subject of [P1.subject, "user_unknown", ""])
      expect(await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId, subject })).toEqual(
        query,
      );
    // A live server of the previous release sends no subject: it still loads, and claims nothing.
    expect(await t.mutation(api.live.claimForRoom, { secret: SECRET, interactionId })).toEqual(query);
    // An admin's launch of a draft that is not a test interaction is refused too.
    expect(
      await t.mutation(api.live.claimForRoom, {
        secret: SECRET,
        interactionId,
        subject: ADMIN.subject,
        asAdmin: true,
      }),
    ).toEqual(query);
    expect(await launchingAt()).toBeUndefined();
  });

  test("an admin's launch of someone else's test interaction claims it, as its DM's would", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    await t.run((ctx) => ctx.db.patch(interactionId, { isTest: true }));
    const args = { secret: SECRET, interactionId, subject: ADMIN.subject };
    // Only on the live server's word that the token is an admin's: the subject alone is anyone's.
    expect(await t.mutation(api.live.claimForRoom, args)).not.toHaveProperty("claim");
    const loaded = await t.mutation(api.live.claimForRoom, { ...args, asAdmin: true });
    expect(loaded?.claim).toBeTypeOf("number");
    // The room starts with Brenna: she cannot be deleted before the "live" write…
    await expectKind(p1.mutation(api.characters.remove, { id: pcId }), "conflict", /being taken live/);
    // …and the admin's failed launch can let her go, with its token.
    await t.mutation(api.live.releaseClaim, { ...args, claim: loaded!.claim! });
    await p1.mutation(api.characters.remove, { id: pcId });
  });
});

describe("live.releaseClaim", () => {
  test("a failed launch's late release leaves a newer launch's claim in force; that launch's own ends it", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    const args = { secret: SECRET, interactionId, subject: DM.subject };
    // The DM launches from two tabs: the first launch's claim, then the second's (maybe in the same ms).
    const first = (await t.mutation(api.live.claimForRoom, args))!.claim!;
    const second = (await t.mutation(api.live.claimForRoom, args))!.claim!;
    expect(second).toBeGreaterThan(first);
    // The first launch failed; its release arrives after the second claimed.
    await t.mutation(api.live.releaseClaim, { ...args, claim: first });
    await expectKind(p1.mutation(api.characters.remove, { id: pcId }), "conflict", /being taken live/);
    // The second launch fails too: its release ends the claim.
    await t.mutation(api.live.releaseClaim, { ...args, claim: second });
    await p1.mutation(api.characters.remove, { id: pcId });
    expect(await p1.query(api.characters.get, { id: pcId })).toBeNull();
  });

  test("a claim in the same millisecond as a released one gets a new token: the old one's late release ends nothing", async () => {
    const t = newBackend();
    const { p1, pcId, interactionId } = await draftWithParty(t);
    const args = { secret: SECRET, interactionId, subject: DM.subject };
    const row = () => t.run((ctx) => ctx.db.get(interactionId));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(1_800_000_000_000);
      const first = (await t.mutation(api.live.claimForRoom, args))!.claim!;
      // The first launch fails and releases its claim; the DM launches again in the same ms.
      await t.mutation(api.live.releaseClaim, { ...args, claim: first });
      expect((await row())?.launchingAt).toBeUndefined();
      expect((await row())?.lastLaunchClaim).toBe(first);
      const second = (await t.mutation(api.live.claimForRoom, args))!.claim!;
      expect(second).toBeGreaterThan(first);
      expect(await row()).toMatchObject({ launchingAt: second, lastLaunchClaim: second });
      // The first launch's release is retried late: the second claim stays in force.
      await t.mutation(api.live.releaseClaim, { ...args, claim: first });
      expect((await row())?.launchingAt).toBe(second);
      await expectKind(p1.mutation(api.characters.remove, { id: pcId }), "conflict", /being taken live/);
      // Time moves on: the clock's token again, once past the last one.
      vi.setSystemTime(1_800_000_060_000);
      await t.mutation(api.live.releaseClaim, { ...args, claim: second });
      expect((await t.mutation(api.live.claimForRoom, args))!.claim).toBe(1_800_000_060_000);
    } finally {
      vi.useRealTimers();
    }
  });

  // Without a token, as a live server of the previous release sends it.
  test("ends the DM's claim of a draft at once; anyone else's release changes nothing", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const launchingAt = async () => (await t.run((ctx) => ctx.db.get(interactionId)))?.launchingAt;
    const args = { secret: SECRET, interactionId };
    await t.mutation(api.live.claimForRoom, { ...args, subject: DM.subject });
    const claimed = await launchingAt();
    expect(claimed).toBeTypeOf("number");
    expect(await t.mutation(api.live.releaseClaim, { ...args, subject: P1.subject })).toBeNull();
    expect(await launchingAt()).toBe(claimed);
    await t.mutation(api.live.releaseClaim, { ...args, subject: DM.subject });
    expect(await launchingAt()).toBeUndefined();
    // Nothing to release: no claim, or no such interaction.
    expect(await t.mutation(api.live.releaseClaim, { ...args, subject: DM.subject })).toBeNull();
    expect(
      await t.mutation(api.live.releaseClaim, { ...args, interactionId: "not-an-id", subject: DM.subject }),
    ).toBeNull();
  });
});

describe("live.saveSnapshot", () => {
  test("replaces the one row in place and ignores older versions", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const save = (version: number, state: unknown) =>
      t.mutation(api.live.saveSnapshot, {
        secret: SECRET,
        interactionId,
        version,
        reason: "round_end",
        state,
      });
    expect(await save(1, { v: 1 })).toEqual({ stored: true, version: 1 });
    expect(await save(5, { v: 5 })).toEqual({ stored: true, version: 5 });
    expect(await save(4, { v: 4 })).toEqual({ stored: false, version: 5 });
    expect(await save(5, { v: "5 again" })).toEqual({ stored: true, version: 5 });
    const rows = await snapshotRows(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: 5, state: { v: "5 again" } });
  });

  test("property: after any sequence of saves there is exactly one row per interaction, holding its highest version", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ target: fc.integer({ min: 0, max: 1 }), version: fc.nat({ max: 50 }) }), {
          minLength: 1,
          maxLength: 25,
        }),
        async (saves) => {
          const t = newBackend();
          const { interactionId: a } = await draftWithParty(t);
          const { interactionId: b } = await draftWithParty(t);
          const ids = [a, b];
          const best = new Map<string, number>();
          for (const { target, version } of saves) {
            const interactionId = ids[target]!;
            const before = best.get(interactionId);
            const result = await t.mutation(api.live.saveSnapshot, {
              secret: SECRET,
              interactionId,
              version,
              reason: "round_end",
              state: { version },
            });
            expect(result.stored).toBe(before === undefined || version >= before);
            best.set(interactionId, Math.max(before ?? version, version));
          }
          const rows = await snapshotRows(t);
          expect(rows).toHaveLength(best.size);
          for (const row of rows) {
            expect(row.version).toBe(best.get(row.interactionId));
            expect(row.state).toEqual({ version: row.version });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  test("keeps a room state as the live server encodes it (checkpoints as changes, full log chunks apart) exactly", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const setup = goblinAmbush();
    const bots = Object.fromEntries(
      setup.participants.flatMap((p) => (p.sheet.ownerUserId ? [[p.sheet.ownerUserId, sensibleBot]] : [])),
    );
    const state = simulate(setup, { ...bots, [setup.dmUserId]: dmBot }, 5, { maxCommands: 150 }).finalState;
    expect(state.history.length).toBeGreaterThan(2);
    expect(state.turnLog.length).toBeGreaterThan(1);
    const chunks: { key: string; entries: unknown[] }[] = [];
    const encoded = encodeSnapshot(state, (entries) => {
      chunks.push({ key: `k${chunks.length}`, entries: [...entries] });
      return `k${chunks.length - 1}`;
    });
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId,
      version: state.version,
      reason: "round_end",
      state: encoded,
      chunks,
      chunkKeys: chunks.map((c) => c.key),
    });
    const loaded = await t.query(api.live.loadForRoom, { secret: SECRET, interactionId });
    expect(loaded?.snapshot?.state).toEqual(encoded);
    expect(decodeStored(loaded!.snapshot!)).toEqual(state);
  });

  test("stores each log chunk once, with the snapshot that names it, and drops the ones no longer named", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const chunk = (key: string) => ({ key, entries: [{ text: key }] });
    const save = (version: number, sent: string[], named: string[]) =>
      t.mutation(api.live.saveSnapshot, {
        secret: SECRET,
        interactionId,
        version,
        reason: "round_end",
        state: { version },
        chunks: sent.map(chunk),
        chunkKeys: named,
      });
    const chunkRows = () => t.run((ctx) => ctx.db.query("liveLogChunks").collect());
    const loadedChunks = async () =>
      (await t.query(api.live.loadForRoom, { secret: SECRET, interactionId }))?.snapshot?.chunks;

    expect(await save(1, ["a", "b"], ["a", "b"])).toEqual({ stored: true, version: 1 });
    // Sent again (a retry after a lost answer) and a new one: each stays stored once.
    expect(await save(2, ["b", "c"], ["a", "b", "c"])).toEqual({ stored: true, version: 2 });
    expect((await chunkRows()).map((c) => c.key).sort()).toEqual(["a", "b", "c"]);
    expect(await loadedChunks()).toEqual(["a", "b", "c"].map(chunk));
    // An older snapshot is refused, its chunks with it.
    expect(await save(1, ["z"], ["z"])).toEqual({ stored: false, version: 2 });
    expect((await chunkRows()).map((c) => c.key).sort()).toEqual(["a", "b", "c"]);
    // "a" left the log: no longer named, so deleted; the rest is still there without resending.
    expect(await save(3, [], ["b", "c"])).toEqual({ stored: true, version: 3 });
    expect((await chunkRows()).map((c) => c.key).sort()).toEqual(["b", "c"]);
    expect(await loadedChunks()).toEqual(["b", "c"].map(chunk));
    // A snapshot from before chunks were kept apart names none.
    await t.mutation(api.live.saveSnapshot, {
      secret: SECRET,
      interactionId,
      version: 4,
      reason: "r",
      state: {},
    });
    expect(await loadedChunks()).toBeUndefined();
  });

  test("refuses bad input without storing anything", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const save = (version: number, reason: string, state: unknown) =>
      t.mutation(api.live.saveSnapshot, { secret: SECRET, interactionId, version, reason, state });
    await expectKind(save(-1, "round_end", {}), "invalid", /version/);
    await expectKind(save(1.5, "round_end", {}), "invalid", /version/);
    await expectKind(save(1, "", {}), "invalid", /reason/);
    await expectKind(save(1, "round_end", null), "invalid", /state/);
    await expectKind(save(1, "round_end", { blob: "x".repeat(MAX_STATE_BYTES) }), "too_large", /limit/);
    const withChunks = (chunks: { key: string; entries: unknown[] }[], chunkKeys: string[]) =>
      t.mutation(api.live.saveSnapshot, {
        secret: SECRET,
        interactionId,
        version: 1,
        reason: "r",
        state: {},
        chunks,
        chunkKeys,
      });
    await expectKind(withChunks([{ key: "", entries: [] }], []), "invalid", /key/);
    await expectKind(withChunks([], ["k".repeat(65)]), "invalid", /key/);
    await expectKind(
      withChunks(
        [],
        Array.from({ length: 201 }, (_, i) => `k${i}`),
      ),
      "too_large",
      /chunks/,
    );
    await expectKind(
      withChunks([{ key: "k", entries: ["x".repeat(MAX_STATE_BYTES)] }], ["k"]),
      "too_large",
      /chunk/,
    );
    expect(await t.run((ctx) => ctx.db.query("liveLogChunks").collect())).toEqual([]);
    await expectKind(
      t.mutation(api.live.saveSnapshot, {
        secret: SECRET,
        interactionId: "nope",
        version: 1,
        reason: "r",
        state: {},
      }),
      "not_found",
    );
    expect(await snapshotRows(t)).toEqual([]);
  });
});

describe("live.setStatus", () => {
  test("follows the room's lifecycle and maps awaiting_dm onto live", async () => {
    const t = newBackend();
    const { dm, interactionId } = await draftWithParty(t);
    const set = (status: "draft" | "live" | "awaiting_dm" | "paused" | "completed") =>
      t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status });
    const stored = async () => (await dm.query(api.interactions.get, { id: interactionId }))?.status;
    await set("live");
    await set("live");
    await set("awaiting_dm");
    expect(await stored()).toBe("live");
    await set("live");
    await set("paused");
    expect(await stored()).toBe("paused");
    await set("live");
    await set("completed");
    expect(await stored()).toBe("completed");
    for (const next of ["draft", "live", "paused"] as const)
      await expectKind(set(next), "invalid_state", /completed/);
    expect(await stored()).toBe("completed");
  });

  test("takes the newest status the live server has, even past ones whose writes failed; completed is final", async () => {
    const t = newBackend();
    // A draft whose "live" write failed: the retry carries what the room became meanwhile.
    for (const status of ["paused", "awaiting_dm", "completed"] as const) {
      const { interactionId } = await draftWithParty(t);
      expect(await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status })).toEqual({
        status,
      });
    }
    // An admin resumes a paused test game whose DM is away: straight to awaiting the DM.
    const { interactionId } = await draftWithParty(t);
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "paused" });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "awaiting_dm" });
    await t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "completed" });
    await expectKind(
      t.mutation(api.live.setStatus, { secret: SECRET, interactionId, status: "live" }),
      "invalid_state",
    );
  });
});

describe("live.saveResults", () => {
  test("stores the room's results and logs once, even when the call is retried", async () => {
    const t = newBackend();
    const { pcId, goblinId, interactionId } = await draftWithParty(t);
    const turnLog = [
      {
        at: 1,
        round: 1,
        text: "Brenna hits the goblin for 7",
        turn: { id: 1, entityId: pcId, outcome: "taken" as const, by: P1.subject },
      },
      { at: 2, round: 1, text: "A hidden goblin moves", dmOnly: true as const },
      {
        at: 3,
        round: 1,
        text: "The goblin's turn times out",
        turn: { id: 2, entityId: goblinId, outcome: "timed_out" as const },
      },
    ];
    const chatLog = [
      {
        id: 1,
        at: 1,
        from: P1.subject,
        channel: "party" as const,
        text: "Charge!",
        recipients: [P1.subject, DM.subject],
      },
      {
        id: 2,
        at: 2,
        from: DM.subject,
        channel: "private" as const,
        text: "You spot a trap",
        recipients: [DM.subject, P1.subject],
      },
    ];
    const results = {
      winner: "party" as const,
      xp: { [pcId]: 100 },
      loot: [{ entityId: pcId, item: { id: "coin", name: "Gold coins", type: "gear" as const, value: 12 } }],
      endedAt: 5_000,
      rounds: 3,
    };
    const save = () =>
      t.mutation(api.live.saveResults, { secret: SECRET, interactionId, results, turnLog, chatLog });
    expect(await save()).toEqual({ turnLogAdded: 3, chatLogAdded: 2 });
    expect(await save()).toEqual({ turnLogAdded: 0, chatLogAdded: 0 });

    const stored = await t.run(async (ctx) => ({
      results: await ctx.db.query("results").collect(),
      turns: await ctx.db.query("turnLog").collect(),
      chat: await ctx.db.query("chatLog").collect(),
    }));
    expect(stored.results).toHaveLength(1);
    expect(stored.results[0]).toMatchObject(results);
    expect(
      stored.turns.sort((a, b) => a.seq - b.seq).map(({ seq, text, dmOnly }) => ({ seq, text, dmOnly })),
    ).toEqual([
      { seq: 0, text: "Brenna hits the goblin for 7", dmOnly: undefined },
      { seq: 1, text: "A hidden goblin moves", dmOnly: true },
      { seq: 2, text: "The goblin's turn times out", dmOnly: undefined },
    ]);
    expect(stored.chat.map((m) => [m.id, m.text, m.recipients])).toEqual([
      [1, "Charge!", [P1.subject, DM.subject]],
      [2, "You spot a trap", [DM.subject, P1.subject]],
    ]);
  });

  test("a retry after the logs grew adds only the new entries", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const results = { winner: "none" as const, xp: {}, loot: [], endedAt: 1, rounds: 1 };
    const line = (text: string) => ({ at: 1, round: 1, text });
    const msg = (id: number) => ({
      id,
      at: id,
      from: P1.subject,
      channel: "party" as const,
      text: `m${id}`,
      recipients: [P1.subject],
    });
    await t.mutation(api.live.saveResults, {
      secret: SECRET,
      interactionId,
      results,
      turnLog: [line("a")],
      chatLog: [msg(1)],
    });
    const again = await t.mutation(api.live.saveResults, {
      secret: SECRET,
      interactionId,
      results,
      turnLog: [line("a"), line("b")],
      chatLog: [msg(1), msg(2), msg(2)],
    });
    expect(again).toEqual({ turnLogAdded: 1, chatLogAdded: 1 });
  });

  test("refuses a payload of the wrong shape and an unknown interaction without storing anything", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    await expect(
      t.mutation(api.live.saveResults, {
        secret: SECRET,
        interactionId,
        // @ts-expect-error winner is one of party | enemy | none
        results: { winner: "goblins", xp: {}, loot: [], endedAt: 1, rounds: 1 },
        turnLog: [],
        chatLog: [],
      }),
    ).rejects.toThrow(/goblins/);
    for (const xp of [[100], { hero: 1.5 }]) {
      await expectKind(
        t.mutation(api.live.saveResults, {
          secret: SECRET,
          interactionId,
          results: { winner: "party", xp: xp as Record<string, number>, loot: [], endedAt: 1, rounds: 1 },
          turnLog: [],
          chatLog: [],
        }),
        "invalid",
        /results\.xp/,
      );
    }
    await expectKind(
      t.mutation(api.live.saveResults, {
        secret: SECRET,
        interactionId: "missing",
        results: { winner: "none", xp: {}, loot: [], endedAt: 1, rounds: 1 },
        turnLog: [{ at: 1, round: 1, text: "x" }],
        chatLog: [],
      }),
      "not_found",
    );
    expect(await t.run((ctx) => ctx.db.query("results").collect())).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("turnLog").collect())).toEqual([]);
  });
});

describe("live.logError", () => {
  test("records errors with or without an interaction, capping their size", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    await t.mutation(api.live.logError, {
      secret: SECRET,
      interactionId,
      userId: P1.subject,
      message: "Turn failed",
      context: { command: "takeTurn" },
    });
    await t.mutation(api.live.logError, {
      secret: SECRET,
      message: "x".repeat(10_000),
      context: { big: "y".repeat(50_000) },
    });
    await t.mutation(api.live.logError, { secret: SECRET, interactionId: "bogus", message: "Unknown room" });
    await t.mutation(api.live.logError, {
      secret: SECRET,
      message: "odd keys",
      context: { _meta: { nested: [1, 2] } },
    });
    const rows = await t.run((ctx) => ctx.db.query("errorLogs").collect());
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ interactionId, userId: P1.subject, message: "Turn failed" });
    expect(JSON.parse(rows[0]!.context!)).toEqual({ command: "takeTurn" });
    expect(rows[1]!.message.length).toBeLessThanOrEqual(4_001);
    expect(rows[1]!.context!.length).toBeLessThanOrEqual(16_001);
    expect(rows[2]!.interactionId).toBeUndefined();
    expect(JSON.parse(rows[2]!.context!)).toEqual({ rawInteractionId: "bogus" });
    expect(JSON.parse(rows[3]!.context!)).toEqual({ _meta: { nested: [1, 2] } });
  });

  test("keeps one row per reportId however often it is sent; reports without one each get a row", async () => {
    const t = newBackend();
    const { interactionId } = await draftWithParty(t);
    const report = { secret: SECRET, interactionId, message: "The store refused status live; not retried" };
    // The live server's retry of a report whose first attempt landed but whose answer was lost.
    const first = await t.mutation(api.live.logError, { ...report, reportId: "r-1" });
    const again = await t.mutation(api.live.logError, { ...report, reportId: "r-1" });
    expect(again).toEqual(first);
    await t.mutation(api.live.logError, { ...report, reportId: "r-2" });
    await t.mutation(api.live.logError, report);
    await t.mutation(api.live.logError, report);
    const rows = await t.run((ctx) => ctx.db.query("errorLogs").collect());
    expect(rows.map((r) => r.reportId)).toEqual(["r-1", "r-2", undefined, undefined]);
    expect(rows.every((r) => r.message === report.message && r.interactionId === interactionId)).toBe(true);
  });
});
