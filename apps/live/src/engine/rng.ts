/**
 * mulberry32: a tiny seeded generator whose whole state is one 32-bit integer, so it lives
 * in the interaction state (and is restored exactly by rollback).
 */
export class Rng {
  constructor(public state: number) {}

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [1, sides]. */
  die(sides: number): number {
    return 1 + Math.floor(this.next() * sides);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)];
  }
}

export const seedState = (seed: number): number => (Math.trunc(seed) ^ 0x9e3779b9) | 0;
