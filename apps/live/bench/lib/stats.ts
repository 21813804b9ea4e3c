// Percentiles by nearest rank on a sorted copy; medians of repeated figures.
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    s.length ? (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN) : NaN;
  return {
    count: s.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s.length ? (s[s.length - 1] ?? NaN) : NaN,
  };
}

/** The median (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** NaN crosses the IPC channel as null; both print as a dash. */
export const fmt = (n: number | null | undefined, digits = 1): string =>
  n === undefined || n === null || Number.isNaN(n) ? "–" : n.toFixed(digits);
