export { goblinAmbush } from "./goblinAmbush";
export { socialParley } from "./socialParley";
export { leverPuzzle } from "./leverPuzzle";
export { demoUsers, type ScenarioUsers } from "./users";

import { goblinAmbush } from "./goblinAmbush";
import { leverPuzzle } from "./leverPuzzle";
import { socialParley } from "./socialParley";
/** By name, for the admin test mode and seed data. */
export const scenarios = { goblinAmbush, socialParley, leverPuzzle } as const;
export type ScenarioName = keyof typeof scenarios;
