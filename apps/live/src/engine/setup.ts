import { z } from "zod";
// grid.ts takes only types from here, so this is no cycle at run time
import { blocksCell } from "./grid";

/**
 * What the Convex backend hands the live server for a room. Everything here is plain JSON
 * (no field starts with `$` or `_`) because Convex stores it as is; every string, number and
 * array is bounded because these schemas are also the wire format.
 */

/** Names every plain object has (`constructor`, `toString`…): a lookup by such an id finds the prototype's. */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Ids become object keys in the state (and in Convex), so they cannot start with `$` or `_`,
 * nor be a name every object already has.
 */
export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, "Ids use letters, digits, _ . : - and start with a letter or digit")
  .refine((id) => !INHERITED_NAMES.has(id), "Ids cannot be a name every object has (constructor, toString…)");
export const Name = z.string().min(1).max(80);
/** What a setup's names must also have: a character other than whitespace. */
export const BLANK_NAME = "Names need a character other than spaces";
/** A name with a character other than whitespace, as a setup's names must be. */
export const visible = (name: string): boolean => /\S/.test(name);
/**
 * A name a setup may give (a sheet's, an interaction's). `Name` itself stays as it was because
 * the room state's schemas (state.ts) share it, and a stored snapshot with a blank name must
 * still load; nested names (items, actions, map objects) are checked by the sheet's and the
 * setup's refinements below instead.
 */
export const SetupName = Name.refine(visible, BLANK_NAME);
export const UserId = z.string().min(1).max(128);

/** Dice notation: `1d8+3`, `2d6`, `1d4-1` or a flat `5`. */
export const Dice = z
  .string()
  .max(16)
  .regex(
    /^(?:\d{1,2}d(?:4|6|8|10|12|20|100)(?:[+-]\d{1,3})?|\d{1,3})$/,
    "Dice must look like 1d8+3, 2d6 or 5",
  );
export type Dice = z.infer<typeof Dice>;

export const Ability = z.enum(["str", "dex", "con", "int", "wis", "cha"]);
export type Ability = z.infer<typeof Ability>;

const Mod = z.int().min(-5).max(15);
export const Abilities = z.strictObject({ str: Mod, dex: Mod, con: Mod, int: Mod, wis: Mod, cha: Mod });
export type Abilities = z.infer<typeof Abilities>;

export const MAP_MAX = 100;
export const Position = z.strictObject({
  x: z
    .int()
    .min(0)
    .max(MAP_MAX - 1),
  y: z
    .int()
    .min(0)
    .max(MAP_MAX - 1),
});
export type Position = z.infer<typeof Position>;

/** Feet, always a multiple of 5 (one grid cell). */
export const Feet = z.int().min(0).max(600).multipleOf(5);
export const Dc = z.int().min(1).max(40);

// ---------- Items ----------

const itemBase = { id: Id, name: Name, value: z.int().min(0).max(1_000_000).optional() };

export const Weapon = z.strictObject({ ...itemBase, type: z.literal("weapon"), equipped: z.boolean() });
export const Armor = z.strictObject({
  ...itemBase,
  type: z.literal("armor"),
  equipped: z.boolean(),
  /** Added to AC while equipped (the sheet's `ac` already includes what is equipped there). */
  acBonus: z.int().min(0).max(10),
});
export const ConsumableEffect = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("heal"), amount: Dice }),
  z.strictObject({ kind: z.literal("damage"), amount: Dice, damageType: Name, range: Feet }),
]);
export type ConsumableEffect = z.infer<typeof ConsumableEffect>;
export const Consumable = z.strictObject({
  ...itemBase,
  type: z.literal("consumable"),
  charges: z.int().min(0).max(99),
  cost: z.enum(["action", "bonus"]).optional(),
  effect: ConsumableEffect,
});
export const Gear = z.strictObject({
  ...itemBase,
  type: z.literal("gear"),
  /** e.g. a key's tag matches a door's `keyTag`. */
  tags: z.array(z.string().min(1).max(40)).max(10).optional(),
});
export const Item = z.discriminatedUnion("type", [Weapon, Armor, Consumable, Gear]);
export type Item = z.infer<typeof Item>;
export type Weapon = z.infer<typeof Weapon>;
export type Armor = z.infer<typeof Armor>;
export type Consumable = z.infer<typeof Consumable>;
export type Gear = z.infer<typeof Gear>;

// ---------- Actions ----------

export const ConditionName = z.enum([
  "dodging",
  "disengaged",
  "helped",
  "hidden",
  "poisoned",
  "prone",
  "stunned",
  "blessed",
  "frightened",
]);
export type ConditionName = z.infer<typeof ConditionName>;

const actionBase = {
  id: Id,
  name: Name,
  /** Which part of the turn it spends; default `action`. */
  cost: z.enum(["action", "bonus"]).optional(),
  /** Uses per interaction (spell slots, limited abilities); unlimited when absent. */
  uses: z.int().min(1).max(20).optional(),
};

export const AttackAction = z.strictObject({
  ...actionBase,
  kind: z.literal("attack"),
  toHit: z.int().min(-5).max(20),
  damage: Dice,
  damageType: Name,
  range: Feet.min(5),
  /** The weapon that must be equipped to make this attack. */
  weaponId: Id.optional(),
});
export const SpellAction = z.strictObject({
  ...actionBase,
  kind: z.literal("spell"),
  level: z.int().min(0).max(9),
  range: Feet,
  /** Who may be picked (or is caught in the area) and how many targets at most. */
  targets: z.strictObject({ type: z.enum(["enemy", "ally", "any", "self"]), max: z.int().min(1).max(10) }),
  /** A sphere centred on the command's `point`; everyone matching `targets.type` inside is hit. */
  area: z.strictObject({ radius: Feet.min(5) }).optional(),
  attack: z.strictObject({ toHit: z.int().min(-5).max(20) }).optional(),
  save: z.strictObject({ ability: Ability, dc: Dc, half: z.boolean() }).optional(),
  damage: Dice.optional(),
  damageType: Name.optional(),
  heal: Dice.optional(),
  condition: z.strictObject({ name: ConditionName, rounds: z.int().min(1).max(10) }).optional(),
});
const simple = (kind: "dash" | "dodge" | "disengage" | "help" | "hide") =>
  z.strictObject({ ...actionBase, kind: z.literal(kind) });
export const DashAction = simple("dash");
export const DodgeAction = simple("dodge");
export const DisengageAction = simple("disengage");
export const HelpAction = simple("help");
export const HideAction = simple("hide");
export const CheckAction = z.strictObject({
  ...actionBase,
  kind: z.literal("check"),
  ability: Ability,
  /** Proficiency and other bonuses on top of the ability modifier. */
  bonus: z.int().min(-5).max(20),
  dc: Dc,
  /** Against a neutral NPC a success raises its attitude by one, a failure lowers it. */
  range: Feet.optional(),
});
export const ActionDef = z.discriminatedUnion("kind", [
  AttackAction,
  SpellAction,
  DashAction,
  DodgeAction,
  DisengageAction,
  HelpAction,
  HideAction,
  CheckAction,
]);
export type ActionDef = z.infer<typeof ActionDef>;
export type AttackAction = z.infer<typeof AttackAction>;
export type SpellAction = z.infer<typeof SpellAction>;
export type CheckAction = z.infer<typeof CheckAction>;

// ---------- Sheets ----------

export const CharacterSheet = z
  .strictObject({
    name: SetupName,
    kind: z.enum(["pc", "npc", "monster"]),
    /** The player who controls this character (PCs only). */
    ownerUserId: UserId.optional(),
    level: z.int().min(0).max(30),
    /** XP this creature is worth when defeated. */
    xp: z.int().min(0).max(1_000_000),
    maxHp: z.int().min(1).max(10_000),
    ac: z.int().min(0).max(40),
    speed: Feet,
    abilities: Abilities,
    inventory: z.array(Item).max(50),
    actions: z.array(ActionDef).max(30),
  })
  .superRefine((sheet, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    blankItemNames(sheet.inventory, ["inventory"], issue);
    const items = new Map<string, Item>();
    for (const [i, it] of sheet.inventory.entries()) {
      if (items.has(it.id))
        issue(["inventory", i, "id"], `Duplicate item id ${it.id}: each item needs its own id`);
      else items.set(it.id, it);
    }
    const actions = new Set<string>();
    for (const [i, a] of sheet.actions.entries()) {
      if (!visible(a.name)) issue(["actions", i, "name"], BLANK_NAME);
      if ((a.kind === "attack" || a.kind === "spell") && a.damageType !== undefined && !visible(a.damageType))
        issue(["actions", i, "damageType"], BLANK_NAME);
      if (actions.has(a.id))
        issue(["actions", i, "id"], `Duplicate action id ${a.id}: each action needs its own id`);
      actions.add(a.id);
      if (a.kind !== "attack" || a.weaponId === undefined) continue;
      const weapon = items.get(a.weaponId);
      if (!weapon)
        issue(
          ["actions", i, "weaponId"],
          `${a.name} needs weapon ${a.weaponId}, which is not in the inventory`,
        );
      else if (weapon.type !== "weapon")
        issue(
          ["actions", i, "weaponId"],
          `${a.name} needs ${weapon.name} (${weapon.id}) as its weapon, but that item is ${weapon.type === "consumable" ? "a consumable" : weapon.type}, not a weapon`,
        );
    }
  });
export type CharacterSheet = z.infer<typeof CharacterSheet>;

/** Flags each blank name of `items` (an item's, a damaging consumable's damage type) at `path`. */
function blankItemNames(
  items: readonly Item[],
  path: PropertyKey[],
  issue: (path: PropertyKey[], message: string) => void,
): void {
  for (const [i, it] of items.entries()) {
    if (!visible(it.name)) issue([...path, i, "name"], BLANK_NAME);
    if (it.type === "consumable" && it.effect.kind === "damage" && !visible(it.effect.damageType))
      issue([...path, i, "effect", "damageType"], BLANK_NAME);
  }
}

// ---------- Map ----------

const objectBase = { id: Id, name: Name, position: Position, hidden: z.boolean().optional() };
export const DoorObject = z.strictObject({
  ...objectBase,
  kind: z.literal("door"),
  open: z.boolean(),
  locked: z.boolean(),
  /** A gear item with this tag unlocks it; a locked door without one only opens by a lever. */
  keyTag: z.string().min(1).max(40).optional(),
});
export const ChestObject = z.strictObject({
  ...objectBase,
  kind: z.literal("chest"),
  open: z.boolean(),
  locked: z.boolean(),
  keyTag: z.string().min(1).max(40).optional(),
  loot: z.array(Item).max(30),
});
export const LeverObject = z.strictObject({
  ...objectBase,
  kind: z.literal("lever"),
  on: z.boolean(),
  /** Doors it opens/closes, chests it locks/unlocks and traps it arms/disarms each time it is pulled. */
  toggles: z.array(Id).max(10),
});
export const TrapObject = z.strictObject({
  ...objectBase,
  kind: z.literal("trap"),
  armed: z.boolean(),
  dc: Dc,
  save: Ability,
  damage: Dice,
});
export const MapObject = z.discriminatedUnion("kind", [DoorObject, ChestObject, LeverObject, TrapObject]);
export type MapObject = z.infer<typeof MapObject>;

export type DoorObject = z.infer<typeof DoorObject>;
export type ChestObject = z.infer<typeof ChestObject>;
export type LeverObject = z.infer<typeof LeverObject>;
export type TrapObject = z.infer<typeof TrapObject>;

/** How a message names a cell-blocking object's kind (grid.ts blocksCell): "a closed door", "a chest", "a lever". */
export const objectWhat = (o: MapObject): string => (o.kind === "door" ? "a closed door" : `a ${o.kind}`);

export const GameMap = z.strictObject({
  width: z.int().min(1).max(MAP_MAX),
  height: z.int().min(1).max(MAP_MAX),
  blocked: z.array(Position).max(2_000),
  difficult: z.array(Position).max(2_000),
  objects: z.array(MapObject).max(100),
});
export type GameMap = z.infer<typeof GameMap>;

// ---------- Interaction ----------

export const Side = z.enum(["party", "enemy", "neutral"]);
export type Side = z.infer<typeof Side>;
export const InteractionKind = z.enum(["combat", "social", "puzzle"]);
export type InteractionKind = z.infer<typeof InteractionKind>;

export const Participant = z.strictObject({
  entityId: Id,
  sheet: CharacterSheet,
  side: Side,
  position: Position,
  /** Hidden from players until it acts (ambushers). */
  hidden: z.boolean().optional(),
});
export type Participant = z.infer<typeof Participant>;

export const InteractionSetup = z
  .strictObject({
    id: Id,
    name: SetupName,
    kind: InteractionKind,
    dmUserId: UserId,
    isTest: z.boolean(),
    participants: z.array(Participant).min(1).max(40),
    map: GameMap,
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    const cells = new Set<string>();
    const blocked = new Set(s.map.blocked.map((p) => `${p.x},${p.y}`));
    for (const [i, p] of s.participants.entries()) {
      if (ids.has(p.entityId))
        ctx.addIssue({
          code: "custom",
          path: ["participants", i, "entityId"],
          message: `Duplicate entity id ${p.entityId}`,
        });
      ids.add(p.entityId);
      if (p.position.x >= s.map.width || p.position.y >= s.map.height)
        ctx.addIssue({
          code: "custom",
          path: ["participants", i, "position"],
          message: `${p.sheet.name} is outside the map`,
        });
      const cell = `${p.position.x},${p.position.y}`;
      if (cells.has(cell))
        ctx.addIssue({
          code: "custom",
          path: ["participants", i, "position"],
          message: `${p.sheet.name} shares a cell with another participant`,
        });
      cells.add(cell);
      // where no one can stand: the engine takes the cell for wall (grid.ts isWall), so no one else could
      // ever get there, and a door closed or a chest or lever there is worked with someone inside it
      const wall = blocked.has(cell)
        ? "a blocked cell"
        : s.map.objects.find(
            (o) => blocksCell(o) && o.position.x === p.position.x && o.position.y === p.position.y,
          );
      if (wall)
        ctx.addIssue({
          code: "custom",
          path: ["participants", i, "position"],
          message: `${p.sheet.name} stands on ${typeof wall === "string" ? wall : `the ${wall.name} (${objectWhat(wall)})`} at (${cell})`,
        });
      if (p.sheet.kind === "pc" && !p.sheet.ownerUserId)
        ctx.addIssue({
          code: "custom",
          path: ["participants", i, "sheet", "ownerUserId"],
          message: `${p.sheet.name} is a PC without an owner`,
        });
    }
    const objIds = new Set<string>();
    for (const [i, o] of s.map.objects.entries()) {
      if (objIds.has(o.id))
        ctx.addIssue({
          code: "custom",
          path: ["map", "objects", i, "id"],
          message: `Duplicate object id ${o.id}`,
        });
      objIds.add(o.id);
      if (o.position.x >= s.map.width || o.position.y >= s.map.height)
        ctx.addIssue({
          code: "custom",
          path: ["map", "objects", i, "position"],
          message: `${o.name} is outside the map`,
        });
      else if ((o.kind === "door" || o.kind === "trap") && blocked.has(`${o.position.x},${o.position.y}`))
        // a wall under a door keeps it shut when open, and no one steps onto a trap in one; a
        // chest or lever blocks its cell anyway and is worked from next to it (one on a wall is fine)
        ctx.addIssue({
          code: "custom",
          path: ["map", "objects", i, "position"],
          message: `The ${o.name} (a ${o.kind}) is on a blocked cell at (${o.position.x},${o.position.y}): ${o.kind === "door" ? "no one could ever pass it" : "no one could ever set it off"}`,
        });
      if (!visible(o.name))
        ctx.addIssue({ code: "custom", path: ["map", "objects", i, "name"], message: BLANK_NAME });
      if (o.kind === "chest")
        blankItemNames(o.loot, ["map", "objects", i, "loot"], (path, message) =>
          ctx.addIssue({ code: "custom", path, message }),
        );
    }
  });
export type InteractionSetup = z.infer<typeof InteractionSetup>;
