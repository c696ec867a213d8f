import type { Condition } from "@/lib/model/probe";
import type { Level, Threshold } from "@/lib/model/runbook-schema";

const SEVERITY: Record<Level, number> = { ok: 0, unknown: 1, warn: 2, crit: 3 };

/** The worse of two levels: crit > warn > unknown > ok. */
export function worstLevel(levels: readonly Level[]): Level {
  return levels.reduce<Level>((worst, l) => (SEVERITY[l] > SEVERITY[worst] ? l : worst), "ok");
}

/** Level of a whole set of conditions: the worst level among the failing ones. */
export function levelOfConditions(conditions: readonly Condition[]): Level {
  return worstLevel(conditions.filter((c) => !c.ok).map((c) => c.level));
}

function breaches(value: number, limit: number, direction: Threshold["direction"]): boolean {
  return direction === "above" ? value > limit : value < limit;
}

/** Evaluate a number against warning/critical levels; the condition names the limit that was crossed. */
export function evaluateThreshold(name: string, value: number, unit: string, t: Threshold): Condition {
  const op = t.direction === "above" ? "<=" : ">=";
  const actual = `${formatNumber(value)}${unit}`;
  if (t.crit !== undefined && breaches(value, t.crit, t.direction)) {
    return {
      condition: `${name} ${op} ${formatNumber(t.crit)}${unit} (critical)`,
      actual,
      ok: false,
      level: "crit",
    };
  }
  if (t.warn !== undefined && breaches(value, t.warn, t.direction)) {
    return {
      condition: `${name} ${op} ${formatNumber(t.warn)}${unit} (warning)`,
      actual,
      ok: false,
      level: "warn",
    };
  }
  const limit = t.warn ?? t.crit;
  return { condition: `${name} ${op} ${formatNumber(limit ?? 0)}${unit}`, actual, ok: true, level: "ok" };
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 100) return n.toFixed(0);
  return (abs >= 1 ? n.toFixed(2) : n.toPrecision(2)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}
