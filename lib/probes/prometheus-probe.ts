import "server-only";
import type { Evidence, Probe } from "@/lib/model/probe";
import type { CheckOf } from "@/lib/model/runbook-schema";
import { httpRequest } from "@/lib/probes/http-request";
import {
  type Bucket,
  collectBuckets,
  collectRequestCounts,
  collectRequestCountsBy,
  describeLabelMatch,
  groupRates,
  histogramQuantile,
  msPerUnit,
} from "@/lib/probes/prometheus-math";
import { parsePrometheusText } from "@/lib/probes/prometheus-parse";
import { ScrapeWindow } from "@/lib/probes/prometheus-window";
import {
  evidenceOfResponse,
  failureResult,
  finishResult,
  pathOf,
  statusVerdict,
  thresholdVerdict,
  unknownResult,
  withUnit,
} from "@/lib/probes/result";

const STATE_KEY = "prometheus-window";
const QUANTILE = { "latency-p50": 0.5, "latency-p95": 0.95, "latency-p99": 0.99 } as const;

/** Error rate (%) or a latency percentile (ms) from the deltas of a /metrics endpoint over a window. */
export const probePrometheus: Probe<"prometheus"> = async (check, ctx) => {
  const res = await httpRequest({
    url: check.url,
    headers: { accept: "text/plain;version=0.0.4;q=0.9, */*;q=0.1" },
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  if (!res.ok) return failureResult(res);
  const evidence: Evidence = { ...evidenceOfResponse(res), windowSec: check.windowSec };
  const status = statusVerdict(res, [200]);
  if (!status.ok) {
    return finishResult({ verdicts: [status], value: null, unit: null, evidence, okSummary: status.why });
  }
  evidence.bodyExcerpt = undefined;

  const parsed = parsePrometheusText(res.body);
  evidence.samples = parsed.samples.length;
  if (parsed.errors.length > 0) evidence.unreadableLines = parsed.errors.length;
  const counters = readCounters(check, parsed.samples);
  if (typeof counters === "string") return unknownResult(`${counters} in ${pathOf(res.url)}`, evidence);

  const existing = ctx.state.get(STATE_KEY);
  const window = existing instanceof ScrapeWindow ? existing : new ScrapeWindow();
  ctx.state.set(STATE_KEY, window);
  const step = window.add({ at: ctx.now(), counters }, check.windowSec * 1000);
  if (step.kind === "baseline") return unknownResult("collecting baseline (need 2 scrapes)", evidence);
  if (step.kind === "reset") {
    return unknownResult(`counter reset (${step.key}); collecting baseline (need 2 scrapes)`, evidence);
  }

  const span = `${Math.round(step.spanMs / 1000)} s`;
  evidence.spanSec = Math.round(step.spanMs / 100) / 10;
  if (check.series === "request-rate") {
    const total = step.delta.get("total") ?? 0;
    const rate = Math.round((total / (step.spanMs / 1000)) * 100) / 100;
    evidence.requests = total;
    if (!Number.isFinite(rate)) return unknownResult(`no time between scrapes (${span})`, evidence);
    return finishResult({
      verdicts: check.thresholds ? [thresholdVerdict("request rate", rate, "/s", check.thresholds)] : [],
      value: rate,
      unit: "/s",
      evidence,
      okSummary: `${rate} requests/s over ${span} (${total} requests)`,
    });
  }
  if (check.series === "error-rate" && check.groupBy) return byGroup(check, step.delta, span, evidence);
  if (check.series === "error-rate") {
    const total = step.delta.get("total") ?? 0;
    const errors = step.delta.get("errors") ?? 0;
    Object.assign(evidence, { requests: total, errors });
    if (total <= 0) return unknownResult(`no requests in window (${span})`, evidence);
    const pct = Math.round(((100 * errors) / total) * 1000) / 1000;
    const name = check.errorStatus === "5xx" ? "error rate" : `${check.errorStatus} rate`;
    const verdicts = check.thresholds ? [thresholdVerdict(name, pct, "%", check.thresholds)] : [];
    return finishResult({
      verdicts,
      value: pct,
      unit: "%",
      evidence,
      okSummary: `${name} ${withUnit(pct, "%")} over ${span} (${errors} of ${total} requests ${check.errorStatus})`,
    });
  }

  const of = describeLabelMatch(check.labels);
  if (of) evidence.series = of;
  const buckets = deltaBuckets(step.delta);
  const count = buckets.find((b) => b.le === Number.POSITIVE_INFINITY)?.count ?? 0;
  evidence.requests = count;
  if (count <= 0) return unknownResult(`no requests in window (${span})`, evidence);
  const quantile = QUANTILE[check.series];
  const ms = Math.round(histogramQuantile(quantile, buckets) * msPerUnit(check.histogram) * 10) / 10;
  const name = `p${Math.round(quantile * 100)} latency`;
  if (!Number.isFinite(ms)) return unknownResult(`${name} not computable from ${check.histogram}`, evidence);
  const verdicts = check.thresholds ? [thresholdVerdict(name, ms, "ms", check.thresholds)] : [];
  return finishResult({
    verdicts,
    value: ms,
    unit: "ms",
    evidence,
    okSummary: `${name} ${withUnit(ms, "ms")} over ${span} (${count} requests${of ? ` of ${of}` : ""})`,
  });
};

/** The counters this series needs, or why they are missing. */
function readCounters(
  check: CheckOf<"prometheus">,
  samples: Parameters<typeof collectBuckets>[0],
): Map<string, number> | string {
  const of = describeLabelMatch(check.labels);
  if (check.series === "error-rate" && check.groupBy) {
    const by = collectRequestCountsBy(
      samples,
      check.counter,
      check.statusLabel,
      check.errorStatus,
      check.groupBy,
      check.labels,
    );
    if (!by) return `no ${check.counter}${of} samples`;
    return new Map(
      [...by].flatMap(([g, c]) => [
        [`total:${g}`, c.total],
        [`errors:${g}`, c.errors],
      ]),
    );
  }
  if (check.series === "error-rate" || check.series === "request-rate") {
    const counts = collectRequestCounts(
      samples,
      check.counter,
      check.statusLabel,
      check.errorStatus,
      check.labels,
    );
    if (!counts) return `no ${check.counter}${of} samples`;
    return new Map([
      ["total", counts.total],
      ["errors", counts.errors],
    ]);
  }
  const buckets = collectBuckets(samples, check.histogram, check.labels);
  if (!buckets) return `no ${check.histogram}_bucket${of} samples`;
  if (buckets[buckets.length - 1]?.le !== Number.POSITIVE_INFINITY)
    return `${check.histogram} has no +Inf bucket`;
  return new Map(buckets.map((b) => [`le:${b.le}`, b.count]));
}

function deltaBuckets(delta: Map<string, number>): Bucket[] {
  const buckets: Bucket[] = [];
  for (const [key, count] of delta) {
    if (key.startsWith("le:")) buckets.push({ le: Number(key.slice(3)), count });
  }
  return buckets.sort((a, b) => a.le - b.le);
}

/** error-rate per value of `groupBy` (003: which endpoints are failing): the worst one is the value. */
function byGroup(check: CheckOf<"prometheus">, delta: Map<string, number>, span: string, evidence: Evidence) {
  const rows = groupRates(delta);
  if (rows.length === 0) return unknownResult(`no requests in window (${span})`, evidence);
  const label = check.groupBy ?? "group";
  rows.slice(0, 8).forEach((r) => {
    evidence[`${label} ${r.group || "(none)"}`] = `${withUnit(r.pct, "%")} (${r.errors} of ${r.total})`;
  });
  const worst = rows[0] as (typeof rows)[number];
  const failing = rows.filter((r) => r.errors > 0);
  const name = `error rate of ${label} ${worst.group || "(none)"}`;
  const judged = check.thresholds ? thresholdVerdict(name, worst.pct, "%", check.thresholds) : null;
  const list = failing.map((r) => `${r.group} ${withUnit(r.pct, "%")}`).join(", ");
  return finishResult({
    verdicts: judged ? [{ ...judged, why: `${judged.why}; failing: ${list}` }] : [],
    value: worst.pct,
    unit: "%",
    evidence,
    okSummary: failing.length
      ? `failing over ${span}: ${list} (of ${rows.length} ${label}s)`
      : `no ${check.errorStatus} over ${span} on any of ${rows.length} ${label}s`,
  });
}
