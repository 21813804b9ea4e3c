import { v, type Infer } from "convex/values";

/**
 * Convex mirrors of the engine's zod schemas in apps/live/src/engine/setup.ts
 * (CharacterSheet, InteractionSetup and their parts). Convex validators check shape only;
 * the bounds zod also enforces (lengths, ranges, dice notation) are checked in checks.ts.
 * Keep both in step: setup.test.ts parses what live.loadForRoom returns with the engine's
 * own InteractionSetup schema.
 */

export const ability = v.union(
  v.literal("str"),
  v.literal("dex"),
  v.literal("con"),
  v.literal("int"),
  v.literal("wis"),
  v.literal("cha"),
);

export const abilities = v.object({
  str: v.number(),
  dex: v.number(),
  con: v.number(),
  int: v.number(),
  wis: v.number(),
  cha: v.number(),
});

export const position = v.object({ x: v.number(), y: v.number() });
export type Position = Infer<typeof position>;

const turnCost = v.union(v.literal("action"), v.literal("bonus"));

// ---------- Items ----------

const itemBase = { id: v.string(), name: v.string(), value: v.optional(v.number()) };

export const weapon = v.object({ ...itemBase, type: v.literal("weapon"), equipped: v.boolean() });
export const armor = v.object({
  ...itemBase,
  type: v.literal("armor"),
  equipped: v.boolean(),
  acBonus: v.number(),
});
export const consumableEffect = v.union(
  v.object({ kind: v.literal("heal"), amount: v.string() }),
  v.object({ kind: v.literal("damage"), amount: v.string(), damageType: v.string(), range: v.number() }),
);
export const consumable = v.object({
  ...itemBase,
  type: v.literal("consumable"),
  charges: v.number(),
  cost: v.optional(turnCost),
  effect: consumableEffect,
});
export const gear = v.object({ ...itemBase, type: v.literal("gear"), tags: v.optional(v.array(v.string())) });
export const item = v.union(weapon, armor, consumable, gear);
export type Item = Infer<typeof item>;

// ---------- Actions ----------

export const conditionName = v.union(
  v.literal("dodging"),
  v.literal("disengaged"),
  v.literal("helped"),
  v.literal("hidden"),
  v.literal("poisoned"),
  v.literal("prone"),
  v.literal("stunned"),
  v.literal("blessed"),
  v.literal("frightened"),
);

const actionBase = {
  id: v.string(),
  name: v.string(),
  cost: v.optional(turnCost),
  uses: v.optional(v.number()),
};

export const attackAction = v.object({
  ...actionBase,
  kind: v.literal("attack"),
  toHit: v.number(),
  damage: v.string(),
  damageType: v.string(),
  range: v.number(),
  weaponId: v.optional(v.string()),
});
export const spellAction = v.object({
  ...actionBase,
  kind: v.literal("spell"),
  level: v.number(),
  range: v.number(),
  targets: v.object({
    type: v.union(v.literal("enemy"), v.literal("ally"), v.literal("any"), v.literal("self")),
    max: v.number(),
  }),
  area: v.optional(v.object({ radius: v.number() })),
  attack: v.optional(v.object({ toHit: v.number() })),
  save: v.optional(v.object({ ability, dc: v.number(), half: v.boolean() })),
  damage: v.optional(v.string()),
  damageType: v.optional(v.string()),
  heal: v.optional(v.string()),
  condition: v.optional(v.object({ name: conditionName, rounds: v.number() })),
});
const simpleAction = <K extends "dash" | "dodge" | "disengage" | "help" | "hide">(kind: K) =>
  v.object({ ...actionBase, kind: v.literal(kind) });
export const checkAction = v.object({
  ...actionBase,
  kind: v.literal("check"),
  ability,
  bonus: v.number(),
  dc: v.number(),
  range: v.optional(v.number()),
});
export const actionDef = v.union(
  attackAction,
  spellAction,
  simpleAction("dash"),
  simpleAction("dodge"),
  simpleAction("disengage"),
  simpleAction("help"),
  simpleAction("hide"),
  checkAction,
);
export type ActionDef = Infer<typeof actionDef>;

// ---------- Sheets ----------

export const characterKind = v.union(v.literal("pc"), v.literal("npc"), v.literal("monster"));
export type CharacterKind = Infer<typeof characterKind>;

/** The sheet fields a character document stores (the owner is the document's ownerId). */
export const sheetFields = {
  name: v.string(),
  kind: characterKind,
  level: v.number(),
  xp: v.number(),
  maxHp: v.number(),
  ac: v.number(),
  speed: v.number(),
  abilities,
  inventory: v.array(item),
  actions: v.array(actionDef),
};

/** What a client sends to create or update a character: the engine's sheet minus its owner. */
export const characterSheetInput = v.object(sheetFields);
export type CharacterSheetInput = Infer<typeof characterSheetInput>;

/** The engine's CharacterSheet: PCs carry their player's Clerk user id. */
export const characterSheet = v.object({ ...sheetFields, ownerUserId: v.optional(v.string()) });
export type CharacterSheet = Infer<typeof characterSheet>;

// ---------- Map ----------

const objectBase = { id: v.string(), name: v.string(), position, hidden: v.optional(v.boolean()) };
export const doorObject = v.object({
  ...objectBase,
  kind: v.literal("door"),
  open: v.boolean(),
  locked: v.boolean(),
  keyTag: v.optional(v.string()),
});
export const chestObject = v.object({
  ...objectBase,
  kind: v.literal("chest"),
  open: v.boolean(),
  locked: v.boolean(),
  keyTag: v.optional(v.string()),
  loot: v.array(item),
});
export const leverObject = v.object({
  ...objectBase,
  kind: v.literal("lever"),
  on: v.boolean(),
  toggles: v.array(v.string()),
});
export const trapObject = v.object({
  ...objectBase,
  kind: v.literal("trap"),
  armed: v.boolean(),
  dc: v.number(),
  save: ability,
  damage: v.string(),
});
export const mapObject = v.union(doorObject, chestObject, leverObject, trapObject);
export type MapObject = Infer<typeof mapObject>;

export const gameMap = v.object({
  width: v.number(),
  height: v.number(),
  blocked: v.array(position),
  difficult: v.array(position),
  objects: v.array(mapObject),
});
export type GameMap = Infer<typeof gameMap>;

// ---------- Interactions ----------

export const side = v.union(v.literal("party"), v.literal("enemy"), v.literal("neutral"));
export type Side = Infer<typeof side>;
export const interactionKind = v.union(v.literal("combat"), v.literal("social"), v.literal("puzzle"));
export type InteractionKind = Infer<typeof interactionKind>;

/** The web app's statuses; `awaiting_dm` is stored as `live` plus `awaitingDm: true`. */
export const interactionStatus = v.union(
  v.literal("draft"),
  v.literal("live"),
  v.literal("paused"),
  v.literal("completed"),
);
export type InteractionStatus = Infer<typeof interactionStatus>;

/** The live server's statuses. */
export const roomStatus = v.union(
  v.literal("draft"),
  v.literal("live"),
  v.literal("awaiting_dm"),
  v.literal("paused"),
  v.literal("completed"),
);
export type RoomStatus = Infer<typeof roomStatus>;

/** A seat in a stored interaction: which character, on which side, where it starts. */
export const storedParticipant = v.object({
  entityId: v.string(),
  characterId: v.id("characters"),
  side,
  position,
  hidden: v.optional(v.boolean()),
});
export type StoredParticipant = Infer<typeof storedParticipant>;

/** What the DM sends; `entityId` defaults to the first free of the character id, `:2`, `:3`… (seating.ts). */
export const participantInput = v.object({
  entityId: v.optional(v.string()),
  characterId: v.id("characters"),
  side,
  position,
  hidden: v.optional(v.boolean()),
});
export type ParticipantInput = Infer<typeof participantInput>;

/** The engine's Participant and InteractionSetup. */
export const setupParticipant = v.object({
  entityId: v.string(),
  sheet: characterSheet,
  side,
  position,
  hidden: v.optional(v.boolean()),
});
export const interactionSetup = v.object({
  id: v.string(),
  name: v.string(),
  kind: interactionKind,
  dmUserId: v.string(),
  isTest: v.boolean(),
  participants: v.array(setupParticipant),
  map: gameMap,
});
export type InteractionSetup = Infer<typeof interactionSetup>;

// ---------- Live-server payloads ----------

export const snapshotMeta = v.object({ version: v.number(), reason: v.string(), savedAt: v.number() });
export type SnapshotMeta = Infer<typeof snapshotMeta>;

/**
 * Mirrors of the engine's completion payload (apps/live/src/engine/state.ts: Results,
 * TurnLogEntry, ChatMessage), so the room's `close` effect is stored as it is.
 */
export const lootAward = v.object({ entityId: v.string(), item });
export const results = v.object({
  winner: v.union(v.literal("party"), v.literal("enemy"), v.literal("none")),
  /** XP per PC entity id. */
  xp: v.record(v.string(), v.number()),
  loot: v.array(lootAward),
  endedAt: v.number(),
  rounds: v.number(),
});
export type Results = Infer<typeof results>;

export const turnOutcome = v.union(
  v.literal("taken"),
  v.literal("skipped"),
  v.literal("timed_out"),
  v.literal("rolled_back"),
  v.literal("redone"),
  v.literal("backtracked"),
);
export const turnLogEntry = v.object({
  at: v.number(),
  round: v.number(),
  text: v.string(),
  dmOnly: v.optional(v.literal(true)),
  turn: v.optional(
    v.object({ id: v.number(), entityId: v.string(), outcome: turnOutcome, by: v.optional(v.string()) }),
  ),
});
export type TurnLogEntry = Infer<typeof turnLogEntry>;

export const chatChannel = v.union(v.literal("party"), v.literal("dm"), v.literal("private"));
export const chatMessage = v.object({
  /** The room's message id, unique per interaction; a retried save skips known ids. */
  id: v.number(),
  at: v.number(),
  from: v.string(),
  channel: chatChannel,
  text: v.string(),
  /** Everyone who may read it, the sender included. */
  recipients: v.array(v.string()),
});
export type ChatMessage = Infer<typeof chatMessage>;
