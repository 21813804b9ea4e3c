import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import type { ErrorReport, Store } from "./store";
import { isFinalRefusal, retryDelay, type RetryPolicy } from "./writer";

/** Longest report message kept (convex/live.ts keeps as much), so the pending reports stay small. */
const MAX_REPORT_MESSAGE = 4_000;

/**
 * Sends error reports to the store's error log (ConvexStore: `live.logError`) one at a time, in
 * order, each retried with the writer's backoff until it lands: an outage must not lose the
 * report of a write refused for good. Each gets a `reportId` here, the same on every attempt, so
 * a retry of a report whose first attempt landed but whose answer was lost adds no second row.
 * Bounded while the store is down for long: past `maxPending` waiting, new reports are counted
 * and dropped (the server's own log line of each stays), and the count is reported once the
 * store takes reports again.
 */
export class ErrorReportQueue {
  private readonly pending: (ErrorReport & { reportId: string })[] = [];
  private readonly maxPending: number;
  private sending = false;
  private attempt = 0;
  private retry: { timer: NodeJS.Timeout; run: () => void } | null = null;
  /** Dropped since the store last took one (reported then). */
  private dropped = 0;
  private draining = false;
  private stopped = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly store: Pick<Store, "logError">,
    private readonly policy: RetryPolicy,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
    options: { maxPending?: number } = {},
  ) {
    this.maxPending = Math.max(1, options.maxPending ?? 1_000);
  }

  /** Reports waiting for the store. */
  get size(): number {
    return this.pending.length;
  }

  report(report: ErrorReport): void {
    if (this.pending.length >= this.maxPending) {
      if (this.dropped++ === 0)
        this.log.warn(
          { maxPending: this.maxPending },
          "too many error reports wait for the store; dropping new ones until it takes them",
        );
      return;
    }
    const message = report.message.slice(0, MAX_REPORT_MESSAGE);
    this.pending.push({ ...report, message, reportId: report.reportId ?? randomUUID() });
    this.send();
  }

  /**
   * Sends what is waiting now (shutdown): a retry waiting out its backoff goes at once, and
   * failures from here on retry after the base delay. Resolves when all landed or at the deadline.
   */
  async flush(timeoutMs: number): Promise<{ unsent: number }> {
    this.draining = true;
    this.retry?.run();
    if (this.pending.length > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.idle.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        this.idle.add(done);
      });
    }
    return { unsent: this.pending.length };
  }

  /** Stops sending (after shutdown); what is left stays counted by `size`. */
  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry.timer);
    this.retry = null;
  }

  private send(): void {
    if (this.sending || this.retry || this.stopped) return;
    const head = this.pending[0];
    if (!head) {
      for (const done of [...this.idle]) done();
      return;
    }
    this.sending = true;
    Promise.resolve()
      .then(() => this.store.logError(head))
      .then(
        () => {
          this.sending = false;
          this.attempt = 0;
          this.pending.shift();
          if (this.dropped > 0) {
            const message = `${this.dropped} error reports were dropped while the store did not take them (at most ${this.maxPending} wait); the server's log has each`;
            this.dropped = 0;
            this.log.warn(message);
            this.report({ message });
          }
          this.send();
        },
        (err: unknown) => {
          this.sending = false;
          if (isFinalRefusal(err)) {
            // Its verdict on this report: retrying cannot help, and it would hold up the others.
            this.log.error({ err, report: head.message }, "the store refused an error report; not retried");
            this.pending.shift();
            this.send();
            return;
          }
          const backoff = retryDelay(this.policy, this.attempt++, this.random);
          const delay = this.draining ? Math.min(backoff, this.policy.baseMs) : backoff;
          this.log.warn(
            { err, attempt: this.attempt, retryInMs: delay, pending: this.pending.length },
            "could not send an error report to the store; retrying",
          );
          if (this.stopped) return;
          const run = () => {
            clearTimeout(timer);
            this.retry = null;
            this.send();
          };
          const timer = setTimeout(run, delay);
          this.retry = { timer, run };
        },
      );
  }
}
