/** Session tokens for tests and benchmarks: Clerk's format, signed with a key made here. */
import { SignJWT, exportSPKI, generateKeyPair } from "jose";

export const ISSUER = "https://clerk.roundtable.test";
export const PARTY = "http://localhost:5173";

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
export type TestKeys = { privateKey: PrivateKey; pem: string; kid: string };

export async function makeKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return {
    privateKey,
    pem: await exportSPKI(publicKey),
    kid: `ins_${Math.random().toString(36).slice(2, 10)}`,
  };
}

export type TokenOptions = {
  role?: string;
  iss?: string;
  azp?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  key?: PrivateKey;
};

/** A Clerk-format session token (RS256, typ JWT, sub/sid/azp/iss/exp/nbf/iat). */
export async function signToken(keys: TestKeys, userId: string, opts: TokenOptions = {}): Promise<string> {
  const nowS = Math.floor(Date.now() / 1000);
  const exp = nowS + (opts.expiresIn ?? 3600);
  const claims: Record<string, unknown> = { sid: `sess_${userId}`, azp: opts.azp ?? PARTY };
  if (opts.role) claims.role = opts.role;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: keys.kid })
    .setSubject(userId)
    .setIssuer(opts.iss ?? ISSUER)
    .setIssuedAt(Math.min(nowS, exp - 60))
    .setNotBefore(Math.min(nowS, exp - 60))
    .setExpirationTime(exp)
    .sign(opts.key ?? keys.privateKey);
}
