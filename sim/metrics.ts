/** Request counter by status and a latency histogram per route, rendered in the Prometheus text format. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** One route's latency histogram. */
export type Histogram = {
  /** Non-cumulative: bucketCounts[i] counts observations in (DURATION_BUCKETS[i-1], DURATION_BUCKETS[i]]. */
  bucketCounts: number[];
  /** Observations above the last bucket. */
  overflow: number;
  sumSeconds: number;
  count: number;
};

export type MetricsState = {
  requestsByStatus: Map<number, number>;
  /** When set, the request counter is labelled by route as well (`handler`, then `status`). */
  requestsByHandler: Map<string, Map<number, number>> | null;
  /** By route template (the `handler` label, as FastAPI's instrumentator names it); "" = no label. */
  histograms: Map<string, Histogram>;
};

/** `handler`: the route template that answered, e.g. /v1/search; absent: the histogram has no label. */
export type Observation = { status: number; seconds: number; handler?: string };

export type Metrics = {
  observe: (o: Observation) => void;
  render: () => string;
  state: MetricsState;
};

function createHistogram(): Histogram {
  return { bucketCounts: DURATION_BUCKETS.map(() => 0), overflow: 0, sumSeconds: 0, count: 0 };
}

export function createMetricsState(opts: { countByHandler?: boolean } = {}): MetricsState {
  return {
    requestsByStatus: new Map(),
    requestsByHandler: opts.countByHandler ? new Map() : null,
    histograms: new Map(),
  };
}

export function observeRequest(state: MetricsState, { status, seconds, handler = "" }: Observation): void {
  state.requestsByStatus.set(status, (state.requestsByStatus.get(status) ?? 0) + 1);
  if (state.requestsByHandler) {
    const byStatus = state.requestsByHandler.get(handler) ?? new Map<number, number>();
    state.requestsByHandler.set(handler, byStatus);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }
  const h = state.histograms.get(handler) ?? createHistogram();
  state.histograms.set(handler, h);
  const i = DURATION_BUCKETS.findIndex((le) => seconds <= le);
  if (i === -1) h.overflow += 1;
  else h.bucketCounts[i] = (h.bucketCounts[i] ?? 0) + 1;
  h.sumSeconds += seconds;
  h.count += 1;
}

export function renderMetrics(state: MetricsState): string {
  const lines = [
    "# HELP http_requests_total Total HTTP requests served, by status code.",
    "# TYPE http_requests_total counter",
  ];
  if (state.requestsByHandler) {
    for (const [handler, byStatus] of [...state.requestsByHandler].sort(([a], [b]) => a.localeCompare(b))) {
      for (const [s, n] of [...byStatus].sort(([a], [b]) => a - b))
        lines.push(`http_requests_total{handler="${handler}",status="${s}"} ${n}`);
    }
  } else {
    const statuses = [...state.requestsByStatus.keys()].sort((a, b) => a - b);
    for (const s of statuses)
      lines.push(`http_requests_total{status="${s}"} ${state.requestsByStatus.get(s)}`);
  }
  lines.push(
    "# HELP http_request_duration_seconds HTTP request latency in seconds, by route.",
    "# TYPE http_request_duration_seconds histogram",
  );
  // An empty registry still shows the unlabelled histogram at zero, as before any request.
  const handlers = state.histograms.size ? [...state.histograms.keys()].sort() : [""];
  for (const handler of handlers) {
    const h = state.histograms.get(handler) ?? createHistogram();
    const label = handler ? `handler="${handler}",` : "";
    const plain = handler ? `{handler="${handler}"}` : "";
    let cumulative = 0;
    DURATION_BUCKETS.forEach((le, i) => {
      cumulative += h.bucketCounts[i] ?? 0;
      lines.push(`http_request_duration_seconds_bucket{${label}le="${le}"} ${cumulative}`);
    });
    lines.push(
      `http_request_duration_seconds_bucket{${label}le="+Inf"} ${h.count}`,
      `http_request_duration_seconds_sum${plain} ${Number(h.sumSeconds.toFixed(6))}`,
      `http_request_duration_seconds_count${plain} ${h.count}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The route template of a request path, as the real API's metrics label it (unknown paths: "other", so
 * a scan of random paths cannot grow the registry).
 */
export function handlerOf(path: string): string {
  if (/^\/api\/products\/[^/]+$/.test(path)) return "/api/products/{id}";
  if (/^\/go\/[^/]+$/.test(path)) return "/go/{asin}";
  return KNOWN_ROUTES.has(path) ? path : "other";
}

const KNOWN_ROUTES = new Set([
  "/health",
  "/health/detailed",
  "/v1/search",
  "/api/search",
  "/v1/products",
  "/v1/status",
  "/api/sources",
  "/mcp/health",
  "/metrics",
]);

export function createMetrics(opts: { countByHandler?: boolean } = {}): Metrics {
  const state = createMetricsState(opts);
  return { state, observe: (o) => observeRequest(state, o), render: () => renderMetrics(state) };
}
