/** Test helper: reads the sim's /metrics text and computes what a scraper would from two samples. */
export type MetricsSample = {
  byStatus: Map<string, number>;
  /** Cumulative buckets in `le` order, +Inf last. */
  buckets: { le: number; count: number }[];
  count: number;
};

export function parseMetrics(text: string): MetricsSample {
  const byStatus = new Map<string, number>();
  const byLe = new Map<number, number>();
  let count = 0;
  for (const line of text.split("\n")) {
    const status = /^http_requests_total\{status="(\d+)"\} (\d+)$/.exec(line);
    if (status?.[1] && status[2]) byStatus.set(status[1], Number(status[2]));
    // Summed over the routes (the handler label), as an API-wide scraper reads them.
    const bucket = /^http_request_duration_seconds_bucket\{(?:handler="[^"]*",)?le="([^"]+)"\} (\d+)$/.exec(
      line,
    );
    if (bucket?.[1] && bucket[2]) {
      const le = bucket[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(bucket[1]);
      byLe.set(le, (byLe.get(le) ?? 0) + Number(bucket[2]));
    }
    const total = /^http_request_duration_seconds_count(?:\{handler="[^"]*"\})? (\d+)$/.exec(line);
    if (total?.[1]) count += Number(total[1]);
  }
  const buckets = [...byLe].map(([le, n]) => ({ le, count: n })).sort((a, b) => a.le - b.le);
  return { byStatus, buckets, count };
}

export function diffMetrics(before: MetricsSample, after: MetricsSample): MetricsSample {
  const byStatus = new Map<string, number>();
  for (const [s, n] of after.byStatus) byStatus.set(s, n - (before.byStatus.get(s) ?? 0));
  const buckets = after.buckets.map((b, i) => ({
    le: b.le,
    count: b.count - (before.buckets[i]?.count ?? 0),
  }));
  return { byStatus, buckets, count: after.count - before.count };
}

export function totalRequests(sample: MetricsSample): number {
  return [...sample.byStatus.values()].reduce((a, b) => a + b, 0);
}

/** Share of 5xx among all requests, 0..1. */
export function errorRate(sample: MetricsSample): number {
  const total = totalRequests(sample);
  const errors = [...sample.byStatus].filter(([s]) => s.startsWith("5")).reduce((a, [, n]) => a + n, 0);
  return total === 0 ? 0 : errors / total;
}

/** Prometheus histogram_quantile: linear interpolation inside the bucket holding the rank. */
export function quantileSeconds(sample: MetricsSample, q: number): number {
  const total = sample.buckets.at(-1)?.count ?? 0;
  if (total === 0) return Number.NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const { le, count } of sample.buckets) {
    if (count >= rank) {
      if (le === Number.POSITIVE_INFINITY) return prevLe;
      return prevLe + ((le - prevLe) * (rank - prevCount)) / Math.max(1, count - prevCount);
    }
    prevLe = le;
    prevCount = count;
  }
  return prevLe;
}
