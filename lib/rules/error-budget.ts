import type { Condition } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";
import { evaluateThreshold, formatNumber } from "@/lib/rules/levels";
import { coverageAtLeast, type UptimeSpec, type UptimeTally } from "@/lib/rules/uptime";

/**
 * The downtime budget left in an uptime window (004 SLOs: 99.5% per month): the window's minutes times
 * (100 − SLO)%, less the down share of the measured readings applied to the whole window, so it is
 * negative exactly when the uptime is below the SLO. Pure, from the same tally as the uptime.
 */
export type BudgetVerdict = {
  level: Level;
  /** Minutes left (negative: overspent), one decimal; null without a reading with a result. */
  leftMinutes: number | null;
  budgetMinutes: number;
  spentMinutes: number | null;
  summary: string;
  conditions: Condition[];
};

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function judgeBudget(
  tally: UptimeTally,
  spec: UptimeSpec,
  sloPct: number,
  from: number,
  to: number,
): BudgetVerdict {
  const windowMin = (to - from) / 60_000;
  const budgetMinutes = oneDecimal((windowMin * (100 - sloPct)) / 100);
  const withResult = tally.up + tally.down;
  const base = Math.max(tally.expected, withResult + tally.unknown, 1);
  const coveragePct = Math.floor((withResult * 10_000) / base) / 100;
  const head = `error budget (${formatNumber(sloPct)}% ${spec.windowLabel}: ${formatNumber(budgetMinutes)} min)`;
  const coverage = coverageAtLeast(coveragePct, spec.minCoveragePct);
  if (withResult === 0) {
    return {
      level: "unknown",
      leftMinutes: null,
      budgetMinutes,
      spentMinutes: null,
      summary: `${head}: no reading of ${spec.label} with a result`,
      conditions: [coverage],
    };
  }
  const leftIf = (down: number, of: number) => budgetMinutes - (down / of) * windowMin;
  const spentMinutes = oneDecimal((tally.down / withResult) * windowMin);
  const leftMinutes = oneDecimal(leftIf(tally.down, withResult));
  const judged = evaluateThreshold("budget left", leftMinutes, " min", spec.thresholds);
  const measured =
    `${head}: ${formatNumber(leftMinutes)} min left, ${formatNumber(spentMinutes)} min spent ` +
    `(${tally.down.toLocaleString("en-US")} of ${withResult.toLocaleString("en-US")} readings down); ` +
    `coverage ${formatNumber(coveragePct)}%`;
  if (coverage.ok) {
    return {
      level: judged.level,
      leftMinutes,
      budgetMinutes,
      spentMinutes,
      summary: measured,
      conditions: [judged, coverage],
    };
  }
  // Too little measured to spread the down share over the window: what is known is the minutes seen down,
  // so at most this much is left, and only a level the readings not taken could not change is stated.
  const level = (left: number) => evaluateThreshold("budget left", left, " min", spec.thresholds).level;
  const atMost = oneDecimal(leftIf(tally.down, base));
  const seenDown = oneDecimal(budgetMinutes - atMost);
  const best = level(atMost);
  const worst = level(leftIf(tally.down + base - withResult, base));
  const stated = best === worst ? best : best !== "ok" ? best : "unknown";
  const bound =
    `${head}: at most ${formatNumber(atMost)} min left, ${formatNumber(seenDown)} min seen down; ` +
    `coverage ${formatNumber(coveragePct)}%`;
  const summary =
    stated === "unknown"
      ? `budget left not known: coverage ${formatNumber(coveragePct)}% is below ${formatNumber(spec.minCoveragePct)}%; ${bound}`
      : bound;
  const boundCondition = evaluateThreshold("budget left", atMost, " min", spec.thresholds);
  return {
    level: stated,
    leftMinutes: atMost,
    budgetMinutes,
    spentMinutes: seenDown,
    summary,
    conditions: [boundCondition, coverage],
  };
}
