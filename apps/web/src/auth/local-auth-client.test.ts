import { describe, expect, it, vi } from "vitest";
import { claimsOf, fakeAuthService, fakeJwt } from "../test/fake-local-auth";
import { createLocalAuthClient, createTokenCache, LocalAuthError, tokenExpiry } from "./local-auth-client";

describe("local auth client", () => {
  it("lists the demo users with their seats", async () => {
    const { fetchImpl } = fakeAuthService();
    const users = await createLocalAuthClient("http://auth.test", fetchImpl).listUsers();
    expect(users.map((u) => [u.name, u.role, u.seat])).toEqual([
      ["Morgan the DM", "user", "dm"],
      ["Aria", "user", "player"],
      ["Admin", "admin", "admin"],
    ]);
  });

  it("asks for a Convex-audience token only when the convex template is wanted", async () => {
    const { fetchImpl, requests } = fakeAuthService();
    const client = createLocalAuthClient("http://auth.test", fetchImpl);
    const session = await client.issueToken("user_demo_p1");
    const convex = await client.issueToken("user_demo_p1", "convex");
    expect(requests).toEqual([{ userId: "user_demo_p1" }, { userId: "user_demo_p1", template: "convex" }]);
    expect(claimsOf(session).aud).toBeUndefined();
    expect(claimsOf(convex).aud).toBe("convex");
  });

  it("passes the service's own error message on", async () => {
    const { fetchImpl } = fakeAuthService();
    const attempt = createLocalAuthClient("http://auth.test", fetchImpl).issueToken("user_nobody");
    await expect(attempt).rejects.toThrow(new LocalAuthError('No demo user "user_nobody"'));
  });

  it("says where it looked when the service is down", async () => {
    const down = vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))) as unknown as typeof fetch;
    await expect(createLocalAuthClient("http://localhost:3211", down).listUsers()).rejects.toThrow(
      /localhost:3211/,
    );
  });
});

describe("token cache", () => {
  it("reuses a token until shortly before it expires, then fetches a fresh one", async () => {
    let now = 1_000_000_000_000;
    let n = 0;
    const issue = vi.fn(() => Promise.resolve(fakeJwt({ exp: Math.floor(now / 1000) + 60, n: ++n })));
    const cache = createTokenCache(issue, () => now);
    const first = await cache.get();
    now += 30_000;
    expect(await cache.get()).toBe(first);
    now += 20_000; // 10 s left: inside the refresh margin
    const second = await cache.get();
    expect(second).not.toBe(first);
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it("refreshes on demand and shares one request between concurrent callers", async () => {
    const issue = vi.fn(() => Promise.resolve(fakeJwt({ exp: 9_999_999_999 })));
    const cache = createTokenCache(issue);
    await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(issue).toHaveBeenCalledTimes(1);
    await cache.get(true);
    expect(issue).toHaveBeenCalledTimes(2);
  });

  it("reads a JWT's expiry and ignores what is not a JWT", () => {
    expect(tokenExpiry(fakeJwt({ exp: 42 }))).toBe(42);
    expect(tokenExpiry("opaque")).toBeUndefined();
  });
});
