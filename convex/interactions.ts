import { v, type Infer } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type MutationCtx, type QueryCtx } from "./_generated/server";
import { checkBudget, checkMap, checkWinnable, LIMITS, text } from "./checks";
import { appError } from "./errors";
import { ensureUser, isAdmin, viewer } from "./identity";
import { isLaunching } from "./live";
import { patchInteraction, resolveParticipants, sizedSeats, statusText, unseat, writeSeats } from "./seating";
import {
  characterKind,
  gameMap,
  interactionKind,
  interactionStatus,
  participantInput,
  results,
  snapshotMeta,
  storedParticipant,
  turnLogEntry,
  type InteractionStatus,
  type SnapshotMeta,
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
 * A draft being taken live (live.claimForRoom) is what the room starts from: a change now
 * would not reach the game, and a deletion would pull the draft from under it.
 */
function refuseWhileLaunching(interaction: Doc<"interactions">, what: "changed" | "deleted"): void {
  if (isLaunching(interaction, Date.now()))
    throw appError(
      "conflict",
      `"${interaction.name}" is being taken live; it cannot be ${what} now.` +
        (what === "changed"
          ? " If the launch failed, try again in a few minutes; once the game has started only its name can change."
          : " A game that has started cannot be deleted; if the launch failed, try again in a few minutes."),
    );
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
 * engine's bounds, a draft the party could never win is refused (checkWinnable), and one whose
 * game state could never be saved (checkBudget).
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
    const { participants, kinds, characters } = await resolveParticipants(
      ctx,
      user._id,
      args.participants,
      args.map,
    );
    checkWinnable(args.kind, args.map, participants, kinds);
    checkBudget(args.name, args.kind, args.map, await sizedSeats(ctx, participants, characters));
    const row = {
      name: args.name,
      kind: args.kind,
      dmId: user._id,
      status: "draft" as const,
      awaitingDm: false,
      isTest,
      participants,
      map: args.map,
      updatedAt: Date.now(),
    };
    const id = await ctx.db.insert("interactions", row);
    await writeSeats(ctx, { _id: id, ...row }, participants);
    return id;
  },
});

/**
 * Edits by the DM. The name can change any time; everything else only while a draft that is
 * not being taken live, and any such edit checks the whole draft it leaves, so one saved
 * before checkWinnable or checkBudget (or left unwinnable by a character's deletion, or over
 * budget by a sheet's growth) must be fixed in the same edit. A rename alone is not checked:
 * the room keeps the name it started with, so it may change while launching too.
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
    if (touchesDraft) refuseWhileLaunching(interaction, "changed");
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
      const kind = draftOnly.kind ?? interaction.kind;
      checkWinnable(kind, map, participants, resolved.kinds);
      const seats = await sizedSeats(ctx, participants, resolved.characters);
      checkBudget(name ?? interaction.name, kind, map, seats);
    }
    const updatedAt = Date.now();
    await patchInteraction(ctx, interaction, {
      ...(name === undefined ? {} : { name }),
      ...(draftOnly.kind === undefined ? {} : { kind: draftOnly.kind }),
      ...(draftOnly.isTest === undefined ? {} : { isTest: draftOnly.isTest }),
      participants,
      map,
      updatedAt,
    });
    if (draftOnly.participants !== undefined)
      await writeSeats(ctx, { ...interaction, updatedAt }, participants);
    return null;
  },
});

/** Deletes a draft (anything that has been live keeps its history), unless it is being taken live. */
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
    refuseWhileLaunching(interaction, "deleted");
    await writeSeats(ctx, interaction, []);
    // A launch that failed half-way may have left a snapshot behind.
    const snapshot = await ctx.db
      .query("liveSnapshots")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique();
    if (snapshot !== null) await ctx.db.delete(snapshot._id);
    const info = await ctx.db
      .query("liveSnapshotInfo")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique();
    if (info !== null) await ctx.db.delete(info._id);
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
  /** The caller is its DM (its characters listed are then only the caller's own PCs in it). */
  runByMe: v.boolean(),
  myCharacters: v.array(myCharacter),
});
type SeatedRow = Infer<typeof seatedRow>;

/**
 * Per status, the players' lists show this many interactions at most, the most recently
 * changed first; read per status (as listMine does), so many completed games cannot push a
 * live or upcoming one out. Seats carry their interaction's status and updatedAt
 * (seating.ts), so how many other seats the user has never matters.
 */
export const MAX_SEATED_PER_STATUS = 50;

/** The user's most recently changed interactions of one status that seat a character they own. */
async function seatedFor(
  ctx: QueryCtx,
  userId: Id<"users">,
  status: InteractionStatus,
): Promise<(SeatedRow & { updatedAt: number })[]> {
  const ids = new Set<Id<"interactions">>();
  const seats = ctx.db
    .query("seats")
    .withIndex("by_owner_and_status", (q) => q.eq("ownerId", userId).eq("status", status))
    .order("desc");
  for await (const seat of seats) {
    ids.add(seat.interactionId);
    if (ids.size >= MAX_SEATED_PER_STATUS) break;
  }
  const out = [];
  for (const interactionId of ids) {
    const interaction = await ctx.db.get(interactionId);
    if (interaction === null) continue;
    // Every seat of this interaction the user owns (their PCs; a DM's NPCs and monsters).
    const mine = await ctx.db
      .query("seats")
      .withIndex("by_owner_and_interaction", (q) =>
        q.eq("ownerId", userId).eq("interactionId", interactionId),
      )
      .take(LIMITS.participants);
    const characterIds = new Set(mine.map((s) => s.characterId));
    const dm = await ctx.db.get(interaction.dmId);
    const runByMe = interaction.dmId === userId;
    const myCharacters = [];
    for (const p of interaction.participants) {
      if (!characterIds.has(p.characterId)) continue;
      const c = await ctx.db.get(p.characterId);
      // the DM's own game lists only a PC of theirs in it, not the NPCs and monsters they run
      if (runByMe && c?.kind !== "pc") continue;
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
      runByMe,
      myCharacters,
      updatedAt: interaction.updatedAt,
    });
  }
  return out;
}

/**
 * Live interactions that seat a character the caller owns (up to MAX_SEATED_PER_STATUS, most
 * recently changed first); the web app opens the live modal from it.
 */
export const liveForMe = query({
  args: {},
  returns: v.array(seatedRow.omit("status")),
  handler: async (ctx) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const rows = await seatedFor(ctx, user._id, "live");
    // The seats' mirror finds them; the interaction itself has the last word.
    return rows
      .filter((r) => r.status === "live")
      .map(({ _id, name, kind, awaitingDm, dmName, runByMe, myCharacters }) => ({
        _id,
        name,
        kind,
        awaitingDm,
        dmName,
        runByMe,
        myCharacters,
      }));
  },
});

/**
 * Interactions in every status that seat a character the caller owns, most recently changed
 * first: of each status, the MAX_SEATED_PER_STATUS most recently changed.
 */
export const seatedForMe = query({
  args: {},
  returns: v.array(seatedRow),
  handler: async (ctx) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const rows = new Map<Id<"interactions">, SeatedRow & { updatedAt: number }>();
    for (const status of STATUSES)
      for (const row of await seatedFor(ctx, user._id, status)) rows.set(row._id, row);
    return [...rows.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map(({ updatedAt: _updatedAt, ...row }) => row);
  },
});

/** Of each PC, withdrawableForMe reads at most this many of its draft seats (the newest). */
const MAX_DRAFT_SEATS_PER_PC = 50;

/**
 * The caller's player characters seated in someone else's draft, one row per character and
 * draft, most recently changed draft first: what withdrawCharacter can take them out of.
 * Read by character (the caller's PCs, then each one's draft seats), so the drafts the caller
 * runs as DM, seating their own monsters, are never read; one that seats the caller's own PC
 * is skipped (its DM edits it directly).
 */
export const withdrawableForMe = query({
  args: {},
  returns: v.array(
    v.object({
      interactionId: v.id("interactions"),
      name: v.string(),
      dmName: v.string(),
      characterId: v.id("characters"),
      characterName: v.string(),
    }),
  ),
  handler: async (ctx) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const pcs = await ctx.db
      .query("characters")
      .withIndex("by_owner_and_kind", (q) => q.eq("ownerId", user._id).eq("kind", "pc"))
      .order("desc")
      .take(MAX_LIST);
    const interactions = new Map<Id<"interactions">, Doc<"interactions"> | null>();
    const dmNames = new Map<Id<"users">, string>();
    const rows = [];
    for (const pc of pcs) {
      const seats = await ctx.db
        .query("seats")
        .withIndex("by_character_and_status", (q) => q.eq("characterId", pc._id).eq("status", "draft"))
        .order("desc")
        .take(MAX_DRAFT_SEATS_PER_PC);
      for (const seat of seats) {
        let interaction = interactions.get(seat.interactionId);
        if (interaction === undefined) {
          interaction = await ctx.db.get(seat.interactionId);
          interactions.set(seat.interactionId, interaction);
        }
        // The seat's mirror finds it; the interaction itself has the last word.
        if (interaction === null || interaction.status !== "draft" || interaction.dmId === user._id) continue;
        if (!interaction.participants.some((p) => p.characterId === pc._id)) continue;
        let dmName = dmNames.get(interaction.dmId);
        if (dmName === undefined) {
          dmName = (await ctx.db.get(interaction.dmId))?.name ?? "";
          dmNames.set(interaction.dmId, dmName);
        }
        rows.push({
          interactionId: interaction._id,
          name: interaction.name,
          dmName,
          characterId: pc._id,
          characterName: pc.name,
          updatedAt: interaction.updatedAt,
        });
      }
    }
    return rows.sort((a, b) => b.updatedAt - a.updatedAt).map(({ updatedAt: _updatedAt, ...row }) => row);
  },
});

/**
 * A player takes their own character out of a draft (usually someone else's: any DM may seat
 * anyone's PC). Its seat and every participant row of it go; the rest of the draft stays as it
 * was (a draft left unwinnable must be fixed by its DM's next edit, as after a character's
 * deletion). A live or paused game holds the character in its room's state and a completed one
 * keeps it as the record of how it went, so only a draft can be left, and not while its DM's
 * launch is taking it live (the room starts from it).
 */
export const withdrawCharacter = mutation({
  args: { interactionId: v.id("interactions"), characterId: v.id("characters") },
  returns: v.null(),
  handler: async (ctx, { interactionId, characterId }) => {
    const { user } = await ensureUser(ctx);
    const character = await ctx.db.get(characterId);
    if (character === null) throw appError("not_found", "No such character");
    if (character.ownerId !== user._id)
      throw appError("forbidden", "Only a character's owner can withdraw it from an interaction");
    const interaction = await ctx.db.get(interactionId);
    const seats =
      interaction === null
        ? []
        : (
            await ctx.db
              .query("seats")
              .withIndex("by_owner_and_interaction", (q) =>
                q.eq("ownerId", user._id).eq("interactionId", interactionId),
              )
              .take(LIMITS.participants)
          ).filter((s) => s.characterId === characterId);
    if (
      interaction === null ||
      (seats.length === 0 && !interaction.participants.some((p) => p.characterId === characterId))
    )
      throw appError("not_found", `${character.name} is not seated in that interaction`);
    if (interaction.status !== "draft") {
      throw appError(
        "invalid_state",
        `"${interaction.name}" is ${statusText(interaction)}; ` +
          (interaction.status === "completed"
            ? `${character.name} stays in it as the record of how it went`
            : `${character.name} is in its game until it ends, so only a draft can be left; ask its DM`),
      );
    }
    if (isLaunching(interaction, Date.now()))
      throw appError(
        "conflict",
        `"${interaction.name}" is being taken live; ${character.name} cannot be withdrawn now`,
      );
    await unseat(ctx, interaction, characterId, seats, Date.now());
    return null;
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
    const snapshot = await lastSnapshot(ctx, id);
    const outcome = await ctx.db
      .query("results")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique();
    return {
      status: interaction.status,
      awaitingDm: interaction.awaitingDm,
      snapshot,
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

/** The engine keeps the last 2000 turn-log lines (its LIMITS.turnLog), so no more are saved. */
const MAX_TURN_LOG = 2_000;

/**
 * A completed interaction's whole turn log, as saved at completion, oldest first, DM-only lines
 * included: for its DM only (canSeeOutcome's players would see hidden things). Null for anyone
 * else, so the summary page can ask without knowing who is looking; empty before completion
 * (a paused game's log is only in its snapshot).
 */
export const turnLog = query({
  args: { id: v.id("interactions") },
  returns: v.union(v.null(), v.array(turnLogEntry)),
  handler: async (ctx, { id }) => {
    const { user } = await viewer(ctx);
    const interaction = await ctx.db.get(id);
    if (interaction === null || user === null || interaction.dmId !== user._id) return null;
    const rows = await ctx.db
      .query("turnLog")
      .withIndex("by_interaction_and_seq", (q) => q.eq("interactionId", id))
      .take(MAX_TURN_LOG);
    return rows.map(({ at, round, text, dmOnly, turn }) => ({
      at,
      round,
      text,
      ...(dmOnly ? { dmOnly } : {}),
      ...(turn ? { turn } : {}),
    }));
  },
});

/**
 * The last snapshot's version, reason and time, from its small liveSnapshotInfo row. A
 * snapshot saved before those rows were kept has none; only then is the snapshot itself read.
 */
async function lastSnapshot(ctx: QueryCtx, id: Id<"interactions">): Promise<SnapshotMeta | null> {
  const info = await ctx.db
    .query("liveSnapshotInfo")
    .withIndex("by_interaction", (q) => q.eq("interactionId", id))
    .unique();
  const row =
    info ??
    (await ctx.db
      .query("liveSnapshots")
      .withIndex("by_interaction", (q) => q.eq("interactionId", id))
      .unique());
  return row === null ? null : { version: row.version, reason: row.reason, savedAt: row.savedAt };
}
