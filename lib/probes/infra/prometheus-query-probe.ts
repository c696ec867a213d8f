import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { httpRequest } from "@/lib/probes/http-request";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { parseQueryResponse, reduceSeries } from "@/lib/probes/infra/prometheus-query-parse";
import { excerpt, finishResult, thresholdVerdict, unknownResult, withUnit } from "@/lib/probes/result";

/**
 * One instant query against a Prometheus server's HTTP API. Prometheus is the instrument, not the
 * target: when it is down or rejects the query the reading is unknown, never crit.
 */
export const probePrometheusQuery: InfraProbe<"prometheus-query"> = async (check, ctx) => {
  const url = `${check.url.replace(/\/+$/, "")}/api/v1/query?query=${encodeURIComponent(check.query)}`;
  const res = await httpRequest({
    url,
    headers: { accept: "application/json" },
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  const evidence: Evidence = { url, query: check.query, latencyMs: res.latencyMs };
  if (!res.ok)
    return unknownResult(`Prometheus query failed: ${res.message}`, {
      ...evidence,
      error: res.message,
      errorCode: res.code,
    });
  evidence.status = res.status;

  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    return unknownResult(
      `Prometheus at ${new URL(url).host} answered HTTP ${res.status} without JSON: ${excerpt(res.body, 80)}`,
      {
        ...evidence,
        bodyExcerpt: excerpt(res.body),
      },
    );
  }
  const answer = parseQueryResponse(body);
  if (!answer.ok)
    return unknownResult(`Prometheus rejected the query (HTTP ${res.status}): ${answer.error}`, evidence);
  if (answer.warnings.length > 0) evidence.warnings = excerpt(answer.warnings.join("; "));
  evidence.resultType = answer.resultType;
  evidence.series = answer.series.length;
  answer.series.slice(0, 3).forEach((s, i) => {
    evidence[`series ${i + 1}`] = `${s.labels} ${s.value}`;
  });

  const reduced = reduceSeries(answer.series, check.reduce);
  if (reduced === null && check.whenEmpty === "unknown") {
    return unknownResult(`query returned no series (or only NaN): ${excerpt(check.query, 120)}`, evidence);
  }
  const value = roundTo((reduced ?? 0) * check.scale);
  const empty = reduced === null ? " (empty result read as 0)" : "";
  const name =
    answer.series.length > 1 ? `${check.reduce} of ${answer.series.length} series` : "query result";
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict(check.label, value, check.unit, check.thresholds)] : [],
    value,
    unit: check.unit,
    evidence,
    okSummary: `${check.label} ${withUnit(value, check.unit)} (${name}${empty})`,
  });
};

function roundTo(n: number): number {
  return Number.isFinite(n) ? Math.round(n * 10_000) / 10_000 : n;
}
