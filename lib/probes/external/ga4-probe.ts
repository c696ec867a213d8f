import "server-only";
import type { Evidence, Probe } from "@/lib/model/probe";
import { readExternal, withWhy } from "@/lib/probes/external/external-request";
import { breakdownRequest, judgeShares, parseShares } from "@/lib/probes/external/ga4-breakdown";
import { finishResult, thresholdVerdict, unknownResult, withUnit } from "@/lib/probes/result";

/** Counts per minute range of GA4's runRealtimeReport answer (rows of [eventName, range] → eventCount). */
export function parseRealtimeCounts(body: unknown, event: string): Record<string, number> | null {
  if (typeof body !== "object" || body === null) return null;
  const report = body as { rows?: unknown; kind?: unknown; metricHeaders?: unknown };
  // A report names itself; GA4 leaves `rows` out when nothing happened in the window.
  if (report.kind !== "analyticsData#runRealtimeReport" && !Array.isArray(report.metricHeaders)) return null;
  const rows = report.rows;
  if (rows === undefined) return {};
  if (!Array.isArray(rows)) return null;
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const dims = (row as { dimensionValues?: { value?: string }[] }).dimensionValues ?? [];
    const metric = Number((row as { metricValues?: { value?: string }[] }).metricValues?.[0]?.value);
    if (!Number.isFinite(metric)) return null;
    if (dims[0]?.value !== event) continue;
    const range = dims[1]?.value ?? "window";
    counts[range] = (counts[range] ?? 0) + metric;
  }
  return counts;
}

/**
 * Launch-day §3.3 through GA4's Data API: one event's rate or trend in the real-time report, or active users
 * broken down by country, device or source. GA4 unreachable, refusing or not configured: unknown with the
 * reason, never a number.
 */
export const probeGa4: Probe<"ga4"> = async (check, ctx) => {
  const base = check.url.replace(/\/+$/, "");
  const { tokenEnv, minIntervalSec } = check;
  if (check.measure === "breakdown" && check.dimension) {
    const dimension = check.dimension;
    const req = breakdownRequest(base, check.property, dimension, check.minutes);
    const evidence: Evidence = { url: req.url, dimension, focus: check.focus ?? null, tokenEnv };
    return readExternal(
      ctx,
      { system: "GA4", tokenEnv, minIntervalSec, url: req.url, method: "POST", body: req.body, evidence },
      (json) => {
        const shares = parseShares(json);
        if (!shares) return unknownResult("GA4 answered with something that is not a report", evidence);
        return judgeShares({ ...check, dimension }, shares, req, evidence);
      },
    );
  }
  const event = check.event ?? "";
  const url = `${base}/v1beta/properties/${check.property}:runRealtimeReport`;
  const half = Math.max(1, Math.floor(check.minutes / 2));
  const minuteRanges =
    check.measure === "trend"
      ? [
          { name: "recent", startMinutesAgo: half - 1, endMinutesAgo: 0 },
          { name: "earlier", startMinutesAgo: 2 * half - 1, endMinutesAgo: half },
        ]
      : [{ name: "window", startMinutesAgo: check.minutes - 1, endMinutesAgo: 0 }];
  const body = {
    dimensions: [{ name: "eventName" }],
    metrics: [{ name: "eventCount" }],
    dimensionFilter: { filter: { fieldName: "eventName", stringFilter: { value: event } } },
    minuteRanges,
  };
  const evidence: Evidence = { url, event, measure: check.measure, tokenEnv };
  return readExternal(
    ctx,
    { system: "GA4", tokenEnv, minIntervalSec, url, method: "POST", body, evidence },
    (json) => {
      const counts = parseRealtimeCounts(json, event);
      if (!counts)
        return unknownResult("GA4 answered with something that is not a real-time report", evidence);
      for (const [range, n] of Object.entries(counts)) evidence[`count ${range}`] = n;
      if (check.measure === "rate") {
        const value = Math.round(((counts.window ?? 0) / check.minutes) * 100) / 100;
        return judged(check, value, "/min", evidence, `${event} ${value}/min over ${check.minutes} min`);
      }
      const recent = counts.recent ?? 0;
      const earlier = counts.earlier ?? 0;
      // No events in either half says nothing about a trend.
      if (earlier === 0 && recent === 0)
        return unknownResult(`no ${event} events in the last ${2 * half} min: no trend to read`, evidence);
      const value = earlier === 0 ? 100 : Math.round(((recent - earlier) / earlier) * 1000) / 10;
      const word = value > 0 ? "up" : value < 0 ? "down" : "flat";
      return judged(
        check,
        value,
        "%",
        evidence,
        `${event} ${word} ${withUnit(value, "%")}: ${recent} in the last ${half} min, ${earlier} in the ${half} before`,
      );
    },
  );
};

function judged(
  check: { label: string; thresholds?: Parameters<typeof thresholdVerdict>[3] },
  value: number,
  unit: string,
  evidence: Evidence,
  summary: string,
) {
  return finishResult({
    verdicts: check.thresholds
      ? [withWhy(thresholdVerdict(check.label, value, unit, check.thresholds), summary)]
      : [],
    value,
    unit,
    evidence,
    okSummary: summary,
  });
}
