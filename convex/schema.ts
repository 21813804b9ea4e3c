import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import {
  chatMessage,
  gameMap,
  interactionKind,
  interactionStatus,
  results,
  sheetFields,
  storedParticipant,
  turnLogEntry,
} from "./validators";

export default defineSchema({
  /** One row per Clerk user, upserted from the verified identity. */
  users: defineTable({
    subject: v.string(),
    name: v.string(),
    role: v.union(v.literal("admin"), v.literal("user")),
  }).index("by_subject", ["subject"]),

  /** PCs owned by players; NPCs and monsters owned by the DM who made them. */
  characters: defineTable({
    ownerId: v.id("users"),
    ...sheetFields,
    /** Stable fixture key for seed data (seed.demo), absent for user-made characters. */
    seedKey: v.optional(v.string()),
    updatedAt: v.number(),
  })
    .index("by_owner_and_kind", ["ownerId", "kind"])
    .index("by_kind_and_updatedAt", ["kind", "updatedAt"])
    .index("by_seed_key", ["seedKey"]),

  interactions: defineTable({
    name: v.string(),
    kind: interactionKind,
    dmId: v.id("users"),
    status: interactionStatus,
    /** Live but waiting for the disconnected DM (the live server's `awaiting_dm`). */
    awaitingDm: v.boolean(),
    isTest: v.boolean(),
    participants: v.array(storedParticipant),
    map: gameMap,
    seedKey: v.optional(v.string()),
    updatedAt: v.number(),
    /**
     * When a launch (its DM's, or an admin's of a test interaction) last loaded this draft on the
     * live server (live.claimForRoom): for a while after (or until the status changes or that
     * claim is released), its characters cannot be deleted and it cannot be changed, so the game
     * never starts from something else. Also the claim's token: each claim writes a later one
     * (than this and lastLaunchClaim).
     */
    launchingAt: v.optional(v.number()),
    /**
     * The token of the last claim made of this draft (live.claimForRoom), kept when the claim
     * ends (releaseClaim and setStatus clear launchingAt), so the next claim's token is later
     * even within the same millisecond: a late release of an ended claim's token never ends a
     * newer claim. Unset until the first claim (and on drafts claimed before it was added).
     */
    lastLaunchClaim: v.optional(v.number()),
  })
    .index("by_dm_and_status", ["dmId", "status"])
    .index("by_seed_key", ["seedKey"]),

  /**
   * Which character sits in which interaction, owned by whom: derived from participants on
   * every write so "live interactions with a character I own" and "is this character in
   * use" are index lookups. The interaction's status and updatedAt are mirrored here
   * (seating.ts, patchInteraction) so a player's lists read only the seats they show.
   */
  seats: defineTable({
    interactionId: v.id("interactions"),
    characterId: v.id("characters"),
    ownerId: v.id("users"),
    /**
     * Optional only for seats written before they were mirrored: `seating:backfill` fills
     * them, run by apps/local-services at every start of a local backend, by hand in a hosted one.
     */
    status: v.optional(interactionStatus),
    updatedAt: v.optional(v.number()),
  })
    .index("by_owner_and_status", ["ownerId", "status", "updatedAt"])
    .index("by_owner_and_interaction", ["ownerId", "interactionId"])
    .index("by_interaction", ["interactionId"])
    .index("by_character_and_status", ["characterId", "status"]),

  /** The latest full room state; exactly one row per interaction, replaced in place. */
  liveSnapshots: defineTable({
    interactionId: v.id("interactions"),
    version: v.number(),
    reason: v.string(),
    state: v.any(),
    savedAt: v.number(),
    /** The log chunks (`liveLogChunks`) the state names; absent before chunks were kept apart. */
    chunkKeys: v.optional(v.array(v.string())),
  }).index("by_interaction", ["interactionId"]),

  /**
   * The small part of each liveSnapshots row (one per interaction, written with it), so
   * interactions.summary never reads a room's state to show when it was last saved.
   */
  liveSnapshotInfo: defineTable({
    interactionId: v.id("interactions"),
    version: v.number(),
    reason: v.string(),
    savedAt: v.number(),
  }).index("by_interaction", ["interactionId"]),

  /**
   * Full chunks of a live room's turn log and chat, written once each with the snapshot that
   * first names them (they never change); `key` is a hash of the content, given by the room.
   */
  liveLogChunks: defineTable({
    interactionId: v.id("interactions"),
    key: v.string(),
    entries: v.array(v.any()),
  }).index("by_interaction_and_key", ["interactionId", "key"]),

  /** The engine's Results on completion; the final state is the completion snapshot row. */
  results: defineTable({
    interactionId: v.id("interactions"),
    ...results.fields,
    savedAt: v.number(),
  }).index("by_interaction", ["interactionId"]),

  /** One document per turn-log line; `seq` is its position in the room's final log. */
  turnLog: defineTable({
    interactionId: v.id("interactions"),
    seq: v.number(),
    ...turnLogEntry.fields,
  }).index("by_interaction_and_seq", ["interactionId", "seq"]),

  /** One document per chat message, keyed by the room's message id. */
  chatLog: defineTable({
    interactionId: v.id("interactions"),
    ...chatMessage.fields,
  }).index("by_interaction_and_id", ["interactionId", "id"]),

  errorLogs: defineTable({
    interactionId: v.optional(v.id("interactions")),
    userId: v.optional(v.string()),
    message: v.string(),
    /** JSON text, capped. */
    context: v.optional(v.string()),
    at: v.number(),
    /** The live server's name for the report, the same on its retries (rows before it have none). */
    reportId: v.optional(v.string()),
  })
    .index("by_interaction_and_at", ["interactionId", "at"])
    .index("by_report", ["reportId"]),
});
