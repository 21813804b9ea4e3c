import type { Settings } from "@roundtable/config";
import type { Logger } from "../logger";
import type { VerifierOptions } from "./session";

/**
 * Where the token key comes from: Clerk's PEM from configuration in production, or, offline,
 * the local token issuer's PEM fetched at start-up (it may still be starting, so retry a bit).
 */
export async function resolveVerifierOptions(
  settings: Settings,
  log: Logger,
  fetchTimeoutMs = 15_000,
): Promise<VerifierOptions> {
  const authorizedParties = (settings.clerkAuthorizedParties ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (settings.clerkJwtKey) {
    if (!settings.clerkIssuer) throw new Error("CLERK_ISSUER must be set together with CLERK_JWT_KEY");
    if (authorizedParties.length === 0) log.warn("CLERK_AUTHORIZED_PARTIES is not set: any azp is accepted");
    return {
      jwtKey: settings.clerkJwtKey.replace(/\\n/g, "\n"),
      issuer: settings.clerkIssuer,
      authorizedParties,
    };
  }
  const base = `http://localhost:${settings.localAuthPort}`;
  log.warn(
    { issuer: base },
    "CLERK_JWT_KEY is not set: trusting the offline token issuer (development only)",
  );
  const deadline = Date.now() + fetchTimeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/pem`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok)
        return { jwtKey: await res.text(), issuer: settings.clerkIssuer ?? base, authorizedParties };
      lastError = new Error(`HTTP ${res.status}`);
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `Could not fetch the offline token key from ${base}/pem: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  );
}
