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

  it("a wall clock stepped back refills nothing, and takes nothing away", () => {
    let t = 10 * 60 * 60_000;
    const bucket = new TokenBucket(20, () => t);
    expect(bucket.take()).toBe(true);
    t -= 60 * 60_000; // NTP steps the clock back an hour
    expect(bucket.take()).toBe(true);
    t += 10_000;
    // 18 of 20 left, plus 10 s of refill: the player can act at once, not in an hour
    expect(bucket.take()).toBe(true);
    expect(bucket.retryAfterMs()).toBe(0);
  });

  it("keeps separate budgets per key", () => {
    const limiter = new KeyedLimiter(1, () => 0);
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
    expect(limiter.take("b").ok).toBe(true);
  });
});
