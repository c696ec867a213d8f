import type { FaultState } from "./faults";
import type { Metrics, Observation } from "./metrics";
import { createRandom, normal, type Random } from "./prng";

/** Background traffic so /metrics looks like a live API: p50 ~60 ms, p99 ~400 ms, ~0.1% 5xx. */
export const SYNTHETIC_RPS = 40;
export const BASELINE_5XX_RATE = 0.001;
const MEDIAN_SECONDS = 0.06;
/** ln(p99 / p50) / z(0.99): a log-normal whose p99 is ~400 ms. */
const SIGMA = Math.log(0.4 / MEDIAN_SECONDS) / 2.326;
const ERROR_MEDIAN_SECONDS = 0.015;

/** Share of virtual requests by endpoint family; cumulative thresholds are derived below. */
const MIX = [
  ["search", 0.35],
  ["product", 0.25],
  ["redirect", 0.1],
  ["health", 0.1],
  ["other", 0.2],
] as const;
export type SyntheticKind = (typeof MIX)[number][0];

/** The route each kind of virtual request is counted under (the histogram's `handler` label). */
const HANDLER: Record<SyntheticKind, string> = {
  search: "/v1/search",
  product: "/api/products/{id}",
  redirect: "/go/{asin}",
  health: "/health",
  other: "/v1/products",
};

export type SyntheticRequest = Observation & { kind: SyntheticKind };

function pickKind(random: Random): SyntheticKind {
  let u = random();
  for (const [kind, share] of MIX) {
    if (u < share) return kind;
    u -= share;
  }
  return "other";
}

function logNormal(random: Random, median: number, sigma: number): number {
  return Math.max(0.002, median * Math.exp(sigma * normal(random)));
}

/** One virtual request as the API would serve it under `faults`; null when the API is not listening. */
export function sampleSyntheticRequest(
  random: Random,
  faults: Readonly<FaultState>,
  slowSearchMs: number,
): SyntheticRequest | null {
  if (faults["api-down"]) return null;
  const kind = pickKind(random);
  const r = sampleOfKind(random, kind, faults, slowSearchMs);
  return { ...r, handler: HANDLER[kind] };
}

function sampleOfKind(
  random: Random,
  kind: SyntheticKind,
  faults: Readonly<FaultState>,
  slowSearchMs: number,
): Omit<SyntheticRequest, "handler"> {
  if (faults["api-500"]) return { kind, status: 500, seconds: logNormal(random, ERROR_MEDIAN_SECONDS, 0.5) };
  if (random() < BASELINE_5XX_RATE) {
    return { kind, status: random() < 0.8 ? 500 : 503, seconds: logNormal(random, MEDIAN_SECONDS, SIGMA) };
  }
  const status = kind === "redirect" ? 302 : kind === "product" && random() < 0.02 ? 404 : 200;
  if (kind === "search" && faults["slow-search"]) {
    return { kind, status, seconds: (slowSearchMs / 1000) * (1 + 0.05 * Math.abs(normal(random))) };
  }
  return { kind, status, seconds: logNormal(random, MEDIAN_SECONDS, SIGMA) };
}

export function generateSyntheticRequests(
  random: Random,
  count: number,
  faults: Readonly<FaultState>,
  slowSearchMs: number,
): SyntheticRequest[] {
  const out: SyntheticRequest[] = [];
  for (let i = 0; i < count; i++) {
    const r = sampleSyntheticRequest(random, faults, slowSearchMs);
    if (r) out.push(r);
  }
  return out;
}

export type SyntheticLoadOptions = {
  metrics: Metrics;
  faults: () => Readonly<FaultState>;
  slowSearchMs: number;
  rps?: number;
  seed?: number;
  tickMs?: number;
  now?: () => number;
};

/** Feeds `rps` virtual requests per second into `metrics`, catching up on late ticks by elapsed time. */
export function startSyntheticLoad(opts: SyntheticLoadOptions): { stop: () => void } {
  const { metrics, faults, slowSearchMs, rps = SYNTHETIC_RPS, seed = 20260423, tickMs = 100 } = opts;
  const now = opts.now ?? Date.now;
  const random = createRandom(seed);
  const startedAt = now();
  let emitted = 0;
  const timer = setInterval(() => {
    const due = Math.floor(((now() - startedAt) * rps) / 1000);
    const batch = generateSyntheticRequests(random, due - emitted, faults(), slowSearchMs);
    emitted = due;
    for (const r of batch) metrics.observe(r);
  }, tickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
