import type { UserIdentity } from "convex/server";
import type { SessionClaims } from "../auth/tokens";

/** A verified caller: what functions see via ctx.auth, and when the token stops counting. */
export type VerifiedIdentity = { identity: UserIdentity; expiresAtMs: number };

// Registered JWT claims that Convex maps to fixed UserIdentity fields or drops.
const REGISTERED = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "name", "email"]);

/**
 * Maps verified claims to the identity a Convex deployment derives: `tokenIdentifier` is
 * `iss|sub`, standard OIDC fields by name, and custom claims (Clerk's `sid`, `azp`, our
 * `role`) under their own names.
 */
export function identityFromClaims(claims: SessionClaims): VerifiedIdentity {
  const custom: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(claims)) {
    if (!REGISTERED.has(k) && (typeof v === "string" || typeof v === "number" || typeof v === "boolean"))
      custom[k] = v;
  }
  const identity: UserIdentity = {
    ...custom,
    tokenIdentifier: `${claims.iss}|${claims.sub}`,
    subject: claims.sub,
    issuer: claims.iss,
    ...(typeof claims.name === "string" ? { name: claims.name } : {}),
    ...(typeof claims.email === "string" ? { email: claims.email } : {}),
  };
  return { identity, expiresAtMs: claims.exp * 1000 };
}
