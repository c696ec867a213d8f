import type { Severity, SeveritySuggestion } from "@/lib/model/incident";
import type { SeverityRule } from "@/lib/model/incident-rules-schema";
import type { Level } from "@/lib/model/runbook-schema";
import type { SeverityScale, TreeStep } from "@/lib/model/severity-scale-schema";

/** A live check as the decision tree reads it. */
export type TreeCheck = {
  id: string;
  kind: string;
  level: Level;
  value: number | string | null;
  summary: string;
};

const RANK: Record<Severity, number> = { P0: 0, P1: 1, P2: 2 };

/**
 * The decision tree, then the runbook's own severity rules (e.g. "DB unreachable → P0", which the tree
 * would call P1 or miss): the most severe wins, and the path says which rule raised it. Pure.
 */
export function suggestSeverity(
  checks: readonly TreeCheck[],
  scale: Pick<SeverityScale, "tree" | "treeOtherwise" | "triage">,
  rules: readonly SeverityRule[] = [],
): SeveritySuggestion {
  const suggestion = suggestByRank(checks, scale, rules);
  if (suggestion.severity !== null || !scale.triage) return suggestion;
  // Failing, not unknown: an unreadable check is already named in `unknown`.
  const failing = checks.filter((c) => c.level === "warn" || c.level === "crit").map((c) => c.id);
  return failing.length ? { ...suggestion, triage: { ...scale.triage, checks: failing } } : suggestion;
}

function suggestByRank(
  checks: readonly TreeCheck[],
  scale: Pick<SeverityScale, "tree" | "treeOtherwise">,
  rules: readonly SeverityRule[],
): SeveritySuggestion {
  const tree = suggestFromTree(checks, scale);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const unknown = [...tree.unknown];
  let raised: { rule: SeverityRule; failing: TreeCheck[] } | null = null;
  for (const rule of rules) {
    const named = rule.checks.map((id) => byId.get(id)).filter((c) => c !== undefined);
    for (const c of named) if (c.level === "unknown" && !unknown.includes(c.id)) unknown.push(c.id);
    const failing = named.filter((c) => c.level === "crit");
    const isMatch =
      rule.match === "all"
        ? named.length === rule.checks.length && failing.length === named.length
        : failing.length > 0;
    if (isMatch && (!raised || RANK[rule.severity] < RANK[raised.rule.severity])) raised = { rule, failing };
  }
  if (!raised || (tree.severity !== null && RANK[tree.severity] <= RANK[raised.rule.severity])) {
    return { ...tree, unknown };
  }
  const { rule, failing } = raised;
  const why = failing.map((c) => `${c.id}: ${c.summary}`).join("; ");
  const source = rule.source ? `, ${rule.source}` : "";
  return {
    severity: rule.severity,
    scenario: tree.scenario ?? null,
    path: [...tree.path, `${rule.label} (${why}) → ${rule.severity}${source}`],
    unknown,
  };
}

/**
 * The runbook's decision tree on live readings: its branches in order, the first that matches gives the
 * severity. Unknown checks are named: the tree never reads "unknown" as healthy. Pure.
 */
function suggestFromTree(
  checks: readonly TreeCheck[],
  scale: Pick<SeverityScale, "tree" | "treeOtherwise">,
): SeveritySuggestion {
  if (scale.tree.length === 0)
    return { severity: null, scenario: null, path: ["this runbook has no decision tree"], unknown: [] };
  const path: string[] = [];
  const unknown: string[] = [];
  for (const step of scale.tree) {
    const picked = pickChecks(checks, step);
    for (const c of picked) if (c.level === "unknown" && !unknown.includes(c.id)) unknown.push(c.id);
    const evidence = matchStep(step, picked);
    if (evidence !== null) {
      const action = step.action ? `. ${step.action}` : "";
      const to = step.severity ?? "not an incident (yet)";
      return {
        severity: step.severity,
        // A branch that says "not an incident" is no scenario to respond to.
        scenario:
          step.severity === null
            ? null
            : {
                id: step.id,
                label: step.label,
                severity: step.severity,
                action: step.action ?? null,
                steps: [...(step.steps ?? [])],
                source: step.source,
                checks: step.checks ? [...step.checks] : picked.map((c) => c.id),
              },
        path: [...path, `${step.label} (${evidence}) → ${to}${action}`],
        unknown,
      };
    }
    const unread = picked.filter((c) => c.level === "unknown").map((c) => c.id);
    if (step.passed && unread.length > 0) path.push(`${step.passed}? unknown (${unread.join(", ")})`);
    else if (step.passed && picked.length > 0) path.push(step.passed);
  }
  // Nothing matched on what could be read: with checks unknown that is no all-clear.
  const last = unknown.length
    ? `no branch matched, but ${unknown.length} of its checks are unknown: the suggestion may be too mild`
    : scale.treeOtherwise;
  return { severity: null, scenario: null, path: [...path, last], unknown };
}

function pickChecks(checks: readonly TreeCheck[], step: TreeStep): TreeCheck[] {
  if (step.checkKind) return checks.filter((c) => c.kind === step.checkKind);
  const byId = new Map(checks.map((c) => [c.id, c]));
  return (step.checks ?? []).map((id) => byId.get(id)).filter((c) => c !== undefined);
}

/** The evidence when the branch matches, else null. */
function matchStep(step: TreeStep, picked: readonly TreeCheck[]): string | null {
  const named = (cs: readonly TreeCheck[]) => cs.map((c) => `${c.id}: ${c.summary}`).join("; ");
  switch (step.test) {
    case "any-crit": {
      const crit = picked.filter((c) => c.level === "crit");
      return crit.length > 0 ? named(crit) : null;
    }
    case "all-crit":
      return picked.length > 0 && picked.every((c) => c.level === "crit") ? named(picked) : null;
    case "not-ok": {
      const bad = picked.filter((c) => c.level === "warn" || c.level === "crit");
      return bad.length > 0 ? named(bad) : null;
    }
    case "above":
    case "at-least": {
      // A stale (unknown) reading may still carry its old number: never judge by it.
      const reading = picked.find((c) => c.level !== "unknown" && typeof c.value === "number");
      const value = reading && typeof reading.value === "number" ? reading.value : null;
      const limit = step.threshold ?? 0;
      if (!reading || value === null) return null;
      const isMatch = step.test === "above" ? value > limit : value >= limit;
      return isMatch ? `${reading.id} ${round(value)} ${step.test === "above" ? ">" : "≥"} ${limit}` : null;
    }
  }
}

const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Number(v.toFixed(2)));
