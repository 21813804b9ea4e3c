import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** One registry per server instance, so several in-process servers (tests) do not collide. */
export function createMetrics() {
  const registry = new Registry();
  // Default metrics include nodejs_eventloop_lag_seconds and its percentiles.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    registry,
    rooms: new Gauge({ name: "live_rooms", help: "Rooms in memory", registers: [registry] }),
    connections: new Gauge({
      name: "live_connections",
      help: "Open WebSocket connections",
      registers: [registry],
    }),
    subscribers: new Gauge({
      name: "live_subscribers",
      help: "Active room subscriptions",
      registers: [registry],
    }),
    commands: new Counter({
      name: "live_commands_total",
      help: "Commands by type and result",
      labelNames: ["type", "result"] as const,
      registers: [registry],
    }),
    deltaBytes: new Counter({
      name: "live_delta_bytes_total",
      help: "Bytes of encoded events, once per audience",
      labelNames: ["audience"] as const,
      registers: [registry],
    }),
    snapshotWrites: new Counter({
      name: "live_snapshot_writes_total",
      help: "Snapshot writes by result",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    snapshotLatency: new Histogram({
      name: "live_snapshot_write_seconds",
      help: "Latency of successful snapshot writes",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    slowConsumers: new Counter({
      name: "live_slow_consumer_drops_total",
      help: "Sockets dropped for a full send buffer",
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "live_rate_limited_total",
      help: "Requests refused by a rate limit",
      labelNames: ["limit"] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
