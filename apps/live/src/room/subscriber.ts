import type { Connection } from "../trpc/context";
import type { PreEncoded } from "../trpc/encoder";
import type { Audience, LiveEvent } from "./events";

export type Viewer = { userId: string; role: "dm" | "player" | "admin"; audience: Audience };
export type QueuedItem = { id: string; body: PreEncoded | LiveEvent };

/**
 * One `events` subscription: a queue the room pushes into synchronously and the tRPC
 * generator drains. Ending it (room closed, slow consumer) wakes the generator.
 */
export class Subscriber {
  private readonly queue: QueuedItem[] = [];
  private wake: (() => void) | null = null;
  ended = false;

  constructor(
    readonly viewer: Viewer,
    readonly conn: Connection | null,
  ) {}

  get backlog(): number {
    return this.queue.length;
  }

  push(item: QueuedItem): void {
    if (this.ended) return;
    this.queue.push(item);
    this.wake?.();
  }

  /** Delivers what is queued, then stops. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async next(signal: AbortSignal | undefined): Promise<QueuedItem | null> {
    for (;;) {
      if (signal?.aborted) return null;
      const item = this.queue.shift();
      if (item) return item;
      if (this.ended) return null;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.wake = null;
          signal?.removeEventListener("abort", done);
          resolve();
        };
        this.wake = done;
        signal?.addEventListener("abort", done, { once: true });
      });
    }
  }
}
