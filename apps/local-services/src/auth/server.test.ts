import { join } from "node:path";
import { verifyToken } from "@clerk/backend";
import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalServices } from "../start";
import { fetchToken, startForTest, tempDataDir } from "../test-support";
import { findDemoUser } from "./demo-users";
import { loadOrCreateKeys } from "./keys";
import { signSessionToken } from "./tokens";

const web = "http://localhost:5173";
let data: Awaited<ReturnType<typeof tempDataDir>>;
let services: LocalServices;
let pem: string;

beforeAll(async () => {
  data = await tempDataDir();
  services = await startForTest(data.dir);
  pem = await (await fetch(`${services.authUrl}/pem`)).text();
});
afterAll(async () => {
  await services.stop();
  await data.remove();
});

describe("local auth (Clerk stand-in)", () => {
  it("lists the five demo users", async () => {
    const { users } = (await (await fetch(`${services.authUrl}/users`)).json()) as {
      users: { id: string; role: string }[];
    };
    expect(users.map((u) => u.id)).toEqual([
      "user_demo_dm",
      "user_demo_p1",
      "user_demo_p2",
      "user_demo_p3",
      "user_demo_admin",
    ]);
    expect(users.find((u) => u.id === "user_demo_admin")?.role).toBe("admin");
  });

  it("signs tokens that @clerk/backend verifyToken accepts with the served PEM", async () => {
    const token = await fetchToken(services, "user_demo_admin");
    const claims = await verifyToken(token, { jwtKey: pem, authorizedParties: [web] });
    expect(claims.sub).toBe("user_demo_admin");
    expect(claims.iss).toBe(services.authUrl);
    expect(claims.azp).toBe(web);
    expect(claims.sid).toMatch(/^sess_/);
    expect((claims as unknown as { role: string }).role).toBe("admin");
    expect(claims.exp - claims.iat).toBe(600);
    expect(claims.nbf).toBe(claims.iat);
    const player = decodeJwt(await fetchToken(services, "user_demo_p1"));
    expect(player.role).toBe("user");
  });

  it("serves the same key as a JWKS", async () => {
    const jwks = (await (await fetch(`${services.authUrl}/.well-known/jwks.json`)).json()) as Parameters<
      typeof createLocalJWKSet
    >[0];
    const { payload } = await jwtVerify(await fetchToken(services, "user_demo_dm"), createLocalJWKSet(jwks), {
      issuer: services.authUrl,
    });
    expect(payload.sub).toBe("user_demo_dm");
  });

  it("a tampered token is refused", async () => {
    const [header, payload, signature] = (await fetchToken(services, "user_demo_p1")).split(".");
    const forged = Buffer.from(
      JSON.stringify({
        ...decodeJwt(`${header}.${payload}.${signature}`),
        sub: "user_demo_admin",
        role: "admin",
      }),
    ).toString("base64url");
    await expect(verifyToken(`${header}.${forged}.${signature}`, { jwtKey: pem })).rejects.toThrow(
      /signature/i,
    );
  });

  it("an expired token is refused", async () => {
    const keys = await loadOrCreateKeys(join(data.dir, "local-auth"));
    const expired = await signSessionToken(keys, findDemoUser("user_demo_p2")!, {
      issuer: services.authUrl,
      authorizedParty: web,
      now: Math.floor(Date.now() / 1000) - 3600,
    });
    await expect(verifyToken(expired, { jwtKey: pem })).rejects.toThrow(/expired/i);
  });

  it("rejects unknown users and malformed requests with typed errors", async () => {
    const unknown = await fetch(`${services.authUrl}/token`, {
      method: "POST",
      body: JSON.stringify({ userId: "user_nobody" }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { kind: "not_found" } });
    const bad = await fetch(`${services.authUrl}/token`, {
      method: "POST",
      body: JSON.stringify({ user: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { kind: "invalid" } });
  });

  it("allows the web app's origin by CORS", async () => {
    const res = await fetch(`${services.authUrl}/token`, { method: "OPTIONS", headers: { Origin: web } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(web);
    const other = await fetch(`${services.authUrl}/users`, { headers: { Origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps its key pair across restarts", async () => {
    const again = await startForTest(data.dir);
    try {
      expect(await (await fetch(`${again.authUrl}/pem`)).text()).toBe(pem);
    } finally {
      await again.stop();
    }
  });
});
