// Request/response over a child process' IPC channel: each request carries an id, and the
// child answers with the same id. Keeps the orchestrator's code sequential.
import type { ChildProcess } from "node:child_process";

export interface Request {
  id: number;
  op: string;
  [key: string]: unknown;
}
export interface Reply {
  id: number;
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

export function caller(child: ChildProcess) {
  let next = 1;
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  child.on("message", (msg: Reply) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.ok) w.resolve(msg);
    else w.reject(new Error(msg.error ?? "child failed"));
  });
  child.on("exit", (code) => {
    for (const w of waiting.values()) w.reject(new Error(`child exited with ${code}`));
    waiting.clear();
  });
  return <T extends Reply = Reply>(
    op: string,
    args: Record<string, unknown> = {},
    timeoutMs = 120_000,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${op} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send({ id, op, ...args } satisfies Request);
    });
}

/** In a child: answer each request with the handler's result (or its error). */
export function serve(
  handlers: Record<string, (req: Request) => Promise<Record<string, unknown>> | Record<string, unknown>>,
): void {
  // The orchestrator went away (finished, crashed or timed out): never outlive it.
  process.on("disconnect", () => process.exit(0));
  process.on("message", (req: Request) => {
    const handler = handlers[req.op];
    const reply = (r: Omit<Reply, "id">) => process.send?.({ id: req.id, ...r });
    if (!handler) return reply({ ok: false, error: `unknown op ${req.op}` });
    Promise.resolve()
      .then(() => handler(req))
      .then((r) => reply({ ok: true, ...r }))
      .catch((e: unknown) =>
        reply({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
}
