import "server-only";
import type { Condition, Evidence, ProbeResult } from "@/lib/model/probe";
import type { Level, Threshold } from "@/lib/model/runbook-schema";
import type { HttpFailure, HttpResponse } from "@/lib/probes/http-request";
import { evaluateThreshold, formatNumber, levelOfConditions } from "@/lib/rules/levels";

/** A condition plus the one-line reason shown on the tile when it is the one that failed. */
export type Verdict = Condition & { why: string };

export const EXCERPT_CHARS = 300;

export function verdict(condition: string, actual: string, ok: boolean, level: Level, why: string): Verdict {
  return { condition, actual, ok, level: ok ? "ok" : level, why };
}

/** The result of a set of verdicts: the worst failing level, explained by the first verdict at that level. */
export function finishResult(parts: {
  verdicts: Verdict[];
  value: number | string | null;
  unit: string | null;
  evidence: Evidence;
  okSummary: string;
  gauge?: ProbeResult["gauge"];
}): ProbeResult {
  const conditions = parts.verdicts.map(({ why: _why, ...condition }) => condition);
  const level = levelOfConditions(conditions);
  const worst = parts.verdicts.find((v) => !v.ok && v.level === level);
  return {
    level,
    value: parts.value,
    unit: parts.unit,
    summary: oneLine(level === "ok" || !worst ? parts.okSummary : worst.why),
    conditions,
    evidence: parts.evidence,
    ...(parts.gauge ? { gauge: parts.gauge } : {}),
  };
}

/** A reading that could not be measured at all. */
export function unknownResult(summary: string, evidence: Evidence = {}): ProbeResult {
  return {
    level: "unknown",
    value: null,
    unit: null,
    summary: oneLine(summary),
    conditions: [
      { condition: "measurement possible", actual: oneLine(summary), ok: false, level: "unknown" },
    ],
    evidence,
  };
}

/** Threshold verdict whose reason reads "db_response_ms 850 ms > 500 ms (critical)". */
export function thresholdVerdict(name: string, value: number, unit: string, t: Threshold): Verdict {
  const condition = evaluateThreshold(name, value, unit, t);
  if (condition.ok) return { ...condition, why: `${name} ${withUnit(value, unit)}` };
  const limit = condition.level === "crit" ? t.crit : t.warn;
  const op = t.direction === "above" ? ">" : "<";
  const label = condition.level === "crit" ? "critical" : "warning";
  return {
    ...condition,
    why: `${name} ${withUnit(value, unit)} ${op} ${withUnit(limit ?? 0, unit)} (${label})`,
  };
}

export function withUnit(value: number, unit: string): string {
  const n = trimZeros(formatNumber(value));
  if (unit === "") return n;
  return unit === "%" ? `${n}%` : `${n} ${unit}`;
}

/** "0.50" → "0.5": formatNumber keeps two significant digits below 1. */
function trimZeros(text: string): string {
  return /^-?\d+\.\d*0$/.test(text) ? text.replace(/\.?0+$/, "") : text;
}

// Failures of the request itself. DNS, a bad URL or an unexpected local error prevented measuring: unknown.
// Everything else is the target answering badly: crit.
const FAILURE_LEVEL: Record<HttpFailure["code"], Level> = {
  refused: "crit",
  reset: "crit",
  timeout: "crit",
  tls: "crit",
  unreachable: "crit",
  protocol: "crit",
  "too-large": "crit",
  dns: "unknown",
  "invalid-url": "unknown",
  other: "unknown",
};

const FAILURE_CONDITION: Record<HttpFailure["code"], string> = {
  refused: "[CONNECTED] == true",
  reset: "[RESPONSE] complete",
  timeout: "[RESPONSE] within deadline",
  tls: "[TLS] handshake succeeds",
  unreachable: "[CONNECTED] == true",
  protocol: "[RESPONSE] is valid HTTP",
  "too-large": "[BODY] within size limit",
  dns: "[DNS] resolves",
  "invalid-url": "[URL] is valid",
  other: "[REQUEST] succeeds",
};

export function failureLevel(failure: HttpFailure): Level {
  return FAILURE_LEVEL[failure.code];
}

export function failureVerdict(failure: HttpFailure): Verdict {
  const level = FAILURE_LEVEL[failure.code];
  return verdict(
    FAILURE_CONDITION[failure.code],
    `${failure.code}: ${failure.message}`,
    false,
    level,
    failure.message,
  );
}

/** A whole result for a request that failed before a usable response. */
export function failureResult(failure: HttpFailure, extra: Evidence = {}): ProbeResult {
  return finishResult({
    verdicts: [failureVerdict(failure)],
    value: null,
    unit: null,
    evidence: { ...evidenceOfFailure(failure), ...extra },
    okSummary: failure.message,
  });
}

export function evidenceOfResponse(res: HttpResponse): Evidence {
  return {
    url: res.url,
    status: res.status,
    contentType: res.contentType,
    bodyExcerpt: res.body === "" ? undefined : excerpt(res.body),
    location: res.location,
    latencyMs: res.latencyMs,
  };
}

export function evidenceOfFailure(failure: HttpFailure): Evidence {
  return {
    url: failure.url,
    status: failure.status,
    contentType: failure.contentType,
    bodyExcerpt: failure.bodyStart ? excerpt(failure.bodyStart) : undefined,
    error: failure.message,
    errorCode: failure.code,
    latencyMs: failure.latencyMs,
  };
}

/** Whitespace collapsed, at most `max` characters. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function oneLine(text: string): string {
  return excerpt(text, 400);
}

/** "/health" out of a full URL, for summaries. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Whether a status is one of the expected ones, as a verdict: "HTTP 503 from /health (expected 200)". */
export function statusVerdict(res: HttpResponse, expected: readonly number[]): Verdict {
  const ok = expected.includes(res.status);
  const want = expected.join(" or ");
  return verdict(
    expected.length === 1 ? `[STATUS] == ${want}` : `[STATUS] in [${expected.join(", ")}]`,
    String(res.status),
    ok,
    "crit",
    `HTTP ${res.status} from ${pathOf(res.url)} (expected ${want})`,
  );
}
