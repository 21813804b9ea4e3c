/**
 * The interaction engine's public API (`@roundtable/live/engine`). Pure and browser-safe:
 * no I/O, no clock, no Node imports — the web app imports its types and zod schemas.
 */
export * from "./setup";
export * from "./state";
export * from "./commands";
export { EngineErrorCode, type EngineError } from "./errors";
export type { ApplyResult, Completion, Effect, EngineEvent, Patch, SnapshotReason } from "./result";
export { createInteraction, InvalidSetupError, type CreateOptions } from "./create";
export { applyCommand, applyValidCommand } from "./apply";
export { viewFor, chatFor, filterPatches, eventsFor, type Audience, type ViewState } from "./view";
export { winner, computeResults, type Winner } from "./rules/outcome";
export { backtrackTarget } from "./rules/turns";
export { Rng } from "./rng";
export {
  blocksCell,
  CELL_FEET,
  CHECK_RANGE_FT,
  NEIGHBOUR_STEPS,
  distanceFeet,
  inBounds,
  isActive,
  isStunned,
  isWall,
  occupant,
} from "./grid";
export { reachableCells, type ReachableCell } from "./reach";
export {
  objectInReach,
  objectInteraction,
  objectRule,
  spent,
  withChanges,
  type ChanceInteraction,
  type ObjectActor,
  type ObjectChange,
  type ObjectInteraction,
  type ObjectRefusal,
  type ObjectRefusalReason,
  type ObjectWorld,
  type SureInteraction,
} from "./rules/objectRules";
export * from "./bots";
export * from "./scenarios";
