import type { CheckState } from "@/lib/model/board";
import type { LiveReading, LiveView } from "@/lib/model/log-push";
import type { Level, Threshold } from "@/lib/model/runbook-schema";
import { evaluateThreshold, formatNumber, worstLevel } from "@/lib/rules/levels";
import type { WindowCounts } from "@/lib/rules/log-lines";
import { formatAge } from "@/lib/rules/staleness";

// The live readings made from the followed log streams, and the one rule for showing them: they can
// raise a tile, never lower it. Pure.

export type StreamState = {
  container: string;
  down: { sinceMs: number; reason: string } | null;
  /** Engine time of its newest line. */
  lastLineMs: number | null;
};

type Common = { checkId: string; nowMs: number; streams: readonly StreamState[] };

/** The first stream that is down, as an unknown reading with its age and reason; null when all are up. */
function downReading(c: Common, unit: string): LiveReading | null {
  const down = c.streams.find((s) => s.down);
  if (!down?.down) return null;
  return {
    checkId: c.checkId,
    level: "unknown",
    value: null,
    unit,
    summary: `live from logs unknown: log stream of ${down.container} down for ${formatAge(c.nowMs - down.down.sinceMs)} (${down.down.reason}); reconnecting`,
    condition: null,
    evidence: { container: down.container, downForMs: c.nowMs - down.down.sinceMs, reason: down.down.reason },
    at: new Date(c.nowMs).toISOString(),
    firstFailureAt: null,
    down: down.down,
  };
}

export type RateInput = Common & {
  counts: WindowCounts;
  windowSec: number;
  minRequests: number;
  failStatus: number;
  thresholds: Threshold;
  /** The newest failing access line, already cut to an excerpt. */
  lastFailure: string | null;
  lastErrorLine: string | null;
};

/** Failing requests over requests logged in the window, judged by the error-rate tile's thresholds (%). */
export function liveErrorRate(input: RateInput): LiveReading {
  const down = downReading(input, "%");
  if (down) return down;
  const { counts, windowSec, streams } = input;
  const names = streams.map((s) => s.container).join(", ");
  const fail = `${input.failStatus === 500 ? "5xx" : `status ≥ ${input.failStatus}`}`;
  const evidence = {
    containers: names,
    windowSec,
    requests: counts.requests,
    failing: counts.failures,
    errorLines: counts.errorLines,
    ...(input.lastFailure ? { lastFailing: input.lastFailure } : {}),
    ...(input.lastErrorLine ? { lastErrorLine: input.lastErrorLine } : {}),
  };
  const base = {
    checkId: input.checkId,
    unit: "%",
    evidence,
    at: new Date(input.nowMs).toISOString(),
    firstFailureAt: counts.firstFailureMs === null ? null : new Date(counts.firstFailureMs).toISOString(),
    down: null,
  };
  const lines =
    counts.errorLines > 0 ? `; ${counts.errorLines} error line${counts.errorLines === 1 ? "" : "s"}` : "";
  const failing = input.lastFailure ? `: ${input.lastFailure}` : "";
  if (counts.requests < input.minRequests) {
    const newest = Math.max(...streams.map((s) => s.lastLineMs ?? Number.NEGATIVE_INFINITY));
    const last = Number.isFinite(newest) ? `, last line ${formatAge(input.nowMs - newest)} ago` : "";
    return {
      ...base,
      level: "unknown",
      value: null,
      summary: `live from logs: ${counts.failures} of ${counts.requests} requests ${fail} in the last ${windowSec} s, too few to judge (fewer than ${input.minRequests}${last})${lines}`,
      condition: null,
    };
  }
  const rate = (counts.failures / counts.requests) * 100;
  const condition = evaluateThreshold("[live log 5xx rate]", rate, "%", input.thresholds);
  return {
    ...base,
    level: condition.level,
    value: rate,
    summary: `live from logs: ${formatNumber(rate)}% ${fail} (${counts.failures} of ${counts.requests} requests in the last ${windowSec} s)${lines}${failing}`,
    condition,
  };
}

export type LinesInput = Common & {
  count: number;
  sinceSec: number;
  warnCount: number;
  critCount: number;
  /** When the streams have been followed without a gap since (the count cannot cover more). */
  coveredSinceMs: number;
  lastErrorLine: string | null;
};

/** Error-pattern lines over the docker-logs check's own window and counts, from the stream as they arrive. */
export function liveErrorLines(input: LinesInput): LiveReading {
  const down = downReading(input, "lines");
  if (down) return down;
  const n = input.count;
  const covered = Math.min(input.sinceSec * 1000, input.nowMs - input.coveredSinceMs);
  const over =
    covered < input.sinceSec * 1000
      ? `since the stream opened ${formatAge(covered)} ago`
      : `over the last ${formatAge(input.sinceSec * 1000)}`;
  const level: Level = n >= input.critCount ? "crit" : n >= input.warnCount ? "warn" : "ok";
  const limit = level === "crit" ? input.critCount : input.warnCount;
  return {
    checkId: input.checkId,
    level,
    value: n,
    unit: "lines",
    summary: `live from logs: ${n} error line${n === 1 ? "" : "s"} ${over}${input.lastErrorLine ? `: ${input.lastErrorLine}` : ""}`,
    condition: {
      condition: `[live error lines] < ${limit}${level === "crit" ? " (critical)" : level === "warn" ? " (warning)" : ""}`,
      actual: String(n),
      ok: level === "ok",
      level,
    },
    evidence: {
      containers: input.streams.map((s) => s.container).join(", "),
      errorLines: n,
      coveredMs: covered,
    },
    at: new Date(input.nowMs).toISOString(),
    firstFailureAt: null,
    down: null,
  };
}

/**
 * A tile with its live reading. A live warn or crit worse than the polled level raises the tile, with the
 * live summary first and the polled one after it; anything else (ok, unknown, a stale tile) only rides
 * along. The live reading never lowers a level: the polled check stays the ground truth.
 */
export function withLive(check: CheckState, live: LiveReading | undefined): CheckState {
  if (!live) return check;
  const canRaise = !check.stale && (live.level === "warn" || live.level === "crit");
  const raised = canRaise && worstLevel([check.level, live.level]) !== check.level;
  const view: LiveView = { ...live, raised, polledLevel: check.level };
  if (!raised) return { ...check, live: view };
  return {
    ...check,
    level: live.level,
    summary: `${live.summary} · polled: ${check.summary}`,
    conditions: live.condition ? [live.condition, ...check.conditions] : check.conditions,
    live: view,
  };
}
