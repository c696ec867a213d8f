import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { processState } from "@/lib/runtime/process-state";

/** The dashboard's own metrics, served at /metrics in Prometheus text format. */
export type Metrics = {
  registry: Registry;
  cycleDuration: Histogram<never>;
  probeDuration: Histogram<"kind">;
  checks: Gauge<"level">;
  readingsWritten: Counter<never>;
  readingsPending: Gauge<never>;
  viewers: Gauge<never>;
  rollbackRuns: Counter<"kind" | "result">;
  signInFailures: Counter<"status">;
  /** Read at scrape time: the write-behind buffer lives in the pipeline, which sets it at start-up. */
  pendingReadings: () => number;
};

/**
 * One registry for the process: instrumentation (the collector) and the route handlers (/metrics, sign-in)
 * are separate bundles, and a registry per bundle would serve half the figures.
 */
export function metrics(): Metrics {
  return processState<Metrics>("runtime.metrics", createMetrics);
}

function createMetrics(): Metrics {
  const registry = new Registry();
  const self = { pendingReadings: () => 0 };
  collectDefaultMetrics({ register: registry, prefix: "warroom_" });
  const registers = [registry];
  return Object.assign(self, {
    registry,
    cycleDuration: new Histogram({
      name: "warroom_cycle_duration_seconds",
      help: "Duration of one collection cycle (every probe of the runbook), seconds",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers,
    }),
    probeDuration: new Histogram({
      name: "warroom_probe_duration_seconds",
      help: "Duration of one probe, by check kind, seconds",
      labelNames: ["kind"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    checks: new Gauge({
      name: "warroom_checks",
      help: "Checks of the board by level, as served now (stale readings count as unknown)",
      labelNames: ["level"],
      registers,
    }),
    readingsWritten: new Counter({
      name: "warroom_readings_written_total",
      help: "Readings written to the database (snapshots stored)",
      registers,
    }),
    readingsPending: new Gauge({
      name: "warroom_readings_pending",
      help: "Readings waiting in the write-behind buffer",
      registers,
      collect() {
        this.set(self.pendingReadings());
      },
    }),
    viewers: new Gauge({
      name: "warroom_viewers",
      help: "Live viewers of the board stream (SSE)",
      registers,
    }),
    rollbackRuns: new Counter({
      name: "warroom_rollback_runs_total",
      help: "Finished rollback and API-restart runs, by kind and result",
      labelNames: ["kind", "result"],
      registers,
    }),
    signInFailures: new Counter({
      name: "warroom_sign_in_failures_total",
      help: "Refused sign-ins, by HTTP status (401 wrong person or password, 429 limited, 403 disabled or bad origin, 421 host)",
      labelNames: ["status"],
      registers,
    }),
  });
}
