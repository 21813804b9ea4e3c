/** Convex wire timestamps: u64 nanoseconds, little-endian, base64 (protocol.ts `EncodedTS`). */
export function encodeTs(ts: bigint): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, ts, true);
  return Buffer.from(bytes).toString("base64");
}

/**
 * Commit timestamps advance with the wall clock (in ns, like Convex's), so they keep rising
 * across restarts and a reconnecting client never waits for a timestamp the server is behind.
 */
export function nextTs(previous: bigint, nowMs: number = Date.now()): bigint {
  const wall = BigInt(nowMs) * 1_000_000n;
  return wall > previous ? wall : previous + 1n;
}
