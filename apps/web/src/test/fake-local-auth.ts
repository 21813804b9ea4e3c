import { vi } from "vitest";

/** A JWT-shaped token (unsigned) whose payload carries `exp`, as the local issuer's do. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}.signature`;
}

export const demoUsers = [
  { id: "user_demo_dm", name: "Morgan the DM", email: "dm@demo", role: "user", seat: "dm" },
  { id: "user_demo_p1", name: "Aria", email: "p1@demo", role: "user", seat: "player" },
  { id: "user_demo_admin", name: "Admin", email: "admin@demo", role: "admin", seat: "admin" },
];

/**
 * A fetch that behaves like the local auth service (GET /users, POST /token) and records the
 * token requests, so tests see exactly what the app asked for.
 */
export function fakeAuthService(opts: { lifetimeSeconds?: number; now?: () => number } = {}) {
  const requests: { userId: string; template?: string }[] = [];
  let counter = 0;
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    await Promise.resolve();
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === "/users") return Response.json({ users: demoUsers });
    if (url.pathname === "/token" && init?.method === "POST") {
      const body = JSON.parse(init.body as string) as { userId: string; template?: string };
      requests.push(body);
      if (!demoUsers.some((u) => u.id === body.userId)) {
        return Response.json(
          { error: { kind: "not_found", message: `No demo user "${body.userId}"` } },
          { status: 404 },
        );
      }
      counter += 1;
      const now = Math.floor((opts.now ?? Date.now)() / 1000);
      const token = fakeJwt({
        sub: body.userId,
        aud: body.template,
        exp: now + (opts.lifetimeSeconds ?? 600),
        n: counter,
      });
      return Response.json({ token });
    }
    return Response.json({ error: { kind: "not_found", message: "no route" } }, { status: 404 });
  });
  return { fetchImpl: fetchImpl as unknown as typeof fetch, requests };
}

/** Decodes a token made by fakeJwt. */
export function claimsOf(token: string | null): Record<string, unknown> {
  const payload = token?.split(".")[1] ?? "";
  return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
}
