import { z } from "zod";
import { roles } from "./types";

const demoUserSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(roles),
  /** What the account is for in the demo; shown on the sign-in screen only. */
  seat: z.enum(["dm", "player", "admin"]).optional(),
});
export type DemoUser = z.infer<typeof demoUserSchema>;

export class LocalAuthError extends Error {
  override readonly name = "LocalAuthError";
}

type Fetch = typeof fetch;

/** The offline token issuer (Clerk stand-in): demo users and short-lived session tokens. */
export function createLocalAuthClient(baseUrl: string, fetchImpl: Fetch = (...a) => fetch(...a)) {
  async function call(path: string, init?: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetchImpl(`${baseUrl}${path}`, init);
    } catch (_) {
      throw new LocalAuthError(
        `Cannot reach the local sign-in service at ${baseUrl}. Is \`npm start\` running?`,
      );
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const parsed = z.object({ error: z.object({ message: z.string().min(1) }) }).safeParse(body);
      const message = parsed.success
        ? parsed.data.error.message
        : `The local sign-in service answered ${res.status}.`;
      throw new LocalAuthError(message);
    }
    return body;
  }

  return {
    async listUsers(): Promise<DemoUser[]> {
      const body = await call("/users");
      const parsed = z.object({ users: z.array(demoUserSchema) }).safeParse(body);
      if (!parsed.success)
        throw new LocalAuthError("The local sign-in service sent an unexpected user list.");
      return parsed.data.users;
    },
    /** A session token; `template: "convex"` adds Convex's audience, like Clerk's JWT template. */
    async issueToken(userId: string, template?: "convex"): Promise<string> {
      const body = await call("/token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(template ? { userId, template } : { userId }),
      });
      const parsed = z.object({ token: z.string().min(1) }).safeParse(body);
      if (!parsed.success) throw new LocalAuthError("The local sign-in service sent no token.");
      return parsed.data.token;
    },
  };
}

export type LocalAuthClient = ReturnType<typeof createLocalAuthClient>;

/** Seconds-since-epoch `exp` of a JWT, or undefined when it has none or is not a JWT. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    return json && typeof json === "object" && "exp" in json && typeof json.exp === "number"
      ? json.exp
      : undefined;
  } catch (_) {
    return undefined;
  }
}

/** Refresh this long before expiry so a token is never sent just as it lapses. */
const refreshMarginMs = 15_000;

/**
 * Caches one user's token and fetches a new one when it is about to expire (or on demand).
 * Concurrent callers share one request.
 */
export function createTokenCache(issue: () => Promise<string>, now: () => number = Date.now) {
  let token: string | null = null;
  let inFlight: Promise<string> | null = null;

  function fresh(t: string): boolean {
    const exp = tokenExpiry(t);
    return exp === undefined || exp * 1000 - refreshMarginMs > now();
  }

  return {
    async get(forceRefresh = false): Promise<string> {
      if (!forceRefresh && token && fresh(token)) return token;
      inFlight ??= issue()
        .then((t) => {
          token = t;
          return t;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
    clear(): void {
      token = null;
    },
  };
}
