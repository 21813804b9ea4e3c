import { verifyToken } from "@clerk/backend";

/** A verified user, as the room and the procedures see them. */
export type Session = {
  userId: string;
  sessionId: string | null;
  isAdmin: boolean;
};

export type AuthFailure =
  "missing" | "expired" | "not_yet_valid" | "wrong_party" | "wrong_issuer" | "invalid";

export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly reason: AuthFailure,
    message: string,
  ) {
    super(message);
  }
}

export type VerifierOptions = {
  jwtKey: string;
  issuer: string;
  authorizedParties: string[];
};

export type TokenVerifier = (token: unknown) => Promise<Session>;

/** Maps Clerk's verification reasons onto the few a client can act on. */
function reasonOf(clerkReason: string): AuthFailure {
  if (clerkReason === "token-expired") return "expired";
  if (clerkReason === "token-not-active-yet" || clerkReason === "token-iat-in-the-future")
    return "not_yet_valid";
  if (clerkReason === "token-invalid-authorized-parties") return "wrong_party";
  if (clerkReason === "token-invalid-issuer") return "wrong_issuer";
  return "invalid";
}

/**
 * Networkless verification with Clerk's own code (`jwtKey`), plus an explicit `iss` check:
 * the issuer option is not enforced by every verifyToken path, so we compare it ourselves.
 */
export function createTokenVerifier(opts: VerifierOptions): TokenVerifier {
  return async (token) => {
    if (typeof token !== "string" || token.length === 0) {
      throw new AuthError("missing", "A session token is required in connectionParams.token");
    }
    let claims: Record<string, unknown>;
    try {
      // The public verifyToken returns the claims and throws a TokenVerificationError.
      claims = await verifyToken(token, { jwtKey: opts.jwtKey, authorizedParties: opts.authorizedParties });
    } catch (err) {
      const clerkReason =
        typeof err === "object" && err !== null && "reason" in err ? String(err.reason) : "token-invalid";
      const reason = reasonOf(clerkReason);
      throw new AuthError(
        reason,
        `Session token rejected (${reason}): ${err instanceof Error ? err.message : "verification failed"}`,
      );
    }
    if (claims.iss !== opts.issuer) {
      throw new AuthError(
        "wrong_issuer",
        `Session token rejected (wrong_issuer): issuer ${String(claims.iss)} is not trusted`,
      );
    }
    if (opts.authorizedParties.length > 0 && typeof claims.azp !== "string") {
      throw new AuthError("wrong_party", "Session token rejected (wrong_party): azp claim missing");
    }
    if (typeof claims.sub !== "string" || claims.sub.length === 0) {
      throw new AuthError("invalid", "Session token rejected (invalid): sub claim missing");
    }
    return {
      userId: claims.sub,
      sessionId: typeof claims.sid === "string" ? claims.sid : null,
      isAdmin: claims.role === "admin" || (isObject(claims.metadata) && claims.metadata.role === "admin"),
    };
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}
