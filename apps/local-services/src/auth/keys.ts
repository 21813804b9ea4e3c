import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  type CryptoKey,
  type JWK,
} from "jose";
import { writeFileAtomic } from "../atomic-write";

/** The local issuer's RS256 key pair, in every form its endpoints serve. */
export type SigningKeys = {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** SPKI PEM, what Clerk's `jwtKey` / CLERK_JWT_KEY takes. */
  publicPem: string;
  publicJwk: JWK & { kid: string; alg: "RS256"; use: "sig" };
};

const ALG = "RS256";

/**
 * Loads the key pair from `<dir>/private.pem` + `public.pem`, generating and saving it on
 * first run, so tokens and the PEM handed to other services stay valid across restarts.
 */
export async function loadOrCreateKeys(dir: string): Promise<SigningKeys> {
  const privatePath = join(dir, "private.pem");
  const publicPath = join(dir, "public.pem");
  const existing = await readPems(privatePath, publicPath);
  if (existing) {
    return fromPems(
      await importPKCS8(existing.privatePem, ALG, { extractable: true }),
      await importSPKI(existing.publicPem, ALG, { extractable: true }),
      existing.publicPem,
    );
  }
  const pair = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
  const privatePem = await exportPKCS8(pair.privateKey);
  const publicPem = await exportSPKI(pair.publicKey);
  // Public first: a crash in between leaves no private key without its public half.
  await writeFileAtomic(publicPath, publicPem);
  await writeFileAtomic(privatePath, privatePem, 0o600);
  return fromPems(pair.privateKey, pair.publicKey, publicPem);
}

async function readPems(privatePath: string, publicPath: string) {
  try {
    const [privatePem, publicPem] = await Promise.all([
      readFile(privatePath, "utf8"),
      readFile(publicPath, "utf8"),
    ]);
    return { privatePem, publicPem };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

async function fromPems(
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  publicPem: string,
): Promise<SigningKeys> {
  const jwk = await exportJWK(publicKey);
  const kid = `ins_local_${(await calculateJwkThumbprint(jwk)).slice(0, 16)}`;
  return {
    kid,
    privateKey,
    publicKey,
    publicPem,
    publicJwk: { ...jwk, kid, alg: ALG, use: "sig" },
  };
}
