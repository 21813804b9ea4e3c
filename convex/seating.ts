import type { WithoutSystemFields } from "convex/server";
import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "./_generated/server";
import { checkSeats, type SizedSeat } from "./checks";
import { appError } from "./errors";
import type {
  CharacterKind,
  CharacterSheet,
  CharacterSheetInput,
  GameMap,
  ParticipantInput,
  StoredParticipant,
} from "./validators";

/**
 * Resolves the DM's participant list: every character exists; NPCs and monsters are the
 * DM's own; a PC sits at most once (NPCs and monsters may repeat, e.g. three goblins from
 * one stat block). An explicit entityId is kept; a row without one gets the first of
 * `<characterId>`, `<characterId>:2`, `<characterId>:3`… that no other row uses, explicit ids
 * being reserved first (a saved draft sends its rows' ids back, so a new row must not reuse one).
 * `kinds[i]` is row i's character kind (PC, NPC or monster), for checkWinnable;
 * `characters[i]` its character, for the size budget (checkBudget).
 */
export async function resolveParticipants(
  ctx: MutationCtx,
  dmId: Id<"users">,
  inputs: ParticipantInput[],
  map: GameMap,
): Promise<{ participants: StoredParticipant[]; kinds: CharacterKind[]; characters: Doc<"characters">[] }> {
  const characters = new Map<Id<"characters">, Doc<"characters">>();
  const seatedPcs = new Set<Id<"characters">>();
  const names: string[] = [];
  const kinds: CharacterKind[] = [];
  const rows: Doc<"characters">[] = [];
  for (const [i, p] of inputs.entries()) {
    const path = `participants[${i}]`;
    let character = characters.get(p.characterId);
    if (character === undefined) {
      const loaded = await ctx.db.get(p.characterId);
      if (loaded === null) throw appError("not_found", `${path}.characterId: no such character`);
      character = loaded;
      characters.set(p.characterId, character);
    }
    if (character.kind !== "pc" && character.ownerId !== dmId) {
      throw appError("forbidden", `${path}: ${character.name} is another DM's ${character.kind}`);
    }
    if (character.kind === "pc") {
      if (seatedPcs.has(p.characterId))
        throw appError("invalid", `${path}: ${character.name} is already seated`);
      seatedPcs.add(p.characterId);
    }
    names.push(character.name);
    kinds.push(character.kind);
    rows.push(character);
  }
  // Two passes: reserve every explicit id, then give the others the first free default.
  // Duplicate explicit ids are left for checkSeats to report, by the rows' character names.
  const used = new Set<string>();
  for (const p of inputs) if (p.entityId !== undefined) used.add(p.entityId);
  const out: StoredParticipant[] = inputs.map((p) => {
    let entityId = p.entityId;
    if (entityId === undefined) {
      entityId = p.characterId;
      for (let n = 2; used.has(entityId); n++) entityId = `${p.characterId}:${n}`;
      used.add(entityId);
    }
    return {
      entityId,
      characterId: p.characterId,
      side: p.side,
      position: p.position,
      ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
    };
  });
  checkSeats(out, map, names);
  return { participants: out, kinds, characters: rows };
}

/** The sheet fields alone: a character document carries its owner, seed key and updatedAt besides. */
export function sheetFieldsOf(c: CharacterSheetInput): CharacterSheet {
  const { name, kind, level, xp, maxHp, ac, speed, abilities, inventory, actions } = c;
  return { name, kind, level, xp, maxHp, ac, speed, abilities, inventory, actions };
}

/** A character's sheet as the engine takes it: a PC carries its player's token subject. */
export async function sheetOf(ctx: QueryCtx, c: Doc<"characters">): Promise<CharacterSheet> {
  const sheet = sheetFieldsOf(c);
  if (c.kind === "pc") {
    const owner = await ctx.db.get(c.ownerId);
    if (owner === null) throw appError("invalid_state", `User ${c.ownerId} no longer exists`);
    sheet.ownerUserId = owner.subject;
  }
  return sheet;
}

/**
 * The seats with their characters' sheets, for the size budget (`characters[i]` is seat i's).
 * `sheets` caches each character's sheet by id (sheetOf reads a PC's owner); pass one Map to
 * share it across calls.
 */
export async function sizedSeats(
  ctx: QueryCtx,
  participants: StoredParticipant[],
  characters: Doc<"characters">[],
  sheets = new Map<Id<"characters">, CharacterSheet>(),
): Promise<(SizedSeat & StoredParticipant)[]> {
  const out: (SizedSeat & StoredParticipant)[] = [];
  for (const [i, p] of participants.entries()) {
    const c = characters[i]!;
    let sheet = sheets.get(c._id);
    if (sheet === undefined) {
      sheet = await sheetOf(ctx, c);
      sheets.set(c._id, sheet);
    }
    out.push({ ...p, sheet });
  }
  return out;
}

type SeatMirror = Pick<Doc<"interactions">, "_id" | "status" | "updatedAt">;

/** Rewrites the seats index rows of one interaction to match its participants. */
export async function writeSeats(
  ctx: MutationCtx,
  interaction: SeatMirror,
  participants: StoredParticipant[],
): Promise<void> {
  for (const seat of await seatsOf(ctx, interaction._id)) await ctx.db.delete(seat._id);
  const { _id: interactionId, status, updatedAt } = interaction;
  const seen = new Set<Id<"characters">>();
  for (const p of participants) {
    if (seen.has(p.characterId)) continue;
    seen.add(p.characterId);
    const character = await ctx.db.get(p.characterId);
    if (character !== null) {
      await ctx.db.insert("seats", {
        interactionId,
        characterId: p.characterId,
        ownerId: character.ownerId,
        status,
        updatedAt,
      });
    }
  }
}

/**
 * Patches an interaction and mirrors its status and updatedAt onto its seats, which players'
 * lists read by those fields (interactions.liveForMe, seatedForMe): every change to either
 * goes through here (or through writeSeats), so a seat never shows a stale status.
 */
export async function patchInteraction(
  ctx: MutationCtx,
  interaction: Doc<"interactions">,
  fields: Partial<WithoutSystemFields<Doc<"interactions">>> & { updatedAt: number },
): Promise<void> {
  await ctx.db.patch(interaction._id, fields);
  const mirror = { status: fields.status ?? interaction.status, updatedAt: fields.updatedAt };
  for (const seat of await seatsOf(ctx, interaction._id)) await ctx.db.patch(seat._id, mirror);
}

/** An interaction's status in words, for a refusal. */
export function statusText(interaction: Doc<"interactions">): string {
  return interaction.status === "live" && interaction.awaitingDm
    ? "live, waiting for its DM"
    : interaction.status;
}

/** Takes a character out of a draft: its given seats there, and every participant row of it. */
export async function unseat(
  ctx: MutationCtx,
  interaction: Doc<"interactions">,
  characterId: Id<"characters">,
  seats: readonly Doc<"seats">[],
  now: number,
): Promise<void> {
  for (const seat of seats) await ctx.db.delete(seat._id);
  await patchInteraction(ctx, interaction, {
    participants: interaction.participants.filter((p) => p.characterId !== characterId),
    updatedAt: now,
  });
}

async function seatsOf(ctx: MutationCtx, interactionId: Id<"interactions">): Promise<Doc<"seats">[]> {
  // At most one per participant (LIMITS.participants), so collecting is bounded.
  return await ctx.db
    .query("seats")
    .withIndex("by_interaction", (q) => q.eq("interactionId", interactionId))
    .collect();
}

/** Gives seats written before the mirror existed their interaction's status and updatedAt. */
export async function fillSeat(ctx: MutationCtx, seat: Doc<"seats">): Promise<boolean> {
  if (seat.status !== undefined && seat.updatedAt !== undefined) return false;
  const interaction = await ctx.db.get(seat.interactionId);
  // Deleting an interaction deletes its seats, so an orphan is only ever left-over data.
  if (interaction === null) await ctx.db.delete(seat._id);
  else await ctx.db.patch(seat._id, { status: interaction.status, updatedAt: interaction.updatedAt });
  return true;
}

/**
 * One page of the migration for a hosted deployment's older seats: run
 * `npx convex run --prod seating:backfill '{"cursor":null}'`, then again with the returned cursor
 * until `isDone`. (apps/local-services runs it the same way at every start of a local backend.)
 */
export const backfill = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  returns: v.object({ filled: v.number(), cursor: v.string(), isDone: v.boolean() }),
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("seats").paginate({ cursor, numItems: 500 });
    let filled = 0;
    for (const seat of page.page) if (await fillSeat(ctx, seat)) filled++;
    return { filled, cursor: page.continueCursor, isDone: page.isDone };
  },
});
