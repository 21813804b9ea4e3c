import { z } from "zod";
import { Id, Position, UserId } from "./setup";
import { ChatChannel, TurnStep } from "./state";

/**
 * Commands are the wire format: the live server turns each into a tRPC input as is, so every
 * field is bounded and objects are strict. Turn-bound commands carry the `turnId` they were
 * meant for; a mismatch is STALE_TURN (or CONFLICT when that entity's turn already ended).
 */

const TurnId = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
/** Half of a surrogate pair on its own (a `u` regex reads a whole pair as one code point). */
const LONE_SURROGATE = /\p{Surrogate}/u;
export const NOT_UNICODE = "Text must be valid Unicode: it has half of an emoji or other character.";
/**
 * Free text a person types. Convex refuses a string with half a surrogate pair (what
 * `String.prototype.isWellFormed` checks, not in this project's ES2023 lib), so one in a message
 * would make every later save of the room fail: it is refused here, at the input.
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !LONE_SURROGATE.test(s), NOT_UNICODE);
const cmd = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...shape });

export const StartCommand = cmd("start", {});
export const PauseCommand = cmd("pause", {});
export const ResumeCommand = cmd("resume", {});
export const EndCommand = cmd("end", {});
export const RollInitiativeCommand = cmd("rollInitiative", { scope: z.enum(["all", "npcs"]) });
export const UpdateInitiativeCommand = cmd("updateInitiative", {
  entityId: Id,
  initiative: z.int().min(-10).max(60),
});
export const TakeTurnCommand = cmd("takeTurn", {
  turnId: TurnId,
  entityId: Id,
  actionId: Id,
  targets: z.array(Id).max(10),
  /** Centre of an area spell. */
  point: Position.optional(),
});
export const MoveEntityCommand = cmd("moveEntity", {
  turnId: TurnId,
  entityId: Id,
  /** Cells to step through in order, not including the start cell. */
  path: z.array(Position).min(1).max(60),
});
export const UseItemCommand = cmd("useItem", {
  turnId: TurnId,
  entityId: Id,
  itemId: Id,
  targetId: Id.optional(),
});
export const EquipItemCommand = cmd("equipItem", {
  /** Required while the interaction is running (you equip on your own turn). */
  turnId: TurnId.optional(),
  entityId: Id,
  itemId: Id,
  equip: z.boolean(),
});
export const InteractObjectCommand = cmd("interactObject", { turnId: TurnId, entityId: Id, objectId: Id });
export const EndTurnCommand = cmd("endTurn", { turnId: TurnId, entityId: Id });
export const QueueTurnCommand = cmd("queueTurn", {
  entityId: Id,
  /** Empty clears the queued turn. */
  steps: z.array(TurnStep).max(6),
});
export const SkipTurnCommand = cmd("skipTurn", { turnId: TurnId });
export const BacktrackTurnCommand = cmd("backtrackTurn", { turnId: TurnId });
/**
 * Rollback and redo carry the id of the turn that was current when the DM asked (after a
 * rollback that is the restored, earlier turn), or null if no one had the turn (nobody could act).
 */
const ExpectedTurnId = TurnId.nullable();
export const RollbackCommand = cmd("rollback", { turnId: ExpectedTurnId });
export const RedoCommand = cmd("redo", { turnId: ExpectedTurnId });
/**
 * DM: shows the players a hidden creature or map object. `id` names an entity or an object;
 * `of` says which (a creature and an object may share an id); without it, the hidden one, an
 * entity first. A creature also loses a `hidden` condition.
 */
export const RevealCommand = cmd("reveal", { id: Id, of: z.enum(["entity", "object"]).optional() });
/**
 * DM: hides a creature or map object from the players again (`reveal`'s inverse); `of` as for
 * `reveal`, without it the one in view, an entity first. Player characters stay in view.
 */
export const HideCommand = cmd("hide", { id: Id, of: z.enum(["entity", "object"]).optional() });
/**
 * DM: sets a parley NPC's attitude (-3..3) by judgement (good roleplay, an insult); like a check,
 * +3 wins it over and -3 turns it hostile (the parley's outcome, `winner`, counts every NPC).
 */
export const SetAttitudeCommand = cmd("setAttitude", { entityId: Id, attitude: z.int().min(-3).max(3) });
export const TimeoutCommand = cmd("timeout", { turnId: TurnId });
/**
 * The room's own, like `timeout`: the server is stopping, so a player's turn keeps the time it
 * has left (as on a pause) and gets it back when the next instance rebuilds the room
 * (`startClock`). Nobody's turn runs out while no server is running it.
 */
export const StopClockCommand = cmd("stopClock", {});
export const StartClockCommand = cmd("startClock", {});
export const SendChatCommand = cmd("sendChat", {
  channel: ChatChannel,
  text: text(1_000),
  /** Private messages only: who else may read it. */
  to: z.array(UserId).min(1).max(10).optional(),
});
export const PresenceCommand = cmd("presence", { userId: UserId, online: z.boolean() });

export const Command = z.discriminatedUnion("type", [
  StartCommand,
  PauseCommand,
  ResumeCommand,
  EndCommand,
  RollInitiativeCommand,
  UpdateInitiativeCommand,
  TakeTurnCommand,
  MoveEntityCommand,
  UseItemCommand,
  EquipItemCommand,
  InteractObjectCommand,
  EndTurnCommand,
  QueueTurnCommand,
  SkipTurnCommand,
  BacktrackTurnCommand,
  RollbackCommand,
  RedoCommand,
  RevealCommand,
  HideCommand,
  SetAttitudeCommand,
  TimeoutCommand,
  StopClockCommand,
  StartClockCommand,
  SendChatCommand,
  PresenceCommand,
]);
export type Command = z.infer<typeof Command>;
export type CommandType = Command["type"];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export type StartCommand = z.infer<typeof StartCommand>;
export type PauseCommand = z.infer<typeof PauseCommand>;
export type ResumeCommand = z.infer<typeof ResumeCommand>;
export type EndCommand = z.infer<typeof EndCommand>;
export type RollInitiativeCommand = z.infer<typeof RollInitiativeCommand>;
export type UpdateInitiativeCommand = z.infer<typeof UpdateInitiativeCommand>;
export type TakeTurnCommand = z.infer<typeof TakeTurnCommand>;
export type MoveEntityCommand = z.infer<typeof MoveEntityCommand>;
export type UseItemCommand = z.infer<typeof UseItemCommand>;
export type EquipItemCommand = z.infer<typeof EquipItemCommand>;
export type InteractObjectCommand = z.infer<typeof InteractObjectCommand>;
export type EndTurnCommand = z.infer<typeof EndTurnCommand>;
export type QueueTurnCommand = z.infer<typeof QueueTurnCommand>;
export type SkipTurnCommand = z.infer<typeof SkipTurnCommand>;
export type BacktrackTurnCommand = z.infer<typeof BacktrackTurnCommand>;
export type RollbackCommand = z.infer<typeof RollbackCommand>;
export type RedoCommand = z.infer<typeof RedoCommand>;
export type RevealCommand = z.infer<typeof RevealCommand>;
export type HideCommand = z.infer<typeof HideCommand>;
export type SetAttitudeCommand = z.infer<typeof SetAttitudeCommand>;
export type TimeoutCommand = z.infer<typeof TimeoutCommand>;
export type StopClockCommand = z.infer<typeof StopClockCommand>;
export type StartClockCommand = z.infer<typeof StartClockCommand>;
export type SendChatCommand = z.infer<typeof SendChatCommand>;
export type PresenceCommand = z.infer<typeof PresenceCommand>;

export const Role = z.enum(["dm", "player", "admin"]);
export type Role = z.infer<typeof Role>;
export const Actor = z.strictObject({ userId: UserId, role: Role });
export type Actor = z.infer<typeof Actor>;
export interface CommandContext {
  actor: Actor;
  /** Server time in ms; the engine never reads the clock. */
  now: number;
}

/** The room's own commands: they do not count as human activity for the inactivity timer. */
const ROOMS_OWN = new Set<CommandType>(["timeout", "presence", "stopClock", "startClock"]);
export const isHumanActivity = (c: Command): boolean => !ROOMS_OWN.has(c.type);
