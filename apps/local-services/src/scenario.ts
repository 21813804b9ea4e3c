import { goblinAmbush } from "@roundtable/live/engine";
import type { ScenarioSetup } from "./seed";

/** The engine's goblin-ambush fixture with the demo users seated (DM + three players). */
export function demoScenario(): ScenarioSetup {
  return goblinAmbush();
}
