import { afterEach, describe, expect, it, vi } from "vitest";
import { createFaultState, type FaultState, type SimFault } from "./faults";
import { createMetrics, createMetricsState, observeRequest, renderMetrics } from "./metrics";
import { createRandom } from "./prng";
import { generateSyntheticRequests, startSyntheticLoad } from "./synthetic-load";
import { errorRate, parseMetrics, quantileSeconds } from "./testing/metrics-math";

const N = 20_000;

const requestCount = (m: ReturnType<typeof createMetrics>) =>
  [...m.state.requestsByStatus.values()].reduce((a, b) => a + b, 0);

function faultsWith(...on: SimFault[]): FaultState {
  const f = createFaultState();
  for (const name of on) f[name] = true;
  return f;
}

/** What a scraper would compute from /metrics after N virtual requests under `faults`. */
function scrape(faults: FaultState, seed = 7) {
  const state = createMetricsState();
  const requests = generateSyntheticRequests(createRandom(seed), N, faults, 3000);
  for (const r of requests) observeRequest(state, r);
  const sample = parseMetrics(renderMetrics(state));
  return {
    count: requests.length,
    errorRate: errorRate(sample),
    p50: quantileSeconds(sample, 0.5),
    p99: quantileSeconds(sample, 0.99),
    searchP50: quantileSeconds(
      (() => {
        const s = createMetricsState();
        for (const r of requests.filter((x) => x.kind === "search")) observeRequest(s, r);
        return parseMetrics(renderMetrics(s));
      })(),
      0.5,
    ),
  };
}

describe("generateSyntheticRequests", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateSyntheticRequests(createRandom(42), 50, createFaultState(), 3000);
    const b = generateSyntheticRequests(createRandom(42), 50, createFaultState(), 3000);
    const c = generateSyntheticRequests(createRandom(43), 50, createFaultState(), 3000);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it.each([
    {
      name: "baseline",
      faults: faultsWith(),
      count: N,
      err: [0, 0.004],
      p50: [0.045, 0.08],
      p99: [0.3, 0.55],
    },
    {
      name: "api-500",
      faults: faultsWith("api-500"),
      count: N,
      err: [1, 1],
      p50: [0.01, 0.025],
      p99: [0, 0.1],
    },
    {
      name: "slow-search",
      faults: faultsWith("slow-search"),
      count: N,
      err: [0, 0.004],
      p50: [0.08, 0.15],
      p99: [2.5, 5],
    },
    {
      name: "api-500 + slow-search",
      faults: faultsWith("api-500", "slow-search"),
      count: N,
      err: [1, 1],
      p50: [0, 0.03],
      p99: [0, 0.1],
    },
    {
      name: "db-slow (no latency effect)",
      faults: faultsWith("db-slow"),
      count: N,
      err: [0, 0.004],
      p50: [0.045, 0.08],
      p99: [0.3, 0.55],
    },
  ])("$name: error rate and percentiles as a scraper sees them", ({ faults, count, err, p50, p99 }) => {
    const s = scrape(faults);
    expect(s.count).toBe(count);
    expect(s.errorRate).toBeGreaterThanOrEqual(err[0] ?? 0);
    expect(s.errorRate).toBeLessThanOrEqual(err[1] ?? 1);
    expect(s.p50).toBeGreaterThanOrEqual(p50[0] ?? 0);
    expect(s.p50).toBeLessThanOrEqual(p50[1] ?? 1);
    expect(s.p99).toBeGreaterThanOrEqual(p99[0] ?? 0);
    expect(s.p99).toBeLessThanOrEqual(p99[1] ?? 10);
  });

  it("slows only search under slow-search (~3 s), and has a non-zero baseline error rate", () => {
    expect(scrape(faultsWith("slow-search")).searchP50).toBeGreaterThan(2.5);
    expect(scrape(faultsWith()).searchP50).toBeLessThan(0.1);
    expect(scrape(faultsWith()).errorRate).toBeGreaterThan(0);
  });

  it("generates nothing while the API is down", () => {
    expect(generateSyntheticRequests(createRandom(1), 100, faultsWith("api-down"), 3000)).toEqual([]);
  });
});

describe("startSyntheticLoad", () => {
  afterEach(() => vi.useRealTimers());

  it("feeds rps × elapsed seconds into the metrics, catching up late ticks, and stops", () => {
    vi.useFakeTimers();
    const metrics = createMetrics();
    const faults = createFaultState();
    const load = startSyntheticLoad({
      metrics,
      faults: () => faults,
      slowSearchMs: 3000,
      rps: 40,
      tickMs: 100,
    });
    vi.advanceTimersByTime(5000);
    expect(requestCount(metrics)).toBe(200);
    faults["api-500"] = true;
    vi.advanceTimersByTime(1000);
    expect(requestCount(metrics)).toBe(240);
    expect(metrics.state.requestsByStatus.get(500) ?? 0).toBeGreaterThanOrEqual(40);
    load.stop();
    vi.advanceTimersByTime(5000);
    expect(requestCount(metrics)).toBe(240);
  });
});
