/** Request counter by status and a latency histogram, rendered in the Prometheus text format. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export type MetricsState = {
  requestsByStatus: Map<number, number>;
  /** Non-cumulative: bucketCounts[i] counts observations in (DURATION_BUCKETS[i-1], DURATION_BUCKETS[i]]. */
  bucketCounts: number[];
  /** Observations above the last bucket. */
  overflow: number;
  sumSeconds: number;
  count: number;
};

export type Observation = { status: number; seconds: number };

export type Metrics = {
  observe: (o: Observation) => void;
  render: () => string;
  state: MetricsState;
};

export function createMetricsState(): MetricsState {
  return {
    requestsByStatus: new Map(),
    bucketCounts: DURATION_BUCKETS.map(() => 0),
    overflow: 0,
    sumSeconds: 0,
    count: 0,
  };
}

export function observeRequest(state: MetricsState, { status, seconds }: Observation): void {
  state.requestsByStatus.set(status, (state.requestsByStatus.get(status) ?? 0) + 1);
  const i = DURATION_BUCKETS.findIndex((le) => seconds <= le);
  if (i === -1) state.overflow += 1;
  else state.bucketCounts[i] = (state.bucketCounts[i] ?? 0) + 1;
  state.sumSeconds += seconds;
  state.count += 1;
}

export function renderMetrics(state: MetricsState): string {
  const lines = [
    "# HELP http_requests_total Total HTTP requests served, by status code.",
    "# TYPE http_requests_total counter",
  ];
  const statuses = [...state.requestsByStatus.keys()].sort((a, b) => a - b);
  for (const s of statuses) lines.push(`http_requests_total{status="${s}"} ${state.requestsByStatus.get(s)}`);
  lines.push(
    "# HELP http_request_duration_seconds HTTP request latency in seconds.",
    "# TYPE http_request_duration_seconds histogram",
  );
  let cumulative = 0;
  DURATION_BUCKETS.forEach((le, i) => {
    cumulative += state.bucketCounts[i] ?? 0;
    lines.push(`http_request_duration_seconds_bucket{le="${le}"} ${cumulative}`);
  });
  lines.push(
    `http_request_duration_seconds_bucket{le="+Inf"} ${state.count}`,
    `http_request_duration_seconds_sum ${Number(state.sumSeconds.toFixed(6))}`,
    `http_request_duration_seconds_count ${state.count}`,
  );
  return `${lines.join("\n")}\n`;
}

export function createMetrics(): Metrics {
  const state = createMetricsState();
  return { state, observe: (o) => observeRequest(state, o), render: () => renderMetrics(state) };
}
