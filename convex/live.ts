import { v, type Infer } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type QueryCtx } from "./_generated/server";
import { checkWinnable, MAX_STATE_BYTES, overBudget } from "./checks";
import { appError } from "./errors";
import { patchInteraction, sheetOf } from "./seating";
import { requireServiceSecret } from "./secret";
import {
  chatMessage,
  interactionSetup,
  results,
  roomStatus,
  turnLogEntry,
  type CharacterSheet,
  type InteractionSetup,
  type RoomStatus,
} from "./validators";

/**
 * The live server's calls (apps/live/src/persistence/convexStore.ts). Public so
 * ConvexHttpClient can reach them, guarded by the CONVEX_SERVICE_SECRET shared secret.
 * Interaction ids arrive as plain strings from the room and are checked here.
 */

/** A full turn-log or chat chunk of a live room (apps/live/src/persistence/store.ts `LogChunk`). */
const logChunk = v.object({ key: v.string(), entries: v.array(v.any()) });

/** Keeps every stored document well below Convex's 1 MiB limit, with a clear error (checks.ts). */
export { MAX_STATE_BYTES };
const MAX_MESSAGE = 4_000;
const MAX_CONTEXT_CHARS = 16_000;

/** JSON text of a Convex value; 64-bit integers (bigint) are written as decimal strings. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
}

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(toJson(value)).length;
}

async function interactionById(ctx: QueryCtx, id: string): Promise<Doc<"interactions"> | null> {
  const normalized = ctx.db.normalizeId("interactions", id);
  return normalized === null ? null : await ctx.db.get(normalized);
}

async function requireInteraction(ctx: QueryCtx, id: string): Promise<Doc<"interactions">> {
  const interaction = await interactionById(ctx, id);
  if (interaction === null) throw appError("not_found", `No interaction ${id.slice(0, 64)}`);
  return interaction;
}

function roomStatusOf(i: Doc<"interactions">): RoomStatus {
  return i.status === "live" && i.awaitingDm ? "awaiting_dm" : i.status;
}

async function subjectOf(ctx: QueryCtx, userId: Id<"users">): Promise<string> {
  const user = await ctx.db.get(userId);
  if (user === null) throw appError("invalid_state", `User ${userId} no longer exists`);
  return user.subject;
}

/** Builds the engine's InteractionSetup from the CRUD documents. */
export async function buildSetup(ctx: QueryCtx, interaction: Doc<"interactions">): Promise<InteractionSetup> {
  if (interaction.participants.length === 0) {
    throw appError("invalid_state", `"${interaction.name}" has no participants yet`);
  }
  const participants: InteractionSetup["participants"] = [];
  for (const p of interaction.participants) {
    const c = await ctx.db.get(p.characterId);
    if (c === null) throw appError("invalid_state", `A character seated as ${p.entityId} has been deleted`);
    participants.push({
      entityId: p.entityId,
      sheet: withoutStrayWeapons(await sheetOf(ctx, c)),
      side: p.side,
      position: p.position,
      ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
    });
  }
  return {
    id: interaction._id,
    name: interaction.name,
    kind: interaction.kind,
    dmUserId: await subjectOf(ctx, interaction.dmId),
    isTest: interaction.isTest,
    participants,
    map: interaction.map,
  };
}

/**
 * A sheet saved before the checks refused it may have an attack naming a weapon it no longer
 * carries (removing a weapon used not to free its attacks) or an item that is no weapon. The
 * engine refuses such a setup, so it would keep the whole interaction from going live, and only
 * the sheet's owner can fix it: the attack is sent needing no weapon, as the character form saves it.
 */
function withoutStrayWeapons(sheet: CharacterSheet): CharacterSheet {
  const weapons = new Set(sheet.inventory.flatMap((i) => (i.type === "weapon" ? [i.id] : [])));
  if (!sheet.actions.some((a) => a.kind === "attack" && a.weaponId !== undefined && !weapons.has(a.weaponId)))
    return sheet;
  return {
    ...sheet,
    actions: sheet.actions.map((a) => {
      if (a.kind !== "attack" || a.weaponId === undefined || weapons.has(a.weaponId)) return a;
      const { weaponId: _stray, ...rest } = a;
      return rest;
    }),
  };
}

/**
 * The live server's readiness probe: answers only when the deployment is reachable and the
 * live server's secret is the one set here, so a deploy with a wrong secret is not ready.
 */
export const ping = query({
  args: { secret: v.string() },
  returns: v.null(),
  handler: (_ctx, { secret }) => {
    requireServiceSecret(secret);
    return Promise.resolve(null);
  },
});

const roomFields = {
  setup: interactionSetup,
  status: roomStatus,
  snapshot: v.union(
    v.null(),
    v.object({
      version: v.number(),
      reason: v.string(),
      state: v.any(),
      savedAt: v.number(),
      chunks: v.optional(v.array(logChunk)),
    }),
  ),
};
const loadedForRoom = v.union(v.null(), v.object(roomFields));
/**
 * claimForRoom's answer: loadForRoom's, and `claim` when this load claimed the draft — the token
 * of that claim (its `launchingAt`), which releaseClaim takes back. Live servers of the previous
 * release read only the other fields.
 */
const claimedForRoom = v.union(v.null(), v.object({ ...roomFields, claim: v.optional(v.number()) }));

/** Everything a room needs: the setup from CRUD data, the status and the latest snapshot. null if no such interaction. */
export const loadForRoom = query({
  args: { secret: v.string(), interactionId: v.string() },
  returns: loadedForRoom,
  handler: async (ctx, { secret, interactionId }) => {
    requireServiceSecret(secret);
    const interaction = await interactionById(ctx, interactionId);
    return interaction === null ? null : await roomData(ctx, interaction);
  },
});

/**
 * How long a draft stays claimed after a launch loaded it (claimForRoom): its status
 * write ("live") normally lands within a second; this leaves room for retries.
 */
export const LAUNCH_CLAIM_MS = 5 * 60_000;

export function isLaunching(interaction: Doc<"interactions">, now: number): boolean {
  return interaction.launchingAt !== undefined && now - interaction.launchingAt < LAUNCH_CLAIM_MS;
}

/**
 * loadForRoom for taking a game live: the same answer, and when `subject` (the launching
 * user's token subject, `users.subject`) may take the draft live — its DM, or with `asAdmin` an
 * admin launching a test interaction, the same rule the live server applies after the load — the
 * draft is claimed for LAUNCH_CLAIM_MS (or until its status changes or releaseClaim), so its
 * characters cannot be deleted between this load and the live server's setStatus — the room
 * would start with a character Convex no longer has. The answer then carries the claim's token
 * (`claim`, the `launchingAt` written), which releaseClaim needs to end this claim and no other.
 * Anyone else's launch is refused by the live server after the load, so it must not hold the
 * draft. A refused load (an invalid draft) claims nothing.
 *
 * `asAdmin` is the live server's word that it verified an admin role in the caller's session
 * token; it is trusted because only the live server has the service secret checked here. Convex's
 * own `users.role` is not used: it is refreshed only when the user calls a mutation, so it can be
 * missing or stale where the token is current.
 */
export const claimForRoom = mutation({
  // `subject` optional for the live servers of the release before it, which sent none: their
  // loads claim nothing rather than fail while Convex is deployed ahead of them (docs/deploy.md).
  // `asAdmin` optional likewise: the previous release claimed for the DM only.
  args: {
    secret: v.string(),
    interactionId: v.string(),
    subject: v.optional(v.string()),
    asAdmin: v.optional(v.boolean()),
  },
  returns: claimedForRoom,
  // Typed: inferred, `loaded | { ...loaded, claim }` would reduce to `loaded`, hiding `claim`.
  handler: async (
    ctx,
    { secret, interactionId, subject, asAdmin },
  ): Promise<Infer<typeof claimedForRoom>> => {
    requireServiceSecret(secret);
    const interaction = await interactionById(ctx, interactionId);
    if (interaction === null) return null;
    const loaded = await roomData(ctx, interaction);
    if (interaction.status !== "draft" || subject === undefined) return loaded;
    // setup.dmUserId is the DM's users.subject (buildSetup).
    const mayLaunch = loaded.setup.dmUserId === subject || (asAdmin === true && interaction.isTest);
    if (!mayLaunch) return loaded;
    // Later than any claim before it, even one made in the same millisecond (two tabs, two
    // servers) or one already released (releaseClaim clears launchingAt, not lastLaunchClaim),
    // so no two claims share a token. launchingAt too for drafts claimed before
    // lastLaunchClaim was kept. Not updatedAt: nothing a user sees changed.
    const claim = Math.max(
      Date.now(),
      (interaction.lastLaunchClaim ?? 0) + 1,
      (interaction.launchingAt ?? 0) + 1,
    );
    await ctx.db.patch(interaction._id, { launchingAt: claim, lastLaunchClaim: claim });
    return { ...loaded, claim };
  },
});

/**
 * Ends the claim of a launch that failed after claimForRoom (the live server could not build
 * the room), so the draft's characters can be deleted again at once rather than after
 * LAUNCH_CLAIM_MS. With `claim` (the token claimForRoom answered) only that claim ends: a failed
 * launch's late release must not end a newer launch's claim (the DM launching again from
 * another tab or server), whose room would then start with characters deleted meanwhile.
 *
 * Without `claim` (a live server of the previous release, which knew no tokens and claimed only
 * for the DM) it keeps that release's behaviour: the DM's release ends whatever claim there is.
 * Making it a no-op instead would leave every draft whose launch failed on such a server
 * unchangeable by its DM for LAUNCH_CLAIM_MS while Convex is deployed ahead of it, to close a
 * race that server had anyway; the window lasts only until the live server is deployed too.
 */
export const releaseClaim = mutation({
  args: {
    secret: v.string(),
    interactionId: v.string(),
    subject: v.string(),
    claim: v.optional(v.number()),
  },
  returns: v.null(),
  handler: async (ctx, { secret, interactionId, subject, claim }) => {
    requireServiceSecret(secret);
    const interaction = await interactionById(ctx, interactionId);
    if (interaction?.status !== "draft" || interaction.launchingAt === undefined) return null;
    // The token alone names the claim (it is handed only to the launch that made it, an
    // admin's included); without one, only the DM's release counts, as before.
    if (
      claim !== undefined
        ? interaction.launchingAt !== claim
        : (await subjectOf(ctx, interaction.dmId)) !== subject
    )
      return null;
    await ctx.db.patch(interaction._id, { launchingAt: undefined });
    return null;
  },
});

async function roomData(
  ctx: QueryCtx,
  interaction: Doc<"interactions">,
): Promise<NonNullable<Infer<typeof loadedForRoom>>> {
  const snapshot = await ctx.db
    .query("liveSnapshots")
    .withIndex("by_interaction", (q) => q.eq("interactionId", interaction._id))
    .unique();
  const chunks: { key: string; entries: unknown[] }[] = [];
  for (const key of snapshot?.chunkKeys ?? []) {
    const chunk = await chunkByKey(ctx, interaction._id, key);
    if (chunk !== null) chunks.push({ key, entries: chunk.entries as unknown[] });
  }
  const setup = await buildSetup(ctx, interaction);
  // A draft saved before the editor refused unwinnable setups must not go live as one; nor
  // one too big to ever be saved (saved before the budget, or a seated sheet grew since):
  // refused as "invalid", which the live server shows its DM as a setup to fix.
  if (snapshot === null && interaction.status === "draft") {
    checkWinnable(
      interaction.kind,
      interaction.map,
      interaction.participants,
      setup.participants.map((p) => p.sheet.kind),
    );
    const tooBig = overBudget(setup.name, setup.kind, setup.map, setup.participants);
    if (tooBig !== null) throw appError("invalid", tooBig);
  }
  return {
    setup,
    status: roomStatusOf(interaction),
    snapshot:
      snapshot === null
        ? null
        : {
            version: snapshot.version,
            reason: snapshot.reason,
            state: snapshot.state as unknown,
            savedAt: snapshot.savedAt,
            ...(snapshot.chunkKeys === undefined ? {} : { chunks }),
          },
  };
}

async function chunkByKey(ctx: QueryCtx, interactionId: Id<"interactions">, key: string) {
  return await ctx.db
    .query("liveLogChunks")
    .withIndex("by_interaction_and_key", (q) => q.eq("interactionId", interactionId).eq("key", key))
    .first();
}

const MAX_CHUNKS = 200;
const MAX_CHUNK_KEY = 64;

/**
 * Replaces the interaction's one snapshot row in place. Fenced by version: an older version
 * than the stored one is ignored (`stored: false`); the same version overwrites (a retried save).
 * `chunks` are the log chunks the state names that the room has not seen stored yet: added in
 * the same transaction when the snapshot is stored (a key already there is kept), so the row
 * never names a chunk that is missing; chunks the previous row named and this one does not
 * (dropped from the log) are deleted.
 */
export const saveSnapshot = mutation({
  args: {
    secret: v.string(),
    interactionId: v.string(),
    version: v.number(),
    reason: v.string(),
    state: v.any(),
    chunks: v.optional(v.array(logChunk)),
    chunkKeys: v.optional(v.array(v.string())),
  },
  returns: v.object({ stored: v.boolean(), version: v.number() }),
  handler: async (ctx, { secret, interactionId, version, reason, state, chunks, chunkKeys }) => {
    requireServiceSecret(secret);
    if (!Number.isSafeInteger(version) || version < 0)
      throw appError("invalid", "version must be a whole number ≥ 0");
    if (reason.length < 1 || reason.length > 80)
      throw appError("invalid", "reason must be 1 to 80 characters");
    if (state === undefined || state === null) throw appError("invalid", "state is required");
    const size = jsonBytes(state);
    if (size > MAX_STATE_BYTES)
      throw appError("too_large", `Snapshot state is ${size} bytes; the limit is ${MAX_STATE_BYTES}`);
    if ((chunks?.length ?? 0) > MAX_CHUNKS || (chunkKeys?.length ?? 0) > MAX_CHUNKS)
      throw appError("too_large", `At most ${MAX_CHUNKS} log chunks per snapshot`);
    for (const key of [...(chunkKeys ?? []), ...(chunks ?? []).map((c) => c.key)])
      if (key.length < 1 || key.length > MAX_CHUNK_KEY)
        throw appError("invalid", `A log chunk key must be 1 to ${MAX_CHUNK_KEY} characters`);
    for (const c of chunks ?? []) {
      const bytes = jsonBytes(c.entries);
      if (bytes > MAX_STATE_BYTES)
        throw appError("too_large", `A log chunk is ${bytes} bytes; the limit is ${MAX_STATE_BYTES}`);
    }
    const interaction = await requireInteraction(ctx, interactionId);
    const existing = await ctx.db
      .query("liveSnapshots")
      .withIndex("by_interaction", (q) => q.eq("interactionId", interaction._id))
      .unique();
    if (existing !== null && version < existing.version) return { stored: false, version: existing.version };
    const row = {
      interactionId: interaction._id,
      version,
      reason,
      state: state as unknown,
      savedAt: Date.now(),
      ...(chunkKeys === undefined ? {} : { chunkKeys }),
    };
    for (const c of chunks ?? [])
      if ((await chunkByKey(ctx, interaction._id, c.key)) === null)
        await ctx.db.insert("liveLogChunks", {
          interactionId: interaction._id,
          key: c.key,
          entries: c.entries,
        });
    const named = new Set(chunkKeys ?? []);
    for (const key of existing?.chunkKeys ?? []) {
      if (named.has(key)) continue;
      const dropped = await chunkByKey(ctx, interaction._id, key);
      if (dropped !== null) await ctx.db.delete(dropped._id);
    }
    if (existing === null) await ctx.db.insert("liveSnapshots", row);
    else await ctx.db.replace(existing._id, row);
    // Its small twin, for interactions.summary (which must not read the state).
    const info = { interactionId: interaction._id, version, reason, savedAt: row.savedAt };
    const oldInfo = await ctx.db
      .query("liveSnapshotInfo")
      .withIndex("by_interaction", (q) => q.eq("interactionId", interaction._id))
      .unique();
    if (oldInfo === null) await ctx.db.insert("liveSnapshotInfo", info);
    else await ctx.db.replace(oldInfo._id, info);
    return { stored: true, version };
  },
});

/**
 * Which room statuses may follow which; repeating the current one is always allowed. The live
 * server writes only a room's newest status (a failed write is retried with whatever is newest
 * by then), so any status a room can reach through others may follow directly: a draft whose
 * "live" write failed may next hear "paused" or "completed". Only completed is final.
 */
const NEXT: Record<RoomStatus, readonly RoomStatus[]> = {
  draft: ["live", "awaiting_dm", "paused", "completed"],
  live: ["awaiting_dm", "paused", "completed"],
  awaiting_dm: ["live", "paused", "completed"],
  paused: ["live", "awaiting_dm", "completed"],
  completed: [],
};

export const setStatus = mutation({
  args: { secret: v.string(), interactionId: v.string(), status: roomStatus },
  returns: v.object({ status: roomStatus }),
  handler: async (ctx, { secret, interactionId, status }) => {
    requireServiceSecret(secret);
    const interaction = await requireInteraction(ctx, interactionId);
    const current = roomStatusOf(interaction);
    if (status !== current && !NEXT[current].includes(status)) {
      throw appError("invalid_state", `An interaction that is ${current} cannot become ${status}`);
    }
    await patchInteraction(ctx, interaction, {
      status: status === "awaiting_dm" ? "live" : status,
      awaitingDm: status === "awaiting_dm",
      updatedAt: Date.now(),
      // Launched (or past it): a draft's claim has done its work.
      launchingAt: undefined,
    });
    return { status };
  },
});

/**
 * Stores the outcome on completion, as the room's `close` effect carries it: the engine's
 * Results (one row, replaced on retry) and the full turn and chat logs, one document per
 * entry. A retried call adds nothing twice: turn-log lines are keyed by their position in
 * the log, chat messages by their id. The final state is the completion snapshot.
 */
export const saveResults = mutation({
  args: {
    secret: v.string(),
    interactionId: v.string(),
    results,
    turnLog: v.array(turnLogEntry),
    chatLog: v.array(chatMessage),
  },
  returns: v.object({ turnLogAdded: v.number(), chatLogAdded: v.number() }),
  handler: async (ctx, args) => {
    requireServiceSecret(args.secret);
    const interaction = await requireInteraction(ctx, args.interactionId);
    const interactionId = interaction._id;
    // Records arrive as plain objects; a list would slip through some validators, so check.
    if (Array.isArray(args.results.xp) || !Object.values(args.results.xp).every(Number.isSafeInteger)) {
      throw appError("invalid", "results.xp must map entity ids to whole numbers of XP");
    }
    const size = jsonBytes(args.results);
    if (size > MAX_STATE_BYTES)
      throw appError("too_large", `Results are ${size} bytes; the limit is ${MAX_STATE_BYTES}`);

    const row = { interactionId, ...args.results, savedAt: Date.now() };
    const existing = await ctx.db
      .query("results")
      .withIndex("by_interaction", (q) => q.eq("interactionId", interactionId))
      .unique();
    if (existing === null) await ctx.db.insert("results", row);
    else await ctx.db.replace(existing._id, row);

    const knownSeqs = new Set(
      (
        await ctx.db
          .query("turnLog")
          .withIndex("by_interaction_and_seq", (q) => q.eq("interactionId", interactionId))
          .collect()
      ).map((e) => e.seq),
    );
    let turnLogAdded = 0;
    for (const [seq, entry] of args.turnLog.entries()) {
      if (knownSeqs.has(seq)) continue;
      await ctx.db.insert("turnLog", { interactionId, seq, ...entry });
      turnLogAdded++;
    }

    const knownIds = new Set(
      (
        await ctx.db
          .query("chatLog")
          .withIndex("by_interaction_and_id", (q) => q.eq("interactionId", interactionId))
          .collect()
      ).map((m) => m.id),
    );
    let chatLogAdded = 0;
    for (const message of args.chatLog) {
      if (knownIds.has(message.id)) continue;
      knownIds.add(message.id);
      await ctx.db.insert("chatLog", { interactionId, ...message });
      chatLogAdded++;
    }
    return { turnLogAdded, chatLogAdded };
  },
});

/**
 * Records an application error from the live server. The context is stored as capped JSON
 * text, so any object the server has at hand (keys starting with `$`, deep nesting) is
 * accepted rather than lost to a document-validation error.
 */
export const logError = mutation({
  args: {
    secret: v.string(),
    /** The same on every retry of one report: a retry whose first attempt landed adds nothing. */
    reportId: v.optional(v.string()),
    interactionId: v.optional(v.string()),
    userId: v.optional(v.string()),
    message: v.string(),
    context: v.optional(v.any()),
  },
  returns: v.id("errorLogs"),
  handler: async (ctx, { secret, reportId, interactionId, userId, message, context }) => {
    requireServiceSecret(secret);
    const id = reportId === undefined ? undefined : cap(reportId, 200);
    if (id !== undefined) {
      const kept = await ctx.db
        .query("errorLogs")
        .withIndex("by_report", (q) => q.eq("reportId", id))
        .first();
      if (kept) return kept._id;
    }
    const normalized = interactionId === undefined ? null : ctx.db.normalizeId("interactions", interactionId);
    // An id that is not an interaction's is still worth keeping, inside the context.
    const raw = interactionId !== undefined && normalized === null ? { rawInteractionId: interactionId } : {};
    const merged: unknown = Object.keys(raw).length === 0 ? context : { context: context as unknown, ...raw };
    const json = merged === undefined ? undefined : toJson(merged);
    return await ctx.db.insert("errorLogs", {
      ...(normalized === null ? {} : { interactionId: normalized }),
      ...(userId === undefined ? {} : { userId: cap(userId, 200) }),
      message: cap(message, MAX_MESSAGE),
      ...(json === undefined ? {} : { context: cap(json, MAX_CONTEXT_CHARS) }),
      at: Date.now(),
      ...(id === undefined ? {} : { reportId: id }),
    });
  },
});

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
