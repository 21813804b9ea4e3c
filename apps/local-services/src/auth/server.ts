import { createServer, type Server } from "node:http";
import { z } from "zod";
import { HttpError, applyCors, readJsonBody, sendError, sendJson, sendText } from "../http-util";
import { demoUsers, findDemoUser } from "./demo-users";
import type { SigningKeys } from "./keys";
import { signSessionToken } from "./tokens";

const tokenRequest = z.strictObject({
  userId: z.string().min(1),
  /** "convex" adds `aud: "convex"`, like Clerk's Convex JWT template. */
  template: z.literal("convex").optional(),
});

export type AuthServerOptions = {
  keys: SigningKeys;
  /** This service's own URL, used as `iss`; read lazily because the port may be ephemeral. */
  issuer: () => string;
  /** The web app's origin: `azp` of every token and the CORS allow-list. */
  webOrigins: readonly string[];
};

/** The Clerk stand-in: public key, demo users and session tokens. */
export function createAuthServer(opts: AuthServerOptions): Server {
  return createServer((req, res) => {
    if (applyCors(req, res, opts.webOrigins)) return;
    const path = new URL(req.url ?? "/", "http://local").pathname;
    void (async () => {
      try {
        if (req.method === "GET" && path === "/pem")
          return sendText(res, 200, opts.keys.publicPem, "application/x-pem-file");
        if (req.method === "GET" && path === "/.well-known/jwks.json")
          return sendJson(res, 200, { keys: [opts.keys.publicJwk] });
        if (req.method === "GET" && path === "/users") return sendJson(res, 200, { users: demoUsers });
        if (req.method === "GET" && path === "/healthz") return sendJson(res, 200, { ok: true });
        if (req.method === "POST" && path === "/token") {
          const parsed = tokenRequest.safeParse(await readJsonBody(req));
          if (!parsed.success) {
            throw new HttpError(
              400,
              "invalid",
              `Expected { userId: string, template?: "convex" }: ${z.prettifyError(parsed.error)}`,
            );
          }
          const user = findDemoUser(parsed.data.userId);
          if (!user)
            throw new HttpError(
              404,
              "not_found",
              `No demo user ${JSON.stringify(parsed.data.userId)}; see GET /users`,
            );
          const token = await signSessionToken(opts.keys, user, {
            issuer: opts.issuer(),
            authorizedParty: opts.webOrigins[0] ?? "http://localhost",
            ...(parsed.data.template ? { audience: parsed.data.template } : {}),
          });
          return sendJson(res, 200, { token });
        }
        throw new HttpError(404, "not_found", `No route ${req.method ?? "?"} ${path}`);
      } catch (err) {
        sendError(res, err);
      }
    })();
  });
}
