import { describe, expect, it } from "vitest";
import {
  createMetricsState,
  DURATION_BUCKETS,
  handlerOf,
  type Observation,
  observeRequest,
  renderMetrics,
} from "./metrics";
import { errorRate, parseMetrics, quantileSeconds } from "./testing/metrics-math";

function render(observations: Observation[]): string {
  const state = createMetricsState();
  for (const o of observations) observeRequest(state, o);
  return renderMetrics(state);
}

describe("renderMetrics", () => {
  it("renders an empty registry with every bucket at zero", () => {
    const text = render([]);
    expect(text).toContain("# TYPE http_requests_total counter");
    expect(text).toContain("# TYPE http_request_duration_seconds histogram");
    expect(text).not.toMatch(/^http_requests_total\{/m);
    for (const le of [...DURATION_BUCKETS.map(String), "+Inf"]) {
      expect(text).toContain(`http_request_duration_seconds_bucket{le="${le}"} 0\n`);
    }
    expect(text).toMatch(/http_request_duration_seconds_count 0\n$/);
  });

  it.each([
    { seconds: 0.001, firstBucket: "0.005" },
    { seconds: 0.005, firstBucket: "0.005" },
    { seconds: 0.0051, firstBucket: "0.01" },
    { seconds: 0.06, firstBucket: "0.1" },
    { seconds: 0.4, firstBucket: "0.5" },
    { seconds: 3, firstBucket: "5" },
    { seconds: 10, firstBucket: "10" },
    { seconds: 42, firstBucket: "+Inf" },
  ])("an observation of $seconds s is first counted in le=$firstBucket", ({ seconds, firstBucket }) => {
    const lines = render([{ status: 200, seconds }]).split("\n");
    const buckets = lines.filter((l) => l.startsWith("http_request_duration_seconds_bucket"));
    const firstCounted = buckets.find((l) => l.endsWith(" 1"));
    expect(firstCounted).toBe(`http_request_duration_seconds_bucket{le="${firstBucket}"} 1`);
    expect(buckets.at(-1)).toBe('http_request_duration_seconds_bucket{le="+Inf"} 1');
  });

  it("counts by status, sorted, with a cumulative histogram, sum and count", () => {
    const text = render([
      { status: 500, seconds: 0.02 },
      { status: 200, seconds: 0.05 },
      { status: 200, seconds: 0.3 },
      { status: 302, seconds: 0.004 },
    ]);
    const counters = text.split("\n").filter((l) => l.startsWith("http_requests_total{"));
    expect(counters).toEqual([
      'http_requests_total{status="200"} 2',
      'http_requests_total{status="302"} 1',
      'http_requests_total{status="500"} 1',
    ]);
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.025"} 2\n');
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.1"} 3\n');
    expect(text).toContain("http_request_duration_seconds_sum 0.374\n");
    expect(text).toContain("http_request_duration_seconds_count 4\n");
    const parsed = parseMetrics(text);
    expect(errorRate(parsed)).toBe(0.25);
    expect(quantileSeconds(parsed, 0.5)).toBeGreaterThan(0.01);
    expect(quantileSeconds(parsed, 0.5)).toBeLessThanOrEqual(0.05);
  });

  it("keeps one histogram per route under a handler label; the counter stays by status", () => {
    const text = render([
      { status: 200, seconds: 3, handler: "/v1/search" },
      { status: 200, seconds: 0.02, handler: "/health" },
      { status: 200, seconds: 0.03, handler: "/health" },
    ]);
    expect(text).toContain('http_request_duration_seconds_bucket{handler="/v1/search",le="2.5"} 0\n');
    expect(text).toContain('http_request_duration_seconds_bucket{handler="/v1/search",le="5"} 1\n');
    expect(text).toContain('http_request_duration_seconds_bucket{handler="/health",le="0.05"} 2\n');
    expect(text).toContain('http_request_duration_seconds_count{handler="/health"} 2\n');
    expect(text).toContain('http_requests_total{status="200"} 3\n');
    expect(text).not.toMatch(/^http_request_duration_seconds_bucket\{le=/m);
  });
});

describe("handlerOf", () => {
  it.each([
    ["/v1/search", "/v1/search"],
    ["/api/search", "/api/search"],
    ["/api/products/bw-1001", "/api/products/{id}"],
    ["/go/B09G9HDHJT", "/go/{asin}"],
    ["/health/detailed", "/health/detailed"],
    ["/wp-admin/x.php", "other"],
  ])("%s → %s", (path, handler) => {
    expect(handlerOf(path)).toBe(handler);
  });
});
