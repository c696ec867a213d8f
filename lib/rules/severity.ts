import type { Severity, SeveritySuggestion } from "@/lib/model/incident";
import type { SeverityRule } from "@/lib/model/incident-rules-schema";
import type { Level } from "@/lib/model/runbook-schema";

/** A live check as the decision tree reads it. */
export type TreeCheck = {
  id: string;
  kind: string;
  level: Level;
  value: number | string | null;
  summary: string;
};

const num = (c: TreeCheck | undefined) => (c && typeof c.value === "number" ? c.value : null);

/** Thresholds of the incident runbook's decision tree (000 appendix, §1). */
export const TREE = { p99Ms: 5000, errorP1: 5, errorP2: 1, poolP1: 90 } as const;

const RANK: Record<Severity, number> = { P0: 0, P1: 1, P2: 2 };

/**
 * The decision tree, then the runbook's own severity rules (e.g. "DB unreachable → P0", which the tree
 * would call P1 or miss): the most severe wins, and the path says which rule raised it. Pure.
 */
export function suggestSeverity(
  checks: readonly TreeCheck[],
  rules: readonly SeverityRule[] = [],
): SeveritySuggestion {
  const tree = suggestFromTree(checks);
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
    path: [...tree.path, `${rule.label} (${why}) → ${rule.severity}${source}`],
    unknown,
  };
}

/**
 * The incident runbook's severity decision tree on live readings. Checks are found by role: the API
 * health check (`api-health` or `health`), search checks, P99 latency and error rate (prometheus series),
 * affiliate redirects, a DB pool check (id contains "pool"). Unknown checks are named: the tree never
 * reads "unknown" as healthy. Pure.
 */
function suggestFromTree(checks: readonly TreeCheck[]): SeveritySuggestion {
  const path: string[] = [];
  const unknown: string[] = [];
  const byId = new Map(checks.map((c) => [c.id, c]));
  const note = (c: TreeCheck) => (c.level === "unknown" ? unknown.push(c.id) : 0);
  const done = (severity: Severity | null, line: string) => ({ severity, path: [...path, line], unknown });

  const health = byId.get("api-health") ?? byId.get("health");
  if (health) {
    note(health);
    if (health.level === "crit") return done("P0", `API /health failing (${health.summary}) → P0`);
    path.push(`API /health ${health.level === "unknown" ? "unknown" : "answering"}`);
  } else path.push("no API health check in this runbook");

  const search = checks.filter((c) => c.kind === "search");
  search.forEach(note);
  const failing = search.find((c) => c.level === "crit");
  if (failing) return done("P1", `search ${failing.id} failing (${failing.summary}) → P1`);
  const p99 = checks.find((c) => c.id === "latency-p99" || c.id.endsWith("-p99"));
  if (p99) note(p99);
  const p99Ms = num(p99);
  if (p99Ms !== null && p99Ms > TREE.p99Ms) return done("P1", `P99 ${Math.round(p99Ms)} ms > 5 s → P1`);
  if (search.length) path.push("search returning results");

  const pool = checks.find((c) => c.id.includes("pool"));
  if (pool) note(pool);
  const poolPct = num(pool);
  if (poolPct !== null && poolPct > TREE.poolP1)
    return done("P1", `DB pool ${poolPct.toFixed(0)}% > 90% → P1`);

  const redirects = checks.filter((c) => c.kind === "redirect");
  redirects.forEach(note);
  const broken = redirects.filter((c) => c.level === "crit");
  if (redirects.length > 0 && broken.length === redirects.length) {
    return done("P1", `affiliate redirects broken (${broken.map((c) => c.id).join(", ")}) → P1, notify Link`);
  }
  if (broken.length > 0) return done("P2", `one affiliate redirect broken (${broken[0]?.id}) → P2`);
  if (redirects.length) path.push("affiliate redirects working");

  const err = checks.find((c) => c.id === "error-rate");
  if (err) note(err);
  const rate = num(err);
  if (rate !== null && rate > TREE.errorP1) return done("P1", `error rate ${rate.toFixed(2)}% > 5% → P1`);
  if (rate !== null && rate >= TREE.errorP2)
    return done("P2", `error rate ${rate.toFixed(2)}% (1–5%) → P2, monitor`);
  if (rate !== null) return done(null, `error rate ${rate.toFixed(2)}% < 1% → not an incident (yet)`);
  return done(null, "error rate unreadable: no suggestion from the last branch");
}
