import type { Level } from "@/lib/model/runbook-schema";
import type { Trigger, TriggerLevel } from "@/lib/model/trigger-schema";

type Sample = { at: number; level: Level; value: number | null };
type TrendHolds =
  | { holds: true; evidence: Sample[] }
  | { holds: false; reason: string; breachingSince: number | null }
  | { holds: null; reason: string };

export const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ""));
export const clock = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

/** Least-squares slope of value over time, per minute; null with fewer than two readings or no time span. */
export function slopePerMinute(samples: readonly { at: number; value: number }[]): number | null {
  if (samples.length < 2) return null;
  const n = samples.length;
  const t0 = samples[0]?.at ?? 0;
  const xs = samples.map((s) => (s.at - t0) / 60_000);
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = samples.reduce((a, s) => a + s.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  samples.forEach((s, i) => {
    const dx = (xs[i] ?? 0) - meanX;
    sxx += dx * dx;
    sxy += dx * (s.value - meanY);
  });
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * The value is past the threshold now and has not improved over the window (`above`: not decreasing, by
 * the least-squares slope of its readings). Unknown when the readable readings do not cover the window or
 * leave a gap longer than maxGapSec: a trend is never read off a hole.
 */
export function trendHolds(
  rule: Trigger,
  spec: TriggerLevel,
  tail: readonly Sample[],
  nowMs: number,
): TrendHolds {
  const windowMs = (spec.forMinutes ?? 0) * 60_000;
  const windowStart = nowMs - windowMs;
  const maxGap = rule.maxGapSec * 1000;
  const readable = tail.filter(
    (s): s is Sample & { value: number } => s.level !== "unknown" && s.value !== null,
  );
  const last = readable.at(-1);
  if (!last || nowMs - last.at > maxGap) return { holds: null, reason: "no recent readable reading" };
  const threshold = spec.threshold ?? 0;
  const past = rule.direction === "above" ? last.value > threshold : last.value < threshold;
  if (!past) {
    return {
      holds: false,
      breachingSince: null,
      reason: `last reading ${fmt(last.value)} is within the limit`,
    };
  }
  // The window's readings, plus the last one at or before its start (so the whole window is covered).
  const firstIn = readable.findIndex((s) => s.at > windowStart);
  if (firstIn <= 0) {
    return { holds: null, reason: `no readings before ${clock(windowStart)}: the window is not covered` };
  }
  const inWindow = readable.slice(firstIn - 1);
  for (let i = 1; i < inWindow.length; i++) {
    const gap = (inWindow[i]?.at ?? 0) - (inWindow[i - 1]?.at ?? 0);
    if (gap > maxGap) {
      return { holds: null, reason: `no readable reading for ${Math.round(gap / 1000)} s in the window` };
    }
  }
  const slope = slopePerMinute(inWindow) ?? 0;
  const improving = rule.direction === "above" ? slope < 0 : slope > 0;
  const first = inWindow[0] as Sample & { value: number };
  const change = `${fmt(first.value)} → ${fmt(last.value)} over ${fmt(windowMs / 60_000)} min (${slope >= 0 ? "+" : ""}${fmt(Math.round(slope * 10) / 10)}/min)`;
  if (improving) return { holds: false, breachingSince: null, reason: `improving: ${change}` };
  return { holds: true, evidence: inWindow };
}
