import "server-only";
import type { Ga4Dimension } from "@/lib/model/external-check-schemas";
import type { Evidence, ProbeResult } from "@/lib/model/probe";
import { withWhy } from "@/lib/probes/external/external-request";
import { finishResult, thresholdVerdict, unknownResult } from "@/lib/probes/result";

export type Share = { value: string; count: number };

/** Dimensions GA4's Realtime API has; the others come from the standard report of today. */
const REALTIME: readonly Ga4Dimension[] = ["country", "deviceCategory"];
const WORDS: Record<Ga4Dimension, string> = {
  country: "country",
  deviceCategory: "device",
  sessionSource: "session source",
};

/** The GA4 request of a breakdown: real-time active users over the window, or today's sessions by source. */
export function breakdownRequest(
  base: string,
  property: string,
  dimension: Ga4Dimension,
  minutes: number,
): { url: string; body: unknown; metric: string; span: string } {
  if (REALTIME.includes(dimension)) {
    return {
      url: `${base}/v1beta/properties/${property}:runRealtimeReport`,
      body: {
        dimensions: [{ name: dimension }],
        metrics: [{ name: "activeUsers" }],
        minuteRanges: [{ name: "window", startMinutesAgo: minutes - 1, endMinutesAgo: 0 }],
      },
      metric: "active users",
      span: `last ${minutes} min`,
    };
  }
  return {
    url: `${base}/v1beta/properties/${property}:runReport`,
    body: {
      dimensions: [{ name: dimension }],
      metrics: [{ name: "sessions" }],
      dateRanges: [{ startDate: "today", endDate: "today" }],
    },
    metric: "sessions",
    // The Realtime API has no session source; today's report is what GA4 has processed so far.
    span: "today so far, as GA4 has processed it",
  };
}

/** Rows of a GA4 report with one dimension and one metric, largest first; null when it is not a report. */
export function parseShares(body: unknown): Share[] | null {
  if (typeof body !== "object" || body === null) return null;
  const report = body as { rows?: unknown; kind?: unknown; metricHeaders?: unknown };
  if (typeof report.kind !== "string" && !Array.isArray(report.metricHeaders)) return null;
  if (typeof report.kind === "string" && !/^analyticsData#run(Realtime)?Report$/.test(report.kind))
    return null;
  if (report.rows === undefined) return [];
  if (!Array.isArray(report.rows)) return null;
  const shares: Share[] = [];
  for (const row of report.rows) {
    const value = (row as { dimensionValues?: { value?: string }[] }).dimensionValues?.[0]?.value;
    const count = Number((row as { metricValues?: { value?: string }[] }).metricValues?.[0]?.value);
    if (typeof value !== "string" || !Number.isFinite(count)) return null;
    shares.push({ value, count });
  }
  return shares.sort((a, b) => b.count - a.count);
}

const pct = (n: number, total: number) => Math.round((n / total) * 1000) / 10;

/**
 * A breakdown as a reading: the value is the share (%) of `focus` (or of the largest), the summary the
 * largest few, the evidence every row. Nobody in the window: no share to read, unknown.
 */
export function judgeShares(
  check: {
    label: string;
    dimension: Ga4Dimension;
    focus?: string;
    thresholds?: Parameters<typeof thresholdVerdict>[3];
  },
  shares: Share[],
  what: { metric: string; span: string },
  evidence: Evidence,
): ProbeResult {
  const total = shares.reduce((sum, s) => sum + s.count, 0);
  evidence.total = total;
  evidence.metric = what.metric;
  evidence.span = what.span;
  for (const s of shares.slice(0, 12)) evidence[`${WORDS[check.dimension]} ${s.value}`] = s.count;
  if (total === 0) {
    return unknownResult(
      `no ${what.metric} in GA4 (${what.span}): no ${WORDS[check.dimension]} share to read`,
      evidence,
    );
  }
  const focus = check.focus ? shares.find((s) => s.value === check.focus) : shares[0];
  const name = check.focus ?? focus?.value ?? "";
  const value = pct(focus?.count ?? 0, total);
  const shown = shares.filter((s) => s.value !== name).slice(0, 3);
  const rest = total - (focus?.count ?? 0) - shown.reduce((n, s) => n + s.count, 0);
  const top = shown.map((s) => `${s.value} ${pct(s.count, total)}%`);
  const summary =
    `${name} ${value}% of ${total} ${what.metric} (${what.span})` +
    (top.length > 0 ? `; ${top.join(", ")}${rest > 0 ? `, other ${pct(rest, total)}%` : ""}` : "");
  return finishResult({
    verdicts: check.thresholds
      ? [withWhy(thresholdVerdict(`${name} share`, value, "%", check.thresholds), summary)]
      : [],
    value,
    unit: "%",
    evidence,
    okSummary: summary,
  });
}
