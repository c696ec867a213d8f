import { describe, expect, it } from "vitest";
import type { IncidentEventRecord, Severity } from "@/lib/model/incident";
import type { CheckLevel } from "@/lib/model/launch";
import type { Level } from "@/lib/model/runbook-schema";
import { incidentRollbackRecommendations } from "@/lib/rules/incident-rollback";
import { evaluateGates } from "@/lib/rules/launch-gates";
import { suggestSeverity, type TreeCheck } from "@/lib/rules/severity";
import { evaluateSeries, type Sample } from "@/lib/rules/sustained";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { PRESETS } from "@/lib/runbook/presets";

const runbook = parseRunbook(PRESETS["buywhere-us-launch"]({}), "preset");
const T0 = Date.parse("2026-04-23T14:00:00.000Z");
const MIN = 60_000;

const trigger = (id: string) => {
  const t = runbook.triggers.find((x) => x.id === id);
  if (!t) throw new Error(`no trigger ${id}`);
  return t;
};
/** One reading every 5 s from T0, level ok (the trigger judges the number). */
const readings = (...values: number[]): Sample[] =>
  values.map((value, i) => ({ at: T0 + i * 5000, level: "ok", value }));
const judge = (id: string, samples: Sample[]) =>
  evaluateSeries(trigger(id), samples, (samples.at(-1)?.at ?? T0) + 1000).verdict;

describe("BuyWhere rollback triggers: Redis > 85% and disk > 92% (deploy §4)", () => {
  const cases: [string, string, number[], Level, "crit" | "warn" | null][] = [
    ["Redis 60% → ok", "rollback-redis-memory", [55, 60, 60], "ok", null],
    ["Redis 75% → monitor", "rollback-redis-memory", [60, 75], "warn", "warn"],
    ["Redis 86% → rollback", "rollback-redis-memory", [70, 80, 86], "crit", "crit"],
    ["disk 80% → ok", "rollback-disk", [79, 80], "ok", null],
    ["disk 88% → monitor", "rollback-disk", [84, 88], "warn", "warn"],
    ["disk 93% → rollback", "rollback-disk", [88, 91, 93], "crit", "crit"],
    ["disk back to 89% after 93% → cleared", "rollback-disk", [93, 89], "warn", "warn"],
  ];
  for (const [name, id, values, level, firing] of cases) {
    it(name, () => {
      const v = judge(id, readings(...values));
      expect(v.level).toBe(level);
      expect(v.firing?.level ?? null).toBe(firing);
    });
  }

  it("both are rollback triggers on the checks the gauges show", () => {
    expect(trigger("rollback-redis-memory")).toMatchObject({ check: "redis-memory", rollback: true });
    expect(trigger("rollback-disk")).toMatchObject({ check: "host-disk", rollback: true });
  });
});

describe("BuyWhere search P99 rollback trigger reads search's own P99 (incident §3.1, deploy §4)", () => {
  const minutes = (m: number, value: number) => Array.from({ length: m * 12 + 1 }, () => value);
  it.each<[string, number[], Level, "crit" | "warn" | null]>([
    ["0.8 s for 6 min → ok", minutes(6, 800), "ok", null],
    ["1.5 s for 6 min → monitor (deploy §4: > 1 s)", minutes(6, 1500), "warn", "warn"],
    ["3.5 s for 6 min → rollback", minutes(6, 3500), "crit", "crit"],
    ["3.5 s for 2 min only → not yet", [...minutes(4, 800), ...minutes(2, 3500)], "ok", null],
  ])("%s", (_name, values, level, firing) => {
    const v = judge("rollback-p99-incident", readings(...values));
    expect(v.level).toBe(level);
    expect(v.firing?.level ?? null).toBe(firing);
  });

  it("is the search route's P99, not the API-wide one", () => {
    expect(trigger("rollback-p99-incident")).toMatchObject({ check: "latency-p99-search", rollback: true });
    const check = runbook.checks.find((c) => c.id === "latency-p99-search");
    expect(check).toMatchObject({ kind: "prometheus", labels: { handler: "/(v1|api)/search" } });
  });
});

describe("BuyWhere severity rules: DB unreachable and all searches failing are P0 (incident §1)", () => {
  const healthy: TreeCheck[] = [
    { id: "api-health", kind: "http", level: "ok", value: null, summary: "200 ok" },
    { id: "db-primary", kind: "postgres", level: "ok", value: 2, summary: "SELECT 1 in 2 ms" },
    { id: "search-laptop", kind: "search", level: "ok", value: 120, summary: "total 120" },
    { id: "search-iphone", kind: "search", level: "ok", value: 80, summary: "total 80" },
    { id: "search-iphone-v1", kind: "http", level: "ok", value: 80, summary: "total 80" },
    { id: "error-rate", kind: "prometheus", level: "ok", value: 0.1, summary: "0.1%" },
  ];
  const withLevels = (levels: Record<string, Level>) =>
    healthy.map((c) => (levels[c.id] ? { ...c, level: levels[c.id] as Level, summary: "refused" } : c));
  const suggest = (checks: TreeCheck[]) => suggestSeverity(checks, runbook.scale, runbook.severityRules);

  it("healthy readings → no incident", () => {
    expect(suggest(healthy).severity).toBeNull();
  });

  it("DB primary refusing connections → P0 with the rule and its source on the path", () => {
    const s = suggest(withLevels({ "db-primary": "crit" }));
    expect(s.severity).toBe("P0");
    expect(s.path.at(-1)).toMatch(/^DB unreachable \(db-primary: refused\) → P0, incident §1/);
  });

  it("one search failing stays the tree's P1; every search failing → P0", () => {
    expect(suggest(withLevels({ "search-laptop": "crit" })).severity).toBe("P1");
    const all = suggest(
      withLevels({ "search-laptop": "crit", "search-iphone": "crit", "search-iphone-v1": "crit" }),
    );
    expect(all.severity).toBe("P0");
    expect(all.path).toEqual([
      "API /health answering",
      "search returning no results (search-laptop: refused; search-iphone: refused) → P1. Check the DB (2.3) and error logs (2.5)",
      expect.stringMatching(/^All searches failing .* → P0, incident §1 P0: all searches fail$/),
    ]);
  });

  it("an unknown DB reading is named, never read as reachable", () => {
    const s = suggest(withLevels({ "db-primary": "unknown" }));
    expect(s.severity).toBeNull();
    expect(s.unknown).toContain("db-primary");
  });

  it("one retailer missing or mispriced → P2, never the tree's 'no results' P1", () => {
    const checks = [
      ...healthy,
      { id: "search-retailers", kind: "search" as const, level: "ok" as Level, value: 7000, summary: "" },
    ];
    expect(suggest(checks).severity).toBeNull();
    const s = suggest(
      checks.map((c) =>
        c.id === "search-retailers"
          ? { ...c, level: "crit" as Level, summary: 'search "laptop": no amazon product among 4 results' }
          : c,
      ),
    );
    expect(s.severity).toBe("P2");
    expect(s.path.at(-1)).toMatch(/^One retailer's results missing or mispriced .*no amazon product.* → P2/);
  });

  it("search P99 (not the API's) decides the tree's slow-search P1", () => {
    const checks = [
      ...healthy,
      {
        id: "latency-p99-search",
        kind: "prometheus" as const,
        level: "crit" as Level,
        value: 6000,
        summary: "",
      },
      { id: "latency-p99", kind: "prometheus" as const, level: "ok" as Level, value: 900, summary: "" },
    ];
    expect(suggest(checks).severity).toBe("P1");
  });

  it("/health failing is P0 by the tree already", () => {
    expect(suggest(withLevels({ "api-health": "crit", "db-primary": "crit" })).path).toHaveLength(1);
  });
});

describe("BuyWhere: a P1 unresolved after 30 min recommends rollback (incident §3.1, launch-day §4.1)", () => {
  const incident = (severity: Severity) => ({
    title: "search slow",
    severity,
    declaredAt: new Date(T0).toISOString(),
  });
  let nextId = 1;
  const event = (kind: string, atMin: number, data: Record<string, unknown>): IncidentEventRecord => ({
    id: nextId++,
    at: new Date(T0 + atMin * MIN).toISOString(),
    kind,
    actor: null,
    message: kind,
    data,
  });
  const declaredP1 = [event("declared", 0, { severity: "P1" })];
  const recs = (sev: Severity, timeline: IncidentEventRecord[], atMin: number) =>
    incidentRollbackRecommendations(runbook.incidentRollback, incident(sev), timeline, T0 + atMin * MIN);

  it("a P1 at 29 min: not yet; at 30 min: recommended, with its source", () => {
    expect(recs("P1", declaredP1, 29)).toEqual([]);
    expect(recs("P1", declaredP1, 30)).toEqual([
      expect.objectContaining({
        ruleId: "rollback-p1-30min",
        level: "crit",
        firedAt: new Date(T0 + 30 * MIN).toISOString(),
        source: expect.stringMatching(/incident §3\.1.*launch-day §4\.1/),
      }),
    ]);
  });

  it("escalated to P0 at 30 min, the P1's clock still stands", () => {
    const escalated = [...declaredP1, event("escalated", 30, { from: "P1", to: "P0" })];
    expect(recs("P0", escalated, 31)).toHaveLength(1);
  });

  it("a P2, or a P1 reclassified to P2, does not; a P2 raised to P1 counts from the raise", () => {
    const p2 = [event("declared", 0, { severity: "P2" })];
    expect(recs("P2", p2, 45)).toEqual([]);
    expect(recs("P2", [...declaredP1, event("reclassified", 10, { from: "P1", to: "P2" })], 45)).toEqual([]);
    const raised = [...p2, event("reclassified", 10, { from: "P2", to: "P1" })];
    expect(recs("P1", raised, 39)).toEqual([]);
    expect(recs("P1", raised, 40)).toHaveLength(1);
  });

  it("no active incident → nothing", () => {
    expect(incidentRollbackRecommendations(runbook.incidentRollback, null, [], T0 + 60 * MIN)).toEqual([]);
  });
});

describe("BuyWhere smoke tests T3, T5, T7, T8, T10 gate GO (deploy §3)", () => {
  const smoke = runbook.launchFlow.gates.filter((g) => g.id.startsWith("smoke-"));
  const levels = (over: Record<string, Level> = {}) =>
    new Map<string, CheckLevel>(
      runbook.checks.map((c) => [c.id, { id: c.id, label: c.label, level: over[c.id] ?? "ok", summary: "" }]),
    );
  const status = (over?: Record<string, Level>) =>
    Object.fromEntries(evaluateGates(smoke, levels(over), [], []).map((g) => [g.id, g.status]));

  it("one gate per test, on the checks that run it", () => {
    expect(smoke.map((g) => [g.id, g.checks])).toEqual([
      ["smoke-t3", ["product-listing"]],
      ["smoke-t5", ["search-iphone-v1"]],
      ["smoke-t7", ["mcp-health"]],
      ["smoke-t8", ["catalog-status"]],
      ["smoke-t10", ["tls-cert"]],
    ]);
  });

  it("passing tests → green; a failing or unmeasured one → red", () => {
    expect(Object.values(status())).toEqual(["green", "green", "green", "green", "green"]);
    expect(status({ "product-listing": "crit" })["smoke-t3"]).toBe("red");
    expect(status({ "search-iphone-v1": "crit" })["smoke-t5"]).toBe("red");
    expect(status({ "mcp-health": "unknown" })["smoke-t7"]).toBe("red");
    expect(status({ "catalog-status": "crit" })["smoke-t8"]).toBe("red");
  });

  it("T10: a certificate under 30 days (tls-cert warn) fails the test", () => {
    expect(status({ "tls-cert": "warn" })["smoke-t10"]).toBe("red");
    expect(status({ "product-listing": "warn" })["smoke-t3"]).toBe("green");
  });
});

describe("BuyWhere deploy checklist (deploy §1.1, §2): Bolt's ticks, probes where they can read", () => {
  it("is due at Rex's deploy Go (T-30); shell-only steps are Bolt's ticks; the tee exit code is asked for properly", () => {
    const m = runbook.launchFlow.milestones.find((x) => x.id === "deploy");
    expect(m?.offsetMinutes).toBe(-30);
    const manual = m?.items.filter((i) => i.kind === "manual") ?? [];
    expect(manual.map((i) => i.id)).toEqual([
      "dep-git-clean",
      "dep-git-commit",
      "dep-sha",
      "dep-build",
      "dep-build-exit",
      "dep-migrate",
      "dep-migrate-exit",
    ]);
    expect(new Set(manual.map((i) => (i.kind === "manual" ? i.owner : null)))).toEqual(new Set(["bolt"]));
    for (const id of ["dep-build-exit", "dep-migrate-exit"])
      expect(m?.items.find((i) => i.id === id)?.label).toMatch(/PIPESTATUS\[0\].*not from \$\? after \| tee/);
    const auto = m?.items.filter((i) => i.kind === "auto") ?? [];
    expect(auto.map((i) => [i.id, i.kind === "auto" ? i.checks : []])).toEqual([
      ["dep-data-tier", ["container-db", "container-db-replica", "container-pgbouncer", "container-redis"]],
      ["dep-migration-head", ["db-migration"]],
      ["dep-api", ["container-api", "api-health"]],
    ]);
  });
});
