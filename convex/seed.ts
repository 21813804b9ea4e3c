import { v } from "convex/values";
import type { Doc, Id } from "./_generated/dataModel";
import { internalMutation, type MutationCtx } from "./_generated/server";
import {
  checkBudget,
  checkMap,
  checkSeats,
  checkSheet,
  checkWinnable,
  LIMITS,
  text,
  type SizedSeat,
} from "./checks";
import { appError } from "./errors";
import { sheetOf, writeSeats } from "./seating";
import {
  characterSheet,
  gameMap,
  interactionKind,
  position,
  side,
  type CharacterKind,
  type CharacterSheet,
} from "./validators";

/**
 * Demo data for the offline stand-ins (apps/local-services calls this at start-up).
 * Idempotent: users are upserted by subject; characters and the interaction are keyed by
 * `key` and inserted only when missing, so a restart never duplicates them nor undoes edits.
 *
 * From an engine InteractionSetup `s`:
 *   characters  = s.participants.map(p => ({ key: p.entityId, owner: p.sheet.ownerUserId ?? s.dmUserId, sheet: p.sheet }))
 *   interaction = { key: s.id, name, kind, dm: s.dmUserId, isTest, map,
 *                   participants: s.participants.map(p => ({ entityId, characterKey: p.entityId, side, position, hidden })) }
 */
export const demo = internalMutation({
  args: {
    users: v.array(
      v.object({
        subject: v.string(),
        name: v.string(),
        /** "dm" and "player" describe the demo seat; only "admin" grants anything. */
        role: v.union(v.literal("admin"), v.literal("dm"), v.literal("player"), v.literal("user")),
      }),
    ),
    characters: v.array(v.object({ key: v.string(), owner: v.string(), sheet: characterSheet })),
    interaction: v.optional(
      v.object({
        key: v.string(),
        name: v.string(),
        kind: interactionKind,
        dm: v.string(),
        isTest: v.boolean(),
        participants: v.array(
          v.object({
            entityId: v.string(),
            characterKey: v.string(),
            side,
            position,
            hidden: v.optional(v.boolean()),
          }),
        ),
        map: gameMap,
      }),
    ),
  },
  returns: v.object({
    users: v.array(v.object({ subject: v.string(), id: v.id("users") })),
    characters: v.array(v.object({ key: v.string(), id: v.id("characters"), created: v.boolean() })),
    interaction: v.union(v.null(), v.object({ id: v.id("interactions"), created: v.boolean() })),
  }),
  handler: async (ctx, args) => {
    const now = Date.now();
    const users = new Map<string, Id<"users">>();
    for (const u of args.users) {
      text(`users.${u.subject}.subject`, u.subject, LIMITS.userId);
      text(`users.${u.subject}.name`, u.name, LIMITS.name);
      users.set(u.subject, await upsertUser(ctx, u.subject, u.name, u.role === "admin" ? "admin" : "user"));
    }
    const userId = async (subject: string): Promise<Id<"users">> => {
      const known = users.get(subject);
      if (known !== undefined) return known;
      const row = await ctx.db
        .query("users")
        .withIndex("by_subject", (q) => q.eq("subject", subject))
        .unique();
      if (row === null) throw appError("invalid", `Unknown user ${subject}: list it in users`);
      users.set(subject, row._id);
      return row._id;
    };

    const characters = new Map<
      string,
      { id: Id<"characters">; kind: CharacterKind; sheet: CharacterSheet; stored: Doc<"characters"> | null }
    >();
    const characterRows = [];
    for (const c of args.characters) {
      const { ownerUserId, ...sheet } = c.sheet;
      if (ownerUserId !== undefined && ownerUserId !== c.owner) {
        throw appError(
          "invalid",
          `characters.${c.key}: sheet.ownerUserId ${ownerUserId} differs from owner ${c.owner}`,
        );
      }
      checkSheet(sheet, `characters.${c.key}.sheet`);
      const ownerId = await userId(c.owner);
      const existing = await ctx.db
        .query("characters")
        .withIndex("by_seed_key", (q) => q.eq("seedKey", c.key))
        .unique();
      const id =
        existing?._id ??
        (await ctx.db.insert("characters", { ...sheet, ownerId, seedKey: c.key, updatedAt: now }));
      characters.set(c.key, { id, kind: existing?.kind ?? sheet.kind, sheet: c.sheet, stored: existing });
      characterRows.push({ key: c.key, id, created: existing === null });
    }

    let interaction = null;
    if (args.interaction !== undefined) {
      const s = args.interaction;
      const existing = await ctx.db
        .query("interactions")
        .withIndex("by_seed_key", (q) => q.eq("seedKey", s.key))
        .unique();
      if (existing !== null) {
        interaction = { id: existing._id, created: false };
      } else {
        text("interaction.name", s.name, LIMITS.name);
        checkMap(s.map);
        const kinds: CharacterKind[] = [];
        const sized: SizedSeat[] = [];
        const participants = s.participants.map((p, i) => {
          const character = characters.get(p.characterKey);
          if (character === undefined) {
            throw appError(
              "invalid",
              `interaction.participants[${i}].characterKey: ${p.characterKey} is not in characters`,
            );
          }
          kinds.push(character.kind);
          const seat = {
            entityId: p.entityId,
            characterId: character.id,
            side: p.side,
            position: p.position,
            ...(p.hidden === undefined ? {} : { hidden: p.hidden }),
          };
          sized.push({ ...seat, sheet: character.sheet });
          return seat;
        });
        // A seeded character that already existed may have been edited since: the draft is
        // sized by what is stored, as the live server will load it.
        for (const [i, p] of s.participants.entries()) {
          const stored = characters.get(p.characterKey)?.stored;
          if (stored) sized[i] = { ...sized[i]!, sheet: await sheetOf(ctx, stored) };
        }
        checkSeats(participants, s.map);
        // The DM's edits refuse a draft the party could never win, or too big to ever be
        // saved once live; a seeded one must pass too.
        checkWinnable(s.kind, s.map, participants, kinds);
        checkBudget(s.name, s.kind, s.map, sized);
        const row = {
          name: s.name,
          kind: s.kind,
          dmId: await userId(s.dm),
          status: "draft" as const,
          awaitingDm: false,
          isTest: s.isTest,
          participants,
          map: s.map,
          seedKey: s.key,
          updatedAt: now,
        };
        const id = await ctx.db.insert("interactions", row);
        await writeSeats(ctx, { _id: id, ...row }, participants);
        interaction = { id, created: true };
      }
    }
    return {
      users: [...users].map(([subject, id]) => ({ subject, id })),
      characters: characterRows,
      interaction,
    };
  },
});

async function upsertUser(
  ctx: MutationCtx,
  subject: string,
  name: string,
  role: "admin" | "user",
): Promise<Id<"users">> {
  const row = await ctx.db
    .query("users")
    .withIndex("by_subject", (q) => q.eq("subject", subject))
    .unique();
  if (row === null) return await ctx.db.insert("users", { subject, name, role });
  if (row.name !== name || row.role !== role) await ctx.db.patch(row._id, { name, role });
  return row._id;
}
