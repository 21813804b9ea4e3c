import { serviceSecret } from "./env";
import { appError } from "./errors";

const encoder = new TextEncoder();

/**
 * Constant-time comparison: the loop always runs over the expected secret's length and
 * never exits early, so timing does not reveal how much of a guess was right.
 */
export function secretsMatch(expected: string, given: string): boolean {
  const a = encoder.encode(expected);
  const b = encoder.encode(given);
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) {
    diff |= (a[i] ?? 0) ^ (b.length === 0 ? 0 : (b[i % b.length] ?? 0));
  }
  return diff === 0;
}

/** Throws unless `given` is the live server's service secret (CONVEX_SERVICE_SECRET). */
export function requireServiceSecret(given: string): void {
  const expected = serviceSecret();
  if (expected === undefined) {
    throw appError("misconfigured", "CONVEX_SERVICE_SECRET is not set on this Convex deployment");
  }
  if (!secretsMatch(expected, given)) {
    throw appError("forbidden", "Invalid service secret");
  }
}
