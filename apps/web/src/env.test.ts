import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("readEnv", () => {
  it("runs offline against the local services with nothing set", () => {
    expect(readEnv({})).toEqual({
      convexUrl: "http://localhost:3210",
      liveUrl: "ws://localhost:8787",
      localAuthUrl: "http://localhost:3211",
      clerkPublishableKey: undefined,
    });
  });

  it("treats a blank Clerk key as unset and trims URLs", () => {
    const env = readEnv({
      VITE_CLERK_PUBLISHABLE_KEY: "  ",
      VITE_LOCAL_AUTH_URL: "http://auth:9/",
      VITE_LIVE_URL: " wss://live.example ",
    });
    expect(env.clerkPublishableKey).toBeUndefined();
    expect(env.localAuthUrl).toBe("http://auth:9");
    expect(env.liveUrl).toBe("wss://live.example");
  });
});
