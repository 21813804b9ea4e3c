import { randomBytes } from "node:crypto";
import { SignJWT, errors as joseErrors, jwtVerify, type CryptoKey, type JWTPayload } from "jose";
import type { DemoUser } from "./demo-users";
import type { SigningKeys } from "./keys";

/** Session tokens live as briefly as Clerk's (clients fetch a fresh one before expiry). */
export const TOKEN_LIFETIME_SECONDS = 600;

export type SessionClaims = JWTPayload & {
  sub: string;
  sid: string;
  azp: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  role: DemoUser["role"];
  name: string;
  email: string;
};

export type SignOptions = {
  issuer: string;
  authorizedParty: string;
  /** Clerk JWT templates set `aud`; the "convex" template's audience is "convex". */
  audience?: string;
  /** Seconds since the epoch; defaults to the clock. */
  now?: number;
};

/** Signs a Clerk-format RS256 session token for a demo user. */
export async function signSessionToken(
  keys: SigningKeys,
  user: DemoUser,
  opts: SignOptions,
): Promise<string> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    sid: `sess_local_${randomBytes(8).toString("hex")}`,
    azp: opts.authorizedParty,
    role: user.role,
    name: user.name,
    email: user.email,
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: keys.kid })
    .setSubject(user.id)
    .setIssuer(opts.issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + TOKEN_LIFETIME_SECONDS);
  if (opts.audience !== undefined) jwt.setAudience(opts.audience);
  return jwt.sign(keys.privateKey);
}

export class TokenRejectedError extends Error {
  override readonly name = "TokenRejectedError";
}

/**
 * Verifies a token the local issuer signed: signature, `iss`, `exp`/`nbf`, and `aud` when
 * present (only the "convex" audience). Returns its claims or throws TokenRejectedError.
 */
export async function verifySessionToken(
  publicKey: CryptoKey,
  token: string,
  issuer: string,
): Promise<SessionClaims> {
  try {
    const { payload } = await jwtVerify(token, publicKey, {
      algorithms: ["RS256"],
      issuer,
      requiredClaims: ["sub", "exp", "iat"],
      clockTolerance: 5,
    });
    if (
      payload.aud !== undefined &&
      payload.aud !== "convex" &&
      !(Array.isArray(payload.aud) && payload.aud.includes("convex"))
    ) {
      throw new TokenRejectedError(`Token audience ${JSON.stringify(payload.aud)} is not "convex"`);
    }
    return payload as SessionClaims;
  } catch (err) {
    if (err instanceof TokenRejectedError) throw err;
    if (err instanceof joseErrors.JOSEError)
      throw new TokenRejectedError(`Invalid session token: ${err.message}`);
    throw new TokenRejectedError(`Invalid session token: ${(err as Error).message}`);
  }
}
