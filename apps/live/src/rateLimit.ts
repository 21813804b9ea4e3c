/**
 * Fixed-capacity token bucket: `perMinute` tokens, refilled continuously. Cheap enough to keep
 * one per connection, per player and per IP.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perMinute;
    this.last = now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  retryAfterMs(): number {
    return Math.max(0, Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute));
  }

  refill(): void {
    const t = this.now();
    // A wall clock stepped back (NTP) refills nothing; it must not drain the bucket for as long.
    const elapsed = Math.max(0, t - this.last);
    this.tokens = Math.min(this.perMinute, this.tokens + (elapsed * this.perMinute) / 60_000);
    this.last = t;
  }

  full(): boolean {
    this.refill();
    return this.tokens >= this.perMinute;
  }
}

/** The answer to every allowed take, shared (no object per call). */
const ALLOWED = Object.freeze({ ok: true as const });

/** Buckets by key (IP, user id), forgetting keys whose bucket has refilled. */
export class KeyedLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size > 10_000) this.sweep();
      bucket = new TokenBucket(this.perMinute, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take() ? ALLOWED : { ok: false, retryAfterMs: bucket.retryAfterMs() };
  }

  private sweep(): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.full()) this.buckets.delete(key);
    }
  }
}
