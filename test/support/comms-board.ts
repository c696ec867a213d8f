import type { CommsBoard } from "@/lib/comms/build-comms-context";
import type { CheckState } from "@/lib/model/board";
import type { Level } from "@/lib/model/runbook-schema";

/** Test-only: a board as /api/state serves it, with the checks the comms tests need. */
export function testCheck(
  id: string,
  label: string,
  level: Level,
  value: number | string | null,
  unit: string | null,
  summary = `${label} is ${level}`,
): CheckState {
  return {
    id,
    label,
    kind: "http",
    owner: null,
    source: null,
    level,
    value,
    unit,
    summary,
    conditions: [],
    evidence: {},
    collectedAt: "2026-04-23T13:14:55.000Z",
    durationMs: 12,
    thresholds: null,
    gauge: null,
    stale: null,
    staleAfterMs: 13_000,
  };
}

export function testBoard(checks: CheckState[], serverNow = "2026-04-23T13:15:00.000Z"): CommsBoard {
  return { serverNow, checks, launch: { t0: "2026-04-23T13:00:00.000Z", timeZone: "America/New_York" } };
}

export const HEALTHY_CHECKS: CheckState[] = [
  testCheck("api-health", "API /health", "ok", null, null, "HTTP 200 from /health in 3 ms"),
  testCheck("latency-p50", "P50 latency", "ok", 182.4, "ms"),
  testCheck("latency-p99", "P99 latency", "ok", 740, "ms"),
  testCheck("error-rate", "5xx error rate", "ok", 0.12, "%"),
  testCheck("search-iphone", "Search iphone (USD)", "ok", 48, "results"),
  testCheck("search-laptop", "Search laptop (USD)", "ok", 112, "results"),
];
