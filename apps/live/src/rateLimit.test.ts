import { describe, expect, it } from "vitest";
import { KeyedLimiter, TokenBucket } from "./rateLimit";

describe("rate limits", () => {
  it("allows the configured number per minute, then refuses with a retry hint, then refills", () => {
    let t = 0;
    const bucket = new TokenBucket(3, () => t);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.retryAfterMs()).toBe(20_000);
    t += 20_000;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it("keeps separate budgets per key", () => {
    const limiter = new KeyedLimiter(1, () => 0);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
    expect(limiter.take("b").ok).toBe(true);
  });
});
