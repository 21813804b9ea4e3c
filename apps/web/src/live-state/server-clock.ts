/**
 * Estimates server time minus local time from server timestamps in live events. Each sample
 * (server time − local receipt time) undershoots the true offset by that event's delivery
 * delay, so the largest recent sample is the best estimate; replayed old events only give
 * smaller samples and never win.
 */
export class ServerClock {
  private samples: number[] = [];

  constructor(private readonly keep = 8) {}

  sample(serverAt: number, receivedAt: number): void {
    if (!Number.isFinite(serverAt) || !Number.isFinite(receivedAt)) return;
    this.samples.push(serverAt - receivedAt);
    if (this.samples.length > this.keep) this.samples.shift();
  }

  /** 0 (trust the local clock) until a sample arrives. */
  offset(): number {
    return this.samples.length === 0 ? 0 : Math.max(...this.samples);
  }
}
