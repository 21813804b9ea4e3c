import type { InteractionKind, Results } from "@roundtable/live/engine";

/**
 * How an ended interaction went, in words that fit its kind. The engine's `winner` rules
 * (rules/outcome.ts): "party" is every foe down, every parley NPC won over, or every chest open.
 * "enemy" is the whole party down, or in a parley an NPC turned hostile: there are no enemies
 * to win a parley or a puzzle. "none" is the DM ending it before either happened.
 */
const outcomes: Record<InteractionKind, Record<Results["winner"], string>> = {
  combat: { party: "The party won", enemy: "The enemies won", none: "No side won" },
  social: { party: "The party won", enemy: "The parley failed", none: "The parley ended undecided" },
  // a puzzle is lost only when the whole party falls (to its traps); unsolved is "none"
  puzzle: { party: "The party won", enemy: "The party was defeated", none: "The puzzle was left unsolved" },
};

export function outcomeText(kind: InteractionKind, winner: Results["winner"]): string {
  return outcomes[kind][winner];
}

/** The same verdicts said before the end (the DM's End dialog): what ending it now would record. */
const outcomesNow: Record<InteractionKind, Record<Exclude<Results["winner"], "none">, string>> = {
  combat: { party: "The party wins", enemy: "The enemies win" },
  social: { party: "The party wins", enemy: "The parley fails" },
  puzzle: { party: "The party wins", enemy: "The party is defeated" },
};

export function outcomeNowText(kind: InteractionKind, winner: "party" | "enemy"): string {
  return outcomesNow[kind][winner];
}
