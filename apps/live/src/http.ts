import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "./metrics";
import type { Store } from "./persistence/store";

type HttpDeps = { metrics: Metrics; store: Store; lifecycle: { shuttingDown: boolean } };

/** Plain HTTP beside the WebSocket endpoint: liveness, readiness (storage reachable), metrics. */
export function createHttpHandler(deps: HttpDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, { error: "method not allowed" });
      return;
    }
    if (path === "/healthz") {
      send(res, 200, { ok: true });
      return;
    }
    if (path === "/readyz") {
      if (deps.lifecycle.shuttingDown) {
        send(res, 503, { ready: false, reason: "shutting down" });
        return;
      }
      deps.store.ping().then(
        () => send(res, 200, { ready: true }),
        (err: unknown) =>
          send(res, 503, {
            ready: false,
            reason: `storage not usable: ${err instanceof Error ? err.message : String(err)}`,
          }),
      );
      return;
    }
    if (path === "/metrics") {
      deps.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": deps.metrics.registry.contentType });
          res.end(text);
        },
        () => send(res, 500, { error: "metrics unavailable" }),
      );
      return;
    }
    send(res, 404, { error: "not found" });
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
