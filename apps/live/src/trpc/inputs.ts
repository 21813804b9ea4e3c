import { z } from "zod";
import * as C from "../engine/commands";
import { Id } from "../engine/setup";

/**
 * tRPC inputs: each engine command schema without its `type` (the procedure name says it)
 * plus the `interactionId` it is meant for. The web app imports these for its forms.
 */
function forRoom<S extends z.ZodRawShape & { type: z.ZodType }>(schema: z.ZodObject<S, z.core.$strict>) {
  const { type: _type, ...fields } = schema.shape;
  return z.strictObject({ ...fields, interactionId: Id });
}

export const RoomInput = z.strictObject({ interactionId: Id });
export const EventsInput = z.strictObject({
  interactionId: Id,
  /** Set by the tRPC client on reconnect: resume after this event. */
  lastEventId: z.string().max(80).nullish(),
});

export const commandInputs = {
  start: forRoom(C.StartCommand),
  pause: forRoom(C.PauseCommand),
  resume: forRoom(C.ResumeCommand),
  end: forRoom(C.EndCommand),
  rollInitiative: forRoom(C.RollInitiativeCommand),
  updateInitiative: forRoom(C.UpdateInitiativeCommand),
  takeTurn: forRoom(C.TakeTurnCommand),
  moveEntity: forRoom(C.MoveEntityCommand),
  useItem: forRoom(C.UseItemCommand),
  equipItem: forRoom(C.EquipItemCommand),
  interactObject: forRoom(C.InteractObjectCommand),
  endTurn: forRoom(C.EndTurnCommand),
  queueTurn: forRoom(C.QueueTurnCommand),
  skipTurn: forRoom(C.SkipTurnCommand),
  backtrackTurn: forRoom(C.BacktrackTurnCommand),
  rollback: forRoom(C.RollbackCommand),
  redo: forRoom(C.RedoCommand),
  reveal: forRoom(C.RevealCommand),
  hide: forRoom(C.HideCommand),
  setAttitude: forRoom(C.SetAttitudeCommand),
  sendChat: forRoom(C.SendChatCommand),
};

export type HumanCommandType = keyof typeof commandInputs;

/** Game actions a player sends for their character; these count against the per-player limit. */
export const GAME_ACTIONS: ReadonlySet<HumanCommandType> = new Set([
  "takeTurn",
  "moveEntity",
  "useItem",
  "equipItem",
  "interactObject",
  "endTurn",
  "queueTurn",
]);
