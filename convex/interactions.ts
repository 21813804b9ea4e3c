import { v, type Infer } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type MutationCtx, type QueryCtx } from "./_generated/server";
import { checkMap, checkWinnable, LIMITS, text } from "./checks";
import { appError } from "./errors";
import { ensureUser, isAdmin, viewer } from "./identity";
import { resolveParticipants, writeSeats } from "./seating";
import {
  characterKind,
  gameMap,
  interactionKind,
  interactionStatus,
  participantInput,
  results,
  snapshotMeta,
  storedParticipant,
} from "./validators";

const participantView = v.object({
  ...storedParticipant.fields,
  /** null when the character has since been deleted (completed interactions only). */
  character: v.union(v.object({ name: v.string(), kind: characterKind, ownerId: v.id("users") }), v.null()),
});

export const interactionView = v.object({
  _id: v.id("interactions"),
  name: v.string(),
  kind: interactionKind,
  dmId: v.id("users"),
  status: interactionStatus,
  awaitingDm: v.boolean(),
  isTest: v.boolean(),
  participants: v.array(participantView),
  map: gameMap,
  updatedAt: v.number(),
});

const interactionListItem = v.object({
  _id: v.id("interactions"),
  name: v.string(),
  kind: interactionKind,
  status: interactionStatus,
  awaitingDm: v.boolean(),
  isTest: v.boolean(),
  participantCount: v.number(),
  updatedAt: v.number(),
});

/** Per status: listMine returns up to this many of each, so a full status cannot hide another. */
const MAX_LIST = 200;
const STATUSES = interactionStatus.members.map((m) => m.value);

async function dmInteraction(ctx: MutationCtx, id: Id<"interactions">) {
  const { identity, user } = await ensureUser(ctx);
  const interaction = await ctx.db.get(id);
  if (interaction === null) throw appError("not_found", "No such interaction");
  if (interaction.dmId !== user._id) throw appError("forbidden", "Only this interaction's DM can change it");
  return { identity, interaction };
}

/**
 * The caller's interactions as DM, optionally of one status, most recently changed first.
 * Each status is read on its own (its MAX_LIST most recently created): the web app lists them all at once
 * and shows one tab per status, so many completed games must not push the drafts out.
 */
export const listMine = query({
  args: { status: v.optional(interactionStatus) },
  returns: v.array(interactionListItem),
  handler: async (ctx, { status }) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const rows: Doc<"interactions">[] = [];
    for (const s of status === undefined ? STATUSES : [status]) {
      rows.push(
        ...(await ctx.db
          .query("interactions")
          .withIndex("by_dm_and_status", (q) => q.eq("dmId", user._id).eq("status", s))
          .order("desc")
          .take(MAX_LIST)),
      );
    }
    return rows
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((i) => ({
        _id: i._id,
        name: i.name,
        kind: i.kind,
        status: i.status,
        awaitingDm: i.awaitingDm,
        isTest: i.isTest,
        participantCount: i.participants.length,
        updatedAt: i.updatedAt,
      }));
  },
});

/** The full interaction for its DM (it includes hidden participants, so only the DM). */
export const get = query({
  args: { id: v.id("interactions") },
  returns: v.union(interactionView, v.null()),
  handler: async (ctx, { id }) => {
    const { user } = await viewer(ctx);
    const interaction = await ctx.db.get(id);
    if (interaction === null) return null;
    if (user === null || interaction.dmId !== user._id)
      throw appError("forbidden", "Only this interaction's DM can open it");
    const participants = [];
    for (const p of interaction.participants) {
      const c = await ctx.db.get(p.characterId);
      participants.push({
        ...p,
        character: c === null ? null : { name: c.name, kind: c.kind, ownerId: c.ownerId },
      });
    }
    const { _id, name, kind, dmId, status, awaitingDm, isTest, map, updatedAt } = interaction;
    return { _id, name, kind, dmId, status, awaitingDm, isTest, participants, map, updatedAt };
  },
});

/**
 * A new draft with the caller as DM. Only admins may create test interactions. Besides the
 * engine's bounds, a draft the party could never win is refused (checkWinnable).
 */
export const create = mutation({
  args: {
    name: v.string(),
    kind: interactionKind,
    isTest: v.optional(v.boolean()),
    participants: v.array(participantInput),
    map: gameMap,
  },
  returns: v.id("interactions"),
  handler: async (ctx, args) => {
    const { identity, user } = await ensureUser(ctx);
    text("name", args.name, LIMITS.name);
    checkMap(args.map);
    const isTest = args.isTest ?? false;
    if (isTest && !isAdmin(identity)) throw appError("forbidden", "Only admins can create test interactions");
    const { participants, kinds } = await resolveParticipants(ctx, user._id, args.participants, args.map);
    checkWinnable(args.kind, args.map, participants, kinds);
    const id = await ctx.db.insert("interactions", {
      name: args.name,
      kind: args.kind,
      dmId: user._id,
      status: "draft",
      awaitingDm: false,
      isTest,
      participants,
      map: args.map,
      updatedAt: Date.now(),
    });
    await writeSeats(ctx, id, participants);
    return id;
  },
});

/**
 * Edits by the DM. The name can change any time; everything else only while a draft, and any
 * such edit checks the whole draft it leaves, so one saved before checkWinnable (or left
 * unwinnable by a character's deletion) must be fixed in the same edit. A rename alone is not checked.
 */
export const update = mutation({
  args: {
    id: v.id("interactions"),
    name: v.optional(v.string()),
    kind: v.optional(interactionKind),
    isTest: v.optional(v.boolean()),
    participants: v.optional(v.array(participantInput)),
    map: v.optional(gameMap),
  },
  returns: v.null(),
  handler: async (ctx, { id, name, ...draftOnly }) => {
    const { identity, interaction } = await dmInteraction(ctx, id);
    if (name !== undefined) text("name", name, LIMITS.name);
    const touchesDraft = Object.values(draftOnly).some((value) => value !== undefined);
    if (touchesDraft && interaction.status !== "draft") {
      throw appError(
        "invalid_state",
        `Only a draft can be changed; this interaction is ${interaction.status}`,
      );
    }
    if (draftOnly.isTest === true && !isAdmin(identity))
      throw appError("forbidden", "Only admins can create test interactions");
    const map = draftOnly.map ?? interaction.map;
    if (draftOnly.map !== undefined) checkMap(draftOnly.map);
    let participants = interaction.participants;
    if (touchesDraft) {
      // The kind alone can make a draft unwinnable, so the seats are resolved (for their
      // characters' kinds) whenever the draft changes; saved rows keep their entity ids.
      const inputs = draftOnly.participants ?? interaction.participants;
      const resolved = await resolveParticipants(ctx, interaction.dmId, inputs, map);
      participants = resolved.participants;
      checkWinnable(draftOnly.kind ?? interaction.kind, map, participants, resolved.kinds);
    }
    await ctx.db.patch(id, {
      ...(name === undefined ? {} : { name }),
      ...(draftOnly.kind === undefined ? {} : { kind: draftOnly.kind }),
      ...(draftOnly.isTest === undefined ? {} : { isTest: draftOnly.isTest }),
      participants,
      map,
      updatedAt: Date.now(),
    });
    if (draftOnly.participants !== undefined) await writeSeats(ctx, id, participants);
    return null;
  },
});

/** Deletes a draft (anything that has been live keeps its history). */
export const remove = mutation({
  args: { id: v.id("interactions") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    const { interaction } = await dmInteraction(ctx, id);
    if (interaction.status !== "draft") {
      throw appError(
        "invalid_state",
        `Only drafts can be deleted; this interaction is ${interaction.status}`,
      );
    }
    await writeSeats(ctx, id, []);
    // A launch that failed half-way may have left a snapshot behind.
    const snapshot = await ctx.db
      .query("liveSnapshots")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique();
    if (snapshot !== null) await ctx.db.delete(snapshot._id);
    // …and the full log chunks that snapshot named (live.ts, saveSnapshot).
    const chunks = await ctx.db
      .query("liveLogChunks")
      .withIndex("by_interaction_and_key", (q) => q.eq("interactionId", id))
      .collect();
    for (const chunk of chunks) await ctx.db.delete(chunk._id);
    await ctx.db.delete(id);
    return null;
  },
});

const myCharacter = v.object({ characterId: v.id("characters"), entityId: v.string(), name: v.string() });

const seatedRow = v.object({
  _id: v.id("interactions"),
  name: v.string(),
  kind: interactionKind,
  status: interactionStatus,
  awaitingDm: v.boolean(),
  dmName: v.string(),
  myCharacters: v.array(myCharacter),
});
type SeatedRow = Infer<typeof seatedRow>;

/** Every interaction (any status) seating a character the user owns, via the seats index. */
async function seatedFor(ctx: QueryCtx, userId: Id<"users">): Promise<(SeatedRow & { updatedAt: number })[]> {
  const seats = await ctx.db
    .query("seats")
    .withIndex("by_owner_and_interaction", (q) => q.eq("ownerId", userId))
    .take(1_000);
  const mine = new Map<Id<"interactions">, Set<Id<"characters">>>();
  for (const s of seats)
    mine.set(s.interactionId, (mine.get(s.interactionId) ?? new Set()).add(s.characterId));
  const out = [];
  for (const [interactionId, characterIds] of mine) {
    const interaction = await ctx.db.get(interactionId);
    if (interaction === null) continue;
    const dm = await ctx.db.get(interaction.dmId);
    const myCharacters = [];
    for (const p of interaction.participants) {
      if (!characterIds.has(p.characterId)) continue;
      const c = await ctx.db.get(p.characterId);
      myCharacters.push({
        characterId: p.characterId,
        entityId: p.entityId,
        name: c?.name ?? "a deleted character",
      });
    }
    out.push({
      _id: interaction._id,
      name: interaction.name,
      kind: interaction.kind,
      status: interaction.status,
      awaitingDm: interaction.awaitingDm,
      dmName: dm?.name ?? "",
      myCharacters,
      updatedAt: interaction.updatedAt,
    });
  }
  return out;
}

/** Live interactions that seat a character the caller owns; the web app opens the live modal from it. */
export const liveForMe = query({
  args: {},
  returns: v.array(seatedRow.omit("status")),
  handler: async (ctx) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const rows = await seatedFor(ctx, user._id);
    return rows
      .filter((r) => r.status === "live")
      .map(({ _id, name, kind, awaitingDm, dmName, myCharacters }) => ({
        _id,
        name,
        kind,
        awaitingDm,
        dmName,
        myCharacters,
      }));
  },
});

/** Every interaction, in any status, that seats a character the caller owns; most recently changed first. */
export const seatedForMe = query({
  args: {},
  returns: v.array(seatedRow),
  handler: async (ctx) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const rows = await seatedFor(ctx, user._id);
    return rows.sort((a, b) => b.updatedAt - a.updatedAt).map(({ updatedAt: _updatedAt, ...row }) => row);
  },
});

async function canSeeOutcome(
  ctx: QueryCtx,
  interaction: Doc<"interactions">,
  userId: Id<"users">,
): Promise<boolean> {
  if (interaction.dmId === userId) return true;
  const seat = await ctx.db
    .query("seats")
    .withIndex("by_owner_and_interaction", (q) =>
      q.eq("ownerId", userId).eq("interactionId", interaction._id),
    )
    .first();
  return seat !== null;
}

/**
 * Where an interaction stands, for its DM and seated players: status, the last snapshot's
 * version/reason/time (not its state, which holds hidden things), and the awards once completed.
 */
export const summary = query({
  args: { id: v.id("interactions") },
  returns: v.union(
    v.null(),
    v.object({
      status: interactionStatus,
      awaitingDm: v.boolean(),
      snapshot: v.union(snapshotMeta, v.null()),
      results: v.union(v.object({ ...results.fields, savedAt: v.number() }), v.null()),
    }),
  ),
  handler: async (ctx, { id }) => {
    const { user } = await viewer(ctx);
    const interaction = await ctx.db.get(id);
    if (interaction === null) return null;
    if (user === null || !(await canSeeOutcome(ctx, interaction, user._id))) {
      throw appError("forbidden", "Only this interaction's DM and players can see how it went");
    }
    const snapshot = await ctx.db
      .query("liveSnapshots")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique();
    const outcome = await ctx.db
      .query("results")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique();
    return {
      status: interaction.status,
      awaitingDm: interaction.awaitingDm,
      snapshot:
        snapshot === null
          ? null
          : { version: snapshot.version, reason: snapshot.reason, savedAt: snapshot.savedAt },
      results:
        outcome === null
          ? null
          : {
              winner: outcome.winner,
              xp: outcome.xp,
              loot: outcome.loot,
              endedAt: outcome.endedAt,
              rounds: outcome.rounds,
              savedAt: outcome.savedAt,
            },
    };
  },
});
