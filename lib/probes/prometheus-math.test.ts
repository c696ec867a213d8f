import { describe, expect, it } from "vitest";
import {
  type Bucket,
  collectBuckets,
  collectRequestCounts,
  histogramQuantile,
  msPerUnit,
} from "@/lib/probes/prometheus-math";
import { parsePrometheusText } from "@/lib/probes/prometheus-parse";

const INF = Number.POSITIVE_INFINITY;
const b = (pairs: [number, number][]): Bucket[] => pairs.map(([le, count]) => ({ le, count }));
const TYPICAL = b([
  [0.1, 50],
  [0.5, 90],
  [1, 100],
  [INF, 100],
]);

describe("histogramQuantile", () => {
  it.each<[string, number, Bucket[], number]>([
    ["median at a bucket edge", 0.5, TYPICAL, 0.1],
    ["inside the first bucket, from 0", 0.25, TYPICAL, 0.05],
    ["interpolated in the second bucket", 0.7, TYPICAL, 0.3],
    ["p99 in the third bucket", 0.99, TYPICAL, 0.95],
    ["q=1 is the last finite bound reached", 1, TYPICAL, 1],
    [
      "rank in +Inf returns the highest finite bound",
      0.5,
      b([
        [0.1, 0],
        [1, 0],
        [INF, 10],
      ]),
      1,
    ],
    [
      "p99 spilling into +Inf",
      0.99,
      b([
        [0.1, 90],
        [1, 98],
        [INF, 100],
      ]),
      1,
    ],
    ["unsorted input", 0.7, [...TYPICAL].reverse(), 0.3],
    [
      "non-monotonic counts are smoothed",
      0.5,
      b([
        [0.1, 50],
        [0.5, 49],
        [INF, 100],
      ]),
      0.1,
    ],
    [
      "first bound at or below zero",
      0.2,
      b([
        [-1, 5],
        [0, 10],
        [INF, 10],
      ]),
      -1,
    ],
    ["q<0", -0.1, TYPICAL, Number.NEGATIVE_INFINITY],
    ["q>1", 1.1, TYPICAL, INF],
  ])("%s", (_name, q, buckets, expected) => {
    expect(histogramQuantile(q, buckets)).toBeCloseTo(expected, 10);
  });

  it.each<[string, Bucket[]]>([
    [
      "no +Inf bucket",
      b([
        [0.1, 5],
        [1, 10],
      ]),
    ],
    [
      "no observations",
      b([
        [0.1, 0],
        [INF, 0],
      ]),
    ],
    ["only +Inf", b([[INF, 10]])],
    ["empty", []],
  ])("NaN for %s", (_name, buckets) => {
    expect(histogramQuantile(0.5, buckets)).toBeNaN();
  });
});

const METRICS = parsePrometheusText(`
# TYPE http_requests_total counter
http_requests_total{route="/search",status="200"} 900
http_requests_total{route="/health",status="200"} 80
http_requests_total{route="/search",status="500"} 7
http_requests_total{route="/search",status="503"} 3
http_requests_total{route="/x",status="404"} 10
http_requests_total{route="/y"} 5
other_total{status="500"} 99
http_request_duration_seconds_bucket{route="/search",le="0.1"} 40
http_request_duration_seconds_bucket{route="/health",le="0.1"} 10
http_request_duration_seconds_bucket{route="/search",le="+Inf"} 60
http_request_duration_seconds_bucket{route="/health",le="+Inf"} 10
http_request_duration_seconds_sum 4.2
http_request_duration_seconds_count 70
`).samples;

describe("collectors", () => {
  it("sums requests and 5xx over every other label", () => {
    expect(collectRequestCounts(METRICS, "http_requests_total", "status")).toEqual({
      total: 1005,
      errors: 10,
    });
  });
  it("accepts the counter's family name without _total", () => {
    expect(collectRequestCounts(METRICS, "http_requests", "status")).toEqual({ total: 1005, errors: 10 });
  });
  it("counts one code or another class when asked (429 rate limited, 4xx)", () => {
    expect(collectRequestCounts(METRICS, "http_requests_total", "status", "404")).toEqual({
      total: 1005,
      errors: 10,
    });
    expect(collectRequestCounts(METRICS, "http_requests_total", "status", "503")?.errors).toBe(3);
    expect(collectRequestCounts(METRICS, "http_requests_total", "status", "4xx")?.errors).toBe(10);
  });
  it("returns null when the counter is absent", () => {
    expect(collectRequestCounts(METRICS, "nope_total", "status")).toBeNull();
  });
  it("sums buckets by le over every other label", () => {
    expect(collectBuckets(METRICS, "http_request_duration_seconds")).toEqual(
      b([
        [0.1, 50],
        [INF, 70],
      ]),
    );
  });
  it("returns null when the histogram is absent", () => {
    expect(collectBuckets(METRICS, "nope_seconds")).toBeNull();
  });
  it.each([
    ["http_request_duration_seconds", 1000],
    ["request_latency_milliseconds", 1],
    ["latency_ms", 1],
  ])("%s → ×%d to ms", (name, factor) => {
    expect(msPerUnit(name)).toBe(factor);
  });
});
