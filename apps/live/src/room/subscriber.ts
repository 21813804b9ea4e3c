import type { Connection } from "../trpc/context";
import { Handshake, PreEncoded, trackedFrameFrom } from "../trpc/encoder";
import { TextFrame, writeTextFrame } from "../trpc/wsFrame";
import type { Audience, LiveEvent } from "./events";

export type Viewer = { userId: string; role: "dm" | "player" | "admin"; audience: Audience };
export type QueuedItem = { id: string; body: PreEncoded | LiveEvent };

/**
 * The last frame built. The room writes an event to its audience's subscribers one after the
 * other, and tRPC clients number their requests alike (so their subscriptions' envelopes
 * match): consecutive subscribers usually get the very same frame, built and framed once.
 */
let lastFrame: { head: string; id: string; body: PreEncoded; frame: TextFrame } | null = null;

function frameFor(head: string, id: string, body: PreEncoded): TextFrame {
  const last = lastFrame;
  if (last && last.body === body && last.head === head && last.id === id) return last.frame;
  const frame = new TextFrame(trackedFrameFrom(head, id, body));
  lastFrame = { head, id, body, frame };
  return frame;
}

/**
 * One `events` subscription: a queue the room pushes into synchronously and the tRPC
 * generator drains. Ending it (room closed, slow consumer) wakes the generator.
 *
 * Direct mode: yielding an item through tRPC costs a promise race per item (an `Unpromise`, its
 * subscriptions, a WeakMap entry, `iterator.next()` promises), and those objects wait for the
 * room's next change, about a second, so every one of them survives a young-generation
 * collection and gets copied and promoted: the p99 came from those scavenges. So the first
 * item goes through tRPC as a `Handshake`; when the wire encoder writes it, it hands over the
 * frame's envelope (`attach`), the generator switches the subscription to direct mode
 * (`goDirect`) and the room's later items are written to the socket right away, in order, in
 * the frame tRPC would have written. Without the encoder's handshake (another encoder, another
 * transport) everything keeps going through the generator.
 */
export class Subscriber {
  private readonly queue: QueuedItem[] = [];
  private wake: (() => void) | null = null;
  private hooked = false;
  private signal: AbortSignal | undefined;
  /** The envelope the encoder reported; items are written directly once `goDirect` ran. */
  private head: string | null = null;
  private direct = false;
  ended = false;

  constructor(
    readonly viewer: Viewer,
    readonly conn: Connection | null,
  ) {}

  get backlog(): number {
    return this.queue.length;
  }

  /** Whether items now go straight to the socket (see the class comment). */
  get isDirect(): boolean {
    return this.direct;
  }

  push(item: QueuedItem): void {
    if (this.ended) return;
    if (this.direct) {
      this.write(item);
      return;
    }
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
   * The item to yield through tRPC: the first one offers the encoder a handshake (see the class
   * comment), when there is a socket to write to.
   */
  toYield(item: QueuedItem, first: boolean): PreEncoded | LiveEvent {
    if (!first || !this.conn?.ws) return item.body;
    const json = item.body instanceof PreEncoded ? item.body.json : JSON.stringify(item.body);
    return new Handshake(json, (head) => {
      this.head = head;
    });
  }

  /**
   * Called by the generator between items: once the encoder has written the handshake, the
   * queued items and every later one go straight to the socket.
   */
  goDirect(): boolean {
    if (this.direct) return true;
    if (this.head === null || !this.conn?.ws || this.signal?.aborted) return false;
    this.direct = true;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) this.write(item);
    return true;
  }

  private write(item: QueuedItem): void {
    // Stopped by the client: tRPC writes nothing more for it, neither do we.
    if (this.signal?.aborted || this.head === null) return;
    const body = item.body instanceof PreEncoded ? item.body : new PreEncoded(JSON.stringify(item.body));
    const ws = this.conn?.ws;
    if (!ws) return;
    try {
      writeTextFrame(ws, frameFor(this.head, item.id, body));
    } catch {
      // This runs inside a room's command: a socket that cannot take a frame loses its
      // subscription (the client reconnects and resumes), never the command or the others.
      this.end();
      ws.terminate();
    }
  }

  /** The subscription's abort signal (tRPC's, aborted when the client stops it or leaves). */
  listen(signal: AbortSignal | undefined): void {
    if (!signal || this.hooked) return;
    this.hooked = true;
    this.signal = signal;
    signal.addEventListener("abort", () => this.wake?.(), { once: true });
  }

  /**
   * Resolves when something is queued, the subscription ends or `signal` aborts. The abort
   * listener is added once per subscription, not once per wait.
   */
  wait(signal: AbortSignal | undefined): Promise<void> {
    this.listen(signal);
    if (this.queue.length > 0 || this.ended || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }
}
