import { describe, expect, it } from "vitest";
import { readSettings } from "./env";

const production = {
  NODE_ENV: "production",
  CONVEX_URL: "https://happy-otter-123.convex.cloud",
  CONVEX_SERVICE_SECRET: "s3cret",
  CLERK_JWT_KEY: "-----BEGIN PUBLIC KEY-----",
  CLERK_ISSUER: "https://clerk.example.com",
};

describe("readSettings", () => {
  it("runs without a store or Clerk key in development (in-memory store, offline issuer)", () => {
    expect(readSettings({}).convexUrl).toBeUndefined();
  });

  it("starts in production when the store and the token key are set", () => {
    expect(readSettings(production).convexUrl).toBe(production.CONVEX_URL);
  });

  it.each(["CONVEX_URL", "CONVEX_SERVICE_SECRET", "CLERK_JWT_KEY", "CLERK_ISSUER"] as const)(
    "refuses production without %s, naming it",
    (variable) => {
      expect(() => readSettings({ ...production, [variable]: "" })).toThrow(
        new RegExp(`\\(${variable}=""\\): required when NODE_ENV=production`),
      );
    },
  );
});
