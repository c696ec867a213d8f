import type { Condition } from "@/lib/model/probe";
import type { Level, Threshold } from "@/lib/model/runbook-schema";
import { evaluateThreshold, formatNumber } from "@/lib/rules/levels";

/** What a pair judgement gives the tile: its level, number and one-line why, with the conditions read. */
export type PairVerdict = {
  level: Level;
  value: number | null;
  unit: string;
  summary: string;
  conditions: Condition[];
};

const ms = (n: number) => `${formatNumber(Math.round(n))} ms`;
const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The same call made twice: the second's time as a % of the first's, judged by the thresholds. When both are
 * at or under `fastMs` the first was already a cache answer, so a slower second says nothing about the cache.
 */
export function judgeRepeat(p: {
  firstMs: number;
  secondMs: number;
  fastMs: number;
  thresholds: Threshold;
  from: string;
}): PairVerdict {
  const pct = p.firstMs > 0 ? round1((p.secondMs / p.firstMs) * 100) : 0;
  const times = `${ms(p.secondMs)} after ${ms(p.firstMs)}`;
  if (p.firstMs <= p.fastMs && p.secondMs <= p.fastMs) {
    return {
      level: "ok",
      value: pct,
      unit: "%",
      summary: `both calls to ${p.from} within ${ms(p.fastMs)} (${times}): answered from the cache`,
      conditions: [
        { condition: `both calls <= ${formatNumber(p.fastMs)} ms`, actual: times, ok: true, level: "ok" },
      ],
    };
  }
  const condition = evaluateThreshold("second call", pct, "%", p.thresholds);
  const faster = p.secondMs < p.firstMs;
  const label = condition.level === "crit" ? "critical" : "warning";
  const summary = condition.ok
    ? `second call to ${p.from} ${times} (${formatNumber(pct)}% of the first)`
    : `second call to ${p.from} ${times} (${formatNumber(pct)}% of the first): ${faster ? "barely faster" : "not faster"}, the cache is not answering (${label})`;
  return { level: condition.level, value: pct, unit: "%", summary, conditions: [condition] };
}

/**
 * A job's newest start and completion (epoch ms, null when none): a start without a completion at or after it
 * is in progress, and in progress longer than `maxMinutes` is hung (critical).
 */
export function judgeRun(p: {
  name: string;
  startedAt: number | null;
  completedAt: number | null;
  maxMinutes: number;
  now: number;
}): PairVerdict {
  const iso = (t: number) => new Date(t).toISOString();
  const limit = `${p.name} in progress <= ${formatNumber(p.maxMinutes)} min`;
  const done = (summary: string): PairVerdict => ({
    level: "ok",
    value: null,
    unit: "min",
    summary,
    conditions: [{ condition: limit, actual: "none in progress", ok: true, level: "ok" }],
  });
  if (p.startedAt === null) {
    const last = p.completedAt === null ? "" : `; last completed ${iso(p.completedAt)}`;
    return done(`no ${p.name} in progress${last}`);
  }
  if (p.completedAt !== null && p.completedAt >= p.startedAt) {
    const took = round1((p.completedAt - p.startedAt) / 60_000);
    return done(
      `no ${p.name} in progress; the last started ${iso(p.startedAt)}, completed after ${formatNumber(took)} min`,
    );
  }
  const age = round1(Math.max(0, p.now - p.startedAt) / 60_000);
  const hung = age > p.maxMinutes;
  const actual = `started ${formatNumber(age)} min ago`;
  return {
    level: hung ? "crit" : "ok",
    value: age,
    unit: "min",
    summary: hung
      ? `${p.name} started ${iso(p.startedAt)}, ${formatNumber(age)} min ago, not completed: > ${formatNumber(p.maxMinutes)} min, hung`
      : `${p.name} running for ${formatNumber(age)} min (started ${iso(p.startedAt)}; hung after ${formatNumber(p.maxMinutes)} min)`,
    conditions: [{ condition: limit, actual, ok: !hung, level: hung ? "crit" : "ok" }],
  };
}
