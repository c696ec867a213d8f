import type { Level } from "@/lib/model/runbook-schema";
import type { Trigger, TriggerLevel } from "@/lib/model/trigger-schema";
import { clock, fmt, trendHolds } from "@/lib/rules/trend";

/** One reading as the rules see it: time, level and the number (null when there is none). */
export type Sample = { at: number; level: Level; value: number | null };

export type FiringLevel = "warn" | "crit";

/** A level that fired: when, and the readings that made it fire. */
export type Firing = { since: number; evidence: Sample[] };

/** What a rule remembers between cycles (hysteresis): which levels are firing. */
export type TriggerMemory = { warn: Firing | null; crit: Firing | null };

export const EMPTY_MEMORY: TriggerMemory = { warn: null, crit: null };

/** The rule's verdict at one moment. */
export type TriggerVerdict = {
  level: Level;
  /** One line: why this level, with numbers. */
  reason: string;
  /** The firing level's record (null when nothing fires). */
  firing: (Firing & { level: FiringLevel }) | null;
  /** Breaching now but the window is not complete yet: since when. */
  breachingSince: number | null;
  lastSampleAt: number | null;
};

type Holds =
  | { holds: true; evidence: Sample[] }
  | { holds: false; reason: string; breachingSince: number | null }
  | { holds: null; reason: string };

/** Does one reading breach the level? null: cannot tell (no number, unknown level). */
export function breaches(rule: Trigger, spec: TriggerLevel, s: Sample): boolean | null {
  if (s.level === "unknown") return null;
  if (rule.signal === "failure") return s.level === "crit";
  if (s.value === null || spec.threshold === undefined) return null;
  return rule.direction === "above" ? s.value > spec.threshold : s.value < spec.threshold;
}

/** Is this reading back on the good side of the recovery threshold? null: cannot tell. */
export function recovered(rule: Trigger, spec: TriggerLevel, s: Sample): boolean | null {
  if (s.level === "unknown") return null;
  if (rule.signal === "failure") return s.level !== "crit";
  if (s.value === null) return null;
  const limit = spec.recover ?? spec.threshold;
  if (limit === undefined) return null;
  return rule.direction === "above" ? s.value <= limit : s.value >= limit;
}

/** Human text of one level's condition: "> 2 for 5 min", "3 consecutive failures". */
export function describeLevel(rule: Trigger, spec: TriggerLevel): string {
  const what =
    rule.signal === "failure"
      ? "failure"
      : `${rule.direction === "above" ? ">" : "<"} ${fmt(spec.threshold ?? 0)}`;
  switch (rule.kind) {
    case "sustained":
      return `${what} for ${fmt(spec.forMinutes ?? 0)} min`;
    case "consecutive":
      return rule.signal === "failure"
        ? spec.count === 1
          ? "a failing reading"
          : `${spec.count} consecutive failures`
        : `${what} ${spec.count} readings in a row`;
    case "m-of-n":
      return `${what} in ${spec.m} of the last ${spec.n} readings`;
    case "trend":
      return `${what}, not ${rule.direction === "above" ? "decreasing" : "increasing"} over ${fmt(spec.forMinutes ?? 0)} min`;
    default:
      return rule.signal === "failure" ? "a failing reading" : what;
  }
}

function gapBetween(later: Sample, earlier: Sample, maxGapMs: number): number | null {
  const gap = later.at - earlier.at;
  return gap > maxGapMs ? gap : null;
}

/**
 * Every readable reading breaches from the window's start to now. Unreadable readings are skipped like a
 * short gap (a restarted collector's first rate is unknown); readable readings further apart than
 * maxGapSec, or none covering the window's start, make it unknown.
 */
function sustained(rule: Trigger, spec: TriggerLevel, tail: readonly Sample[], nowMs: number): Holds {
  const windowStart = nowMs - (spec.forMinutes ?? 0) * 60_000;
  const maxGap = rule.maxGapSec * 1000;
  const evidence: Sample[] = [];
  let later: Sample | null = null;
  for (let i = tail.length - 1; i >= 0; i--) {
    const s = tail[i] as Sample;
    const b = breaches(rule, spec, s);
    if (b === null) continue;
    const gap = later ? later.at - s.at : nowMs - s.at;
    if (gap > maxGap) {
      const until = later ? `before ${clock(later.at)}` : "until now";
      return { holds: null, reason: `no readable reading for ${Math.round(gap / 1000)} s ${until}` };
    }
    if (!b) {
      const since = evidence.at(-1)?.at ?? null;
      return {
        holds: false,
        breachingSince: since,
        reason:
          since === null
            ? `last reading ${describeValue(s)} is within the limit`
            : `breaching since ${clock(since)} (${fmt((nowMs - since) / 60_000)} of ${fmt(spec.forMinutes ?? 0)} min)`,
      };
    }
    evidence.push(s);
    later = s;
    if (s.at <= windowStart) return { holds: true, evidence: evidence.reverse() };
  }
  return {
    holds: null,
    reason: `no readings before ${clock(tail[0]?.at ?? nowMs)}: the window is not covered`,
  };
}

function consecutive(rule: Trigger, spec: TriggerLevel, tail: readonly Sample[]): Holds {
  const need = spec.count ?? 1;
  const maxGap = rule.maxGapSec * 1000;
  const evidence: Sample[] = [];
  for (let i = tail.length - 1; i >= 0 && evidence.length < need; i--) {
    const s = tail[i] as Sample;
    const later = tail[i + 1];
    if (later && gapBetween(later, s, maxGap) !== null) {
      return { holds: null, reason: `a gap in readings before ${clock(later.at)} breaks the run` };
    }
    const b = breaches(rule, spec, s);
    if (b === null) return { holds: null, reason: `unreadable reading at ${clock(s.at)}` };
    if (!b) {
      return {
        holds: false,
        breachingSince: evidence.at(-1)?.at ?? null,
        reason: `${evidence.length} of ${need} in a row`,
      };
    }
    evidence.push(s);
  }
  if (evidence.length < need) return { holds: null, reason: `only ${evidence.length} readings so far` };
  return { holds: true, evidence: evidence.reverse() };
}

function mOfN(rule: Trigger, spec: TriggerLevel, tail: readonly Sample[]): Holds {
  const n = spec.n ?? 1;
  const m = spec.m ?? 1;
  const last = tail.slice(-n);
  const verdicts = last.map((s) => breaches(rule, spec, s));
  const yes = verdicts.filter((v) => v === true).length;
  const unknown = verdicts.filter((v) => v === null).length + (n - last.length);
  if (yes >= m) return { holds: true, evidence: last.filter((_, i) => verdicts[i] === true) };
  if (yes + unknown >= m) return { holds: null, reason: `${yes} of ${n} breach, ${unknown} unknown` };
  return { holds: false, breachingSince: null, reason: `${yes} of the last ${n} breach (needs ${m})` };
}

function instant(rule: Trigger, spec: TriggerLevel, tail: readonly Sample[]): Holds {
  const s = tail.at(-1);
  if (!s) return { holds: null, reason: "no reading yet" };
  const b = breaches(rule, spec, s);
  if (b === null) return { holds: null, reason: `last reading at ${clock(s.at)} is unreadable` };
  return b
    ? { holds: true, evidence: [s] }
    : { holds: false, breachingSince: null, reason: `last reading ${describeValue(s)}` };
}

function describeValue(s: Sample): string {
  return s.value === null ? s.level : fmt(s.value);
}

/** Does the level's condition hold at `nowMs` over the readings (oldest first)? */
export function levelHolds(rule: Trigger, spec: TriggerLevel, tail: readonly Sample[], nowMs: number): Holds {
  const last = tail.at(-1);
  if (!last) return { holds: null, reason: "no readings" };
  if (nowMs - last.at > rule.maxGapSec * 1000) {
    return { holds: null, reason: `no reading since ${clock(last.at)}` };
  }
  switch (rule.kind) {
    case "sustained":
      return sustained(rule, spec, tail, nowMs);
    case "consecutive":
      return consecutive(rule, spec, tail);
    case "m-of-n":
      return mOfN(rule, spec, tail);
    case "trend":
      return trendHolds(rule, spec, tail, nowMs);
    default:
      return instant(rule, spec, tail);
  }
}

/**
 * One evaluation step with hysteresis: a firing level stays firing until a reading is back past its
 * recovery threshold (missing data never clears it, nor fires it); a quiet level fires when its
 * condition holds. Pure: returns the new memory and the verdict.
 */
export function stepTrigger(
  rule: Trigger,
  memory: TriggerMemory,
  tail: readonly Sample[],
  nowMs: number,
): { memory: TriggerMemory; verdict: TriggerVerdict } {
  const next: TriggerMemory = { ...memory };
  const last = tail.at(-1) ?? null;
  const unknowns: string[] = [];
  let pending: { since: number | null; reason: string } | null = null;
  for (const level of ["crit", "warn"] as const) {
    const spec = rule[level];
    if (!spec) continue;
    const firing = next[level];
    if (firing) {
      // A trend clears once it improves (or is back within the limit), not on one reading.
      const back = rule.kind === "trend" ? levelHolds(rule, spec, tail, nowMs).holds === false : null;
      if (last && last.at > firing.since && (back ?? recovered(rule, spec, last) === true))
        next[level] = null;
      else continue;
    }
    const h = levelHolds(rule, spec, tail, nowMs);
    if (h.holds === true) next[level] = { since: last?.at ?? nowMs, evidence: h.evidence };
    else if (h.holds === null) unknowns.push(`${level}: ${h.reason}`);
    else if (!pending || h.breachingSince !== null) pending = { since: h.breachingSince, reason: h.reason };
  }
  return { memory: next, verdict: verdictOf(rule, next, unknowns, pending, last, nowMs) };
}

function verdictOf(
  rule: Trigger,
  memory: TriggerMemory,
  unknowns: string[],
  pending: { since: number | null; reason: string } | null,
  last: Sample | null,
  nowMs: number,
): TriggerVerdict {
  const lastSampleAt = last?.at ?? null;
  const stale = last && nowMs - last.at > rule.maxGapSec * 1000 ? `; no reading since ${clock(last.at)}` : "";
  for (const level of ["crit", "warn"] as const) {
    const f = memory[level];
    const spec = rule[level];
    if (!f || !spec) continue;
    const values = f.evidence.map((s) => s.value).filter((v): v is number => v !== null);
    const range =
      values.length && rule.signal === "value"
        ? `, ${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`
        : "";
    return {
      level,
      reason: `${describeLevel(rule, spec)}: fired at ${clock(f.since)} on ${f.evidence.length} reading(s)${range}${stale}`,
      firing: { ...f, level },
      breachingSince: null,
      lastSampleAt,
    };
  }
  if (unknowns.length > 0) {
    return {
      level: "unknown",
      reason: unknowns.join("; "),
      firing: null,
      breachingSince: null,
      lastSampleAt,
    };
  }
  return {
    level: "ok",
    reason: pending?.reason ?? "within limits",
    firing: null,
    breachingSince: pending?.since ?? null,
    lastSampleAt,
  };
}

/** How far back a rule needs readings: its longest window plus slack for gaps and hysteresis replay. */
export function lookbackMs(rule: Trigger, intervalMs: number): number {
  const spans = (["warn", "crit"] as const).map((l) => {
    const spec = rule[l];
    if (!spec) return 0;
    if (rule.kind === "sustained" || rule.kind === "trend") return (spec.forMinutes ?? 0) * 60_000;
    const n = rule.kind === "m-of-n" ? (spec.n ?? 1) : rule.kind === "consecutive" ? (spec.count ?? 1) : 1;
    return n * intervalMs;
  });
  return 2 * Math.max(...spans) + 2 * rule.maxGapSec * 1000;
}

/** Replays a series reading by reading (rebuilds hysteresis), then judges it at `nowMs`. */
export function evaluateSeries(
  rule: Trigger,
  series: readonly Sample[],
  nowMs: number,
  memory: TriggerMemory = EMPTY_MEMORY,
): { memory: TriggerMemory; verdict: TriggerVerdict } {
  let mem = memory;
  for (let i = 0; i < series.length; i++) {
    mem = stepTrigger(rule, mem, series.slice(0, i + 1), (series[i] as Sample).at).memory;
  }
  return stepTrigger(rule, mem, series, nowMs);
}
