import type { Rng } from "./rng";

export interface ParsedDice {
  count: number;
  sides: number;
  bonus: number;
}

/** Dice expressions come from every DM's setups; the server runs for weeks: keep the cache small. */
const CACHE_SIZE = 1_000;
const cache = new Map<string, ParsedDice>();

/** Parses notation already validated by the `Dice` schema (`2d6+3`, `1d4-1`, `5`). */
export function parseDice(expr: string): ParsedDice {
  const hit = cache.get(expr);
  if (hit) return hit;
  const m = /^(?:(\d+)d(\d+))?([+-]?\d+)?$/.exec(expr);
  const parsed: ParsedDice = m
    ? { count: Number(m[1] ?? 0), sides: Number(m[2] ?? 0), bonus: Number(m[3] ?? 0) }
    : { count: 0, sides: 0, bonus: 0 };
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(expr, parsed);
  return parsed;
}

/** Rolls damage or healing; a critical hit doubles the dice, not the bonus. Never below 0. */
export function rollDice(expr: string, rng: Rng, crit = false): number {
  const { count, sides, bonus } = parseDice(expr);
  let total = bonus;
  const n = crit ? count * 2 : count;
  for (let i = 0; i < n; i++) total += rng.die(sides);
  return Math.max(0, total);
}

export const averageDice = (expr: string): number => {
  const { count, sides, bonus } = parseDice(expr);
  return (count * (sides + 1)) / 2 + bonus;
};

/** d20 with advantage/disadvantage (both cancel out). */
export function rollD20(rng: Rng, advantage: boolean, disadvantage: boolean): number {
  const a = rng.die(20);
  if (advantage === disadvantage) return a;
  const b = rng.die(20);
  return advantage ? Math.max(a, b) : Math.min(a, b);
}
