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
  private hooked = false;
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

  /** The next queued item, without waiting (the generator drains the queue synchronously). */
  take(): QueuedItem | undefined {
    return this.queue.shift();
  }

  /**
   * Resolves when something is queued, the subscription ends or `signal` aborts. The abort
   * listener is added once per subscription, not once per wait.
   */
  wait(signal: AbortSignal | undefined): Promise<void> {
    if (signal && !this.hooked) {
      this.hooked = true;
      signal.addEventListener("abort", () => this.wake?.(), { once: true });
    }
    if (this.queue.length > 0 || this.ended || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }
}
