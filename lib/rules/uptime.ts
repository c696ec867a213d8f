import type { Condition } from "@/lib/model/probe";
import type { Level, Threshold } from "@/lib/model/runbook-schema";
import { evaluateThreshold, formatNumber } from "@/lib/rules/levels";

/**
 * Uptime of one check over a window, from its readings (docs/runbook.md "Uptime"). Pure: the engine in
 * lib/uptime feeds it stored + live readings. Up % counts only readings with a result; unknown readings
 * and readings never collected (dashboard down) lower the coverage instead, never the uptime.
 */

/** One check's readings, oldest first, as parallel arrays: 30 days at 5 s is 518,400 readings. */
export type LevelSeries = { at: number[]; level: Level[] };

export type UptimeSpec = {
  /** The watched check's label, e.g. "API /health". */
  label: string;
  /** "since T-0", "in the last 30 days". */
  windowLabel: string;
  up: readonly Level[];
  thresholds: Threshold;
  minCoveragePct: number;
  intervalMs: number;
  /** Readings further apart than this are a gap in collection (evidence only; coverage counts). */
  maxGapMs: number;
};

/** A run of down readings, or a gap in collection (`count` = readings missing, estimated from the interval). */
export type Episode = { from: number; to: number; count: number };

export type UptimeTally = {
  up: number;
  down: number;
  unknown: number;
  /** One reading per interval over the window. */
  expected: number;
  downEpisodes: Episode[];
  /** The last few down readings (enough to name them when there are few). */
  recentDown: number[];
  gaps: Episode[];
  firstAt: number | null;
  lastAt: number | null;
};

export type UptimeVerdict = {
  level: Level;
  /** Exact up %, judged against the thresholds; null without a reading with a result. */
  uptimePct: number | null;
  /** Up % cut (never rounded up) to 2 decimals: 99.995 % is shown as 99.99, not 100. */
  shownPct: number | null;
  coveragePct: number | null;
  tally: UptimeTally;
  summary: string;
  conditions: Condition[];
};

const RECENT_DOWN = 4;

/** First index whose time is >= t (times sorted ascending). */
export function lowerBound(at: readonly number[], t: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((at[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts the readings in [from, to]: one pass: a 30-day window at 5 s (518,400 readings) takes ~8 ms. */
export function tallyUptime(series: LevelSeries, from: number, to: number, spec: UptimeSpec): UptimeTally {
  const t: UptimeTally = {
    up: 0,
    down: 0,
    unknown: 0,
    expected: Math.max(0, Math.floor((to - from) / spec.intervalMs)),
    downEpisodes: [],
    recentDown: [],
    gaps: [],
    firstAt: null,
    lastAt: null,
  };
  const up = new Set(spec.up);
  let prev = from;
  let inDown = false;
  for (let i = lowerBound(series.at, from); i < series.at.length; i++) {
    const at = series.at[i] as number;
    if (at > to) break;
    if (at - prev > spec.maxGapMs) {
      t.gaps.push({ from: prev, to: at, count: missingBetween(prev, at, spec.intervalMs, prev === from) });
      inDown = false;
    }
    prev = at;
    t.firstAt ??= at;
    t.lastAt = at;
    const level = series.level[i] as Level;
    if (level === "unknown") {
      t.unknown += 1;
    } else if (up.has(level)) {
      t.up += 1;
      inDown = false;
    } else {
      t.down += 1;
      const last = t.downEpisodes.at(-1);
      if (inDown && last) {
        last.to = at;
        last.count += 1;
      } else t.downEpisodes.push({ from: at, to: at, count: 1 });
      inDown = true;
      t.recentDown.push(at);
      if (t.recentDown.length > RECENT_DOWN) t.recentDown.shift();
    }
  }
  if (to - prev > spec.maxGapMs) {
    t.gaps.push({ from: prev, to, count: missingBetween(prev, to, spec.intervalMs, true) });
  }
  return t;
}

/** Readings that fit in a gap: between two readings both ends are taken; at a window edge one is not. */
function missingBetween(from: number, to: number, intervalMs: number, openEnd: boolean): number {
  const slots = Math.floor((to - from) / intervalMs);
  return Math.max(1, openEnd ? slots : slots - 1);
}

/** Integer arithmetic, cut to 2 decimals: 19,900 of 20,000 is exactly 99.5, never 99.49999. */
const cutPct = (part: number, whole: number) => Math.floor((part * 10_000) / whole) / 100;

function levelAt(pct: number, spec: UptimeSpec): Level {
  return evaluateThreshold("uptime", pct, "%", spec.thresholds).level;
}

/** Level, value and a one-line why from the counts. */
export function judgeUptime(tally: UptimeTally, spec: UptimeSpec, from: number, to: number): UptimeVerdict {
  const withResult = tally.up + tally.down;
  const counted = tally.up + tally.down + tally.unknown;
  const base = Math.max(tally.expected, counted, 1);
  const coveragePct = cutPct(withResult, base);
  const fmt = timeFormatter(to - from);
  const coverageText = describeCoverage(tally, coveragePct, base - counted, fmt);
  const coverageCondition = coverageAtLeast(coveragePct, spec.minCoveragePct);
  if (withResult === 0) {
    return {
      level: "unknown",
      uptimePct: null,
      shownPct: null,
      coveragePct,
      tally,
      summary: `no reading of ${spec.label} with a result ${spec.windowLabel}; ${coverageText}`,
      conditions: [coverageCondition],
    };
  }
  const uptimePct = (tally.up * 100) / withResult;
  const shownPct = cutPct(tally.up, withResult);
  const uptime = evaluateThreshold("uptime", uptimePct, "%", spec.thresholds);
  uptime.actual = `${formatNumber(shownPct)}%`;
  const measured =
    `${spec.label} up ${count(tally.up)} of ${count(withResult)} readings ${spec.windowLabel} ` +
    `(${formatNumber(shownPct)}%)${describeDown(tally, fmt)}; ${coverageText}`;
  let level = uptime.level;
  let summary = measured;
  if (!coverageCondition.ok) {
    // Too little measured: only a level the missing readings could not change is stated.
    const best = levelAt(((tally.up + base - withResult) * 100) / base, spec);
    const worst = levelAt((tally.up * 100) / base, spec);
    level = best === worst ? best : best !== "ok" ? best : "unknown";
    if (level === "unknown") {
      summary = `uptime not known: coverage ${formatNumber(coveragePct)}% is below ${formatNumber(spec.minCoveragePct)}%; ${measured}`;
    }
  }
  return { level, uptimePct, shownPct, coveragePct, tally, summary, conditions: [uptime, coverageCondition] };
}

const count = (n: number) => n.toLocaleString("en-US");

function describeDown(t: UptimeTally, fmt: (ms: number) => string): string {
  if (t.down === 0) return "";
  if (t.down <= RECENT_DOWN) return `; ${t.down} down at ${t.recentDown.map(fmt).join(", ")} UTC`;
  const shown = t.downEpisodes.slice(-3).map((e) => `${fmt(e.from)}–${fmt(e.to)} (${count(e.count)})`);
  const earlier = t.downEpisodes.length - shown.length;
  const episodes = t.downEpisodes.length === 1 ? "1 episode" : `${t.downEpisodes.length} episodes`;
  return `; ${count(t.down)} down in ${episodes}: ${shown.join(", ")} UTC${earlier > 0 ? ` and ${earlier} earlier` : ""}`;
}

function describeCoverage(
  t: UptimeTally,
  coveragePct: number,
  notCollected: number,
  fmt: (ms: number) => string,
): string {
  const parts: string[] = [];
  if (t.unknown > 0) parts.push(`${count(t.unknown)} unknown`);
  if (notCollected > 0) {
    const gap = t.gaps.reduce<Episode | null>((a, g) => (a && a.to - a.from >= g.to - g.from ? a : g), null);
    const where = gap ? `, longest ${fmt(gap.from)}–${fmt(gap.to)} UTC` : "";
    parts.push(`${count(notCollected)} not collected${where}`);
  }
  return `coverage ${formatNumber(coveragePct)}%${parts.length > 0 ? ` (${parts.join("; ")})` : ""}`;
}

/** HH:MM:SS in UTC; with the month and day when the window is longer than a day. */
function timeFormatter(spanMs: number): (ms: number) => string {
  const withDate = spanMs > 24 * 3600_000;
  return (ms) => {
    const iso = new Date(ms).toISOString();
    return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19);
  };
}

/** The condition every window reading carries: enough of the window measured to judge it, else unknown. */
export function coverageAtLeast(coveragePct: number, minCoveragePct: number): Condition {
  const ok = coveragePct >= minCoveragePct;
  return {
    condition: `coverage >= ${formatNumber(minCoveragePct)}%`,
    actual: `${formatNumber(coveragePct)}%`,
    ok,
    level: ok ? "ok" : "unknown",
  };
}
