import type { InteractionKind, Results } from "@roundtable/live/engine";
import { outcomeText } from "../../interactions/outcome-text";

const scenarioLabels: Record<string, string> = {
  goblinAmbush: "Goblin ambush",
  socialParley: "Social parley",
  leverPuzzle: "Lever puzzle",
};
export const scenarioLabel = (s: string) => scenarioLabels[s] ?? s;

/** Each built-in scenario's kind, so its winner is worded as that kind's results are. */
const scenarioKinds: Record<string, InteractionKind> = {
  goblinAmbush: "combat",
  socialParley: "social",
  leverPuzzle: "puzzle",
};

const isWinner = (w: string): w is Results["winner"] => w === "party" || w === "enemy" || w === "none";

/** How a simulation ended, in the words the table's results use; "—" while nothing is decided. */
export function winnerText(scenario: string, winner: string | null): string {
  if (winner === null) return "—";
  return isWinner(winner) ? outcomeText(scenarioKinds[scenario] ?? "combat", winner) : winner;
}

export const simulationStatusLabels = {
  running: "Running",
  finished: "Finished",
  stopped: "Stopped",
} as const;

/**
 * Names one simulation among many: its scenario, seed and start time (ids are not for people;
 * two started in the same second differ by seed, which is random unless the admin sets one).
 */
export function simulationName(s: { scenario: string; seed: number; startedAt: number }): string {
  return `${scenarioLabel(s.scenario)}, seed ${s.seed}, started at ${new Date(s.startedAt).toLocaleTimeString()}`;
}
