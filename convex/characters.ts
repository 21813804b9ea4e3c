import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { mutation, query, type MutationCtx } from "./_generated/server";
import { checkSheet, sheetEntityBytes, sheetOverBudget } from "./checks";
import { appError } from "./errors";
import { ensureUser, viewer } from "./identity";
import { isLaunching } from "./live";
import { sheetFieldsOf, sizedSeats, statusText, unseat } from "./seating";
import {
  characterKind,
  characterSheetInput,
  sheetFields,
  type CharacterSheet,
  type CharacterSheetInput,
  type InteractionStatus,
  type StoredParticipant,
} from "./validators";

export const characterView = v.object({
  _id: v.id("characters"),
  ownerId: v.id("users"),
  ...sheetFields,
  updatedAt: v.number(),
});

export function toCharacterView(c: Doc<"characters">) {
  const { _id, ownerId, name, kind, level, xp, maxHp, ac, speed, abilities, inventory, actions, updatedAt } =
    c;
  return { _id, ownerId, name, kind, level, xp, maxHp, ac, speed, abilities, inventory, actions, updatedAt };
}

/** Per kind: listMine returns up to this many of each, so many monsters cannot hide the NPCs and PCs. */
const MAX_LIST = 200;
const KINDS = characterKind.members.map((m) => m.value);

/**
 * The caller's characters (optionally of one kind), most recently changed first. Each kind is
 * read on its own (its MAX_LIST most recently created), as interactions.listMine reads each
 * status: the web app lists them all at once and groups them by kind.
 */
export const listMine = query({
  args: { kind: v.optional(characterKind) },
  returns: v.array(characterView),
  handler: async (ctx, { kind }) => {
    const { user } = await viewer(ctx);
    if (user === null) return [];
    const rows: Doc<"characters">[] = [];
    for (const k of kind === undefined ? KINDS : [kind]) {
      rows.push(
        ...(await ctx.db
          .query("characters")
          .withIndex("by_owner_and_kind", (q) => q.eq("ownerId", user._id).eq("kind", k))
          .order("desc")
          .take(MAX_LIST)),
      );
    }
    return rows.sort((a, b) => b.updatedAt - a.updatedAt).map(toCharacterView);
  },
});

/** One of the caller's characters; null once it is gone. Other people's sheets are private. */
export const get = query({
  args: { id: v.id("characters") },
  returns: v.union(characterView, v.null()),
  handler: async (ctx, { id }) => {
    const { user } = await viewer(ctx);
    const character = await ctx.db.get(id);
    if (character === null) return null;
    if (user === null || character.ownerId !== user._id)
      throw appError("forbidden", "That character belongs to someone else");
    return toCharacterView(character);
  },
});

export const create = mutation({
  args: { sheet: characterSheetInput },
  returns: v.id("characters"),
  handler: async (ctx, { sheet }) => {
    checkSheet(sheet);
    const { user } = await ensureUser(ctx);
    return await ctx.db.insert("characters", { ...sheet, ownerId: user._id, updatedAt: Date.now() });
  },
});

async function ownedCharacter(ctx: MutationCtx, id: Id<"characters">): Promise<Doc<"characters">> {
  const { user } = await ensureUser(ctx);
  const character = await ctx.db.get(id);
  if (character === null) throw appError("not_found", "No such character");
  if (character.ownerId !== user._id) throw appError("forbidden", "Only the owner can change this character");
  return character;
}

/**
 * Refuses (too_large) a sheet that would take a draft the character is seated in over the size
 * budget (checks.sheetOverBudget), so its DM does not learn of it only at the draft's next
 * edit or launch. Only drafts are checked: a live or paused game's room built its state from
 * the sheets when it started and goes on from its snapshots (each checked against
 * MAX_STATE_BYTES as it is saved), so the stored sheet no longer reaches it, and a completed
 * game never runs again. A draft being taken live is still a draft (the launch may fail).
 *
 * An edit that leaves a draft no larger passes even over the budget (it may be the one making
 * room), and that rule lives in the early return here: an edit that does not make the sheet
 * larger in the state (sheetEntityBytes) leaves every draft it sits in no larger, and one that
 * does grows each by that difference per seat (setupStateBytes adds the seats' entities), so
 * the drafts, or their other characters, are read only when every one of them grows (a DM's
 * monster may sit in many).
 */
async function checkDraftsFit(
  ctx: MutationCtx,
  character: Doc<"characters">,
  sheet: CharacterSheetInput,
): Promise<void> {
  // Without ownerUserId (sheetOf's one read, the same on both sides, so the same difference).
  if (sheetEntityBytes(sheetFieldsOf(sheet)) <= sheetEntityBytes(sheetFieldsOf(character))) return;
  const seats = await seatsWith(ctx, character._id, ["draft", undefined]);
  // Each character and its sheet read once across the drafts; this one as edited.
  const docs = new Map<Id<"characters">, Doc<"characters"> | null>([
    [character._id, { ...character, ...sheet }],
  ]);
  const sheets = new Map<Id<"characters">, CharacterSheet>();
  for (const seat of seats) {
    const interaction = await ctx.db.get(seat.interactionId);
    if (interaction === null || interaction.status !== "draft") continue;
    // Seats mirror the participants (seating.writeSeats), so a draft without the character is
    // only ever stale data; it does not grow.
    if (!interaction.participants.some((p) => p.characterId === character._id)) continue;
    const participants: StoredParticipant[] = [];
    const characters: Doc<"characters">[] = [];
    for (const p of interaction.participants) {
      let c = docs.get(p.characterId);
      if (c === undefined) {
        c = await ctx.db.get(p.characterId);
        docs.set(p.characterId, c);
      }
      // A deleted character leaves its drafts (remove), so this is only ever stale data.
      if (c === null) continue;
      participants.push(p);
      characters.push(c);
    }
    const after = await sizedSeats(ctx, participants, characters, sheets);
    const mine = after.filter((s) => s.characterId === character._id);
    const message = sheetOverBudget(interaction.name, interaction.kind, interaction.map, after, mine);
    if (message !== null) throw appError("too_large", message);
  }
}

/**
 * Replaces the sheet. The kind is fixed at creation (a PC cannot turn into a monster). A sheet
 * that would take a draft it sits in over the size budget is refused (checkDraftsFit). create
 * needs no such check: a new character sits nowhere yet.
 */
export const update = mutation({
  args: { id: v.id("characters"), sheet: characterSheetInput },
  returns: v.null(),
  handler: async (ctx, { id, sheet }) => {
    checkSheet(sheet);
    const character = await ownedCharacter(ctx, id);
    if (sheet.kind !== character.kind)
      throw appError("invalid", `sheet.kind: a ${character.kind} cannot become a ${sheet.kind}`);
    await checkDraftsFit(ctx, character, sheet);
    await ctx.db.patch(id, { ...sheet, updatedAt: Date.now() });
    return null;
  },
});

/**
 * A character's seats in interactions of these statuses, one indexed read per status, in the
 * order given. Seats mirror their interaction's status (seating.ts); `undefined` is a seat
 * written before the mirror, whose interaction may have any status.
 */
async function seatsWith(
  ctx: MutationCtx,
  characterId: Id<"characters">,
  statuses: readonly (InteractionStatus | undefined)[],
): Promise<Doc<"seats">[]> {
  const seats: Doc<"seats">[] = [];
  for (const status of statuses)
    seats.push(
      ...(await ctx.db
        .query("seats")
        .withIndex("by_character_and_status", (q) => q.eq("characterId", characterId).eq("status", status))
        .collect()),
    );
  return seats;
}

/**
 * Deletes a character unless it sits in an interaction that is live (awaiting its DM included)
 * or paused, or in a draft its DM is taking live (live.claimForRoom). Its seats in drafts go with
 * it: a draft may be another DM's, which the owner cannot edit. Its seats in completed
 * interactions stay: they are how its player still sees how those games went.
 */
export const remove = mutation({
  args: { id: v.id("characters") },
  returns: v.null(),
  handler: async (ctx, { id }) => {
    await ownedCharacter(ctx, id);
    // Not its completed games' seats, which it skips: a stock monster may sit in thousands. In the
    // index's order (unmirrored seats first), so the first refusal is the one reading all gave.
    const seats = await seatsWith(ctx, id, [undefined, "draft", "live", "paused"]);
    const drafts: { seat: Doc<"seats">; interaction: Doc<"interactions"> }[] = [];
    const now = Date.now();
    for (const seat of seats) {
      const interaction = await ctx.db.get(seat.interactionId);
      if (interaction === null) continue;
      if (interaction.status === "live" || interaction.status === "paused")
        throw appError(
          "invalid_state",
          `This character is in "${interaction.name}" (${statusText(interaction)}); it cannot be deleted while that game is live or paused`,
        );
      if (interaction.status !== "draft") continue;
      // The DM's launch has loaded it and the live server is starting the game with this character in it.
      if (isLaunching(interaction, now))
        throw appError(
          "conflict",
          `This character is in "${interaction.name}", which is being taken live; it cannot be deleted now`,
        );
      drafts.push({ seat, interaction });
    }
    for (const { seat, interaction } of drafts) await unseat(ctx, interaction, id, [seat], now);
    await ctx.db.delete(id);
    return null;
  },
});
