import { describe, expect, it } from "vitest";
import type { Level } from "@/lib/model/runbook-schema";
import { severityScaleSchema } from "@/lib/model/severity-scale-schema";
import { suggestSeverity, type TreeCheck } from "@/lib/rules/severity";
import { BUYWHERE_SCALE } from "@/lib/runbook/presets/buywhere-scale";

// The tree is data: these cases read BuyWhere's (incident runbook appendix).
const scale = severityScaleSchema.parse(BUYWHERE_SCALE);

const base: TreeCheck[] = [
  { id: "api-health", kind: "http", level: "ok", value: null, summary: "200" },
  { id: "search-laptop", kind: "search", level: "ok", value: 12, summary: "12 results" },
  { id: "latency-p99", kind: "prometheus", level: "ok", value: 800, summary: "" },
  { id: "latency-p99-search", kind: "prometheus", level: "ok", value: 900, summary: "" },
  { id: "db-pool", kind: "pgbouncer", level: "ok", value: 40, summary: "" },
  { id: "affiliate-redirect", kind: "redirect", level: "ok", value: null, summary: "" },
  { id: "affiliate-test-asin", kind: "redirect", level: "ok", value: null, summary: "" },
  { id: "error-rate", kind: "prometheus", level: "ok", value: 0.2, summary: "" },
];
const with_ = (changes: Record<string, { level?: Level; value?: number | null }>) =>
  base.map((c) => ({ ...c, ...changes[c.id] }));

describe("severity decision tree (incident runbook appendix)", () => {
  const cases: [string, TreeCheck[], string | null, RegExp][] = [
    ["health failing → P0", with_({ "api-health": { level: "crit" } }), "P0", /API \/health failing/],
    [
      "search failing → P1",
      with_({ "search-laptop": { level: "crit" } }),
      "P1",
      /search returning no results \(search-laptop/,
    ],
    [
      "search P99 6 s → P1",
      with_({ "latency-p99-search": { value: 6000 } }),
      "P1",
      /latency-p99-search 6000 > 5000\) → P1/,
    ],
    [
      "API-wide P99 6 s with search fast → not the tree's search branch",
      with_({ "latency-p99": { value: 6000 } }),
      null,
      /error rate/,
    ],
    ["DB pool 95% → P1", with_({ "db-pool": { value: 95 } }), "P1", /db-pool 95 > 90/],
    [
      "all redirects broken → P1",
      with_({ "affiliate-redirect": { level: "crit" }, "affiliate-test-asin": { level: "crit" } }),
      "P1",
      /Notify Link/,
    ],
    [
      "one redirect broken → P2",
      with_({ "affiliate-test-asin": { level: "crit" } }),
      "P2",
      /one affiliate redirect/,
    ],
    ["error rate 7% → P1", with_({ "error-rate": { value: 7 } }), "P1", /error-rate 7 > 5\) → P1/],
    ["error rate 3% → P2", with_({ "error-rate": { value: 3 } }), "P2", /1–5%/],
    ["error rate exactly 1% → P2", with_({ "error-rate": { value: 1 } }), "P2", /error-rate 1 ≥ 1/],
    ["error rate 0.2% → none", base, null, /not an incident/],
  ];
  for (const [name, checks, severity, line] of cases) {
    it(name, () => {
      const s = suggestSeverity(checks, scale);
      expect(s.severity).toBe(severity);
      expect(s.path.at(-1)).toMatch(line);
    });
  }

  it("unknown health is named, never read as healthy", () => {
    const s = suggestSeverity(
      with_({ "api-health": { level: "unknown" }, "error-rate": { value: null, level: "unknown" } }),
      scale,
    );
    expect(s.unknown).toEqual(["api-health", "error-rate"]);
    expect(s.severity).toBeNull();
    expect(s.path[0]).toBe("API /health answering? unknown (api-health)");
    expect(s.path.at(-1)).toMatch(/2 of its checks are unknown: the suggestion may be too mild/);
  });

  it("a stale error rate (unknown, its old 7% kept) is not judged by its number", () => {
    const s = suggestSeverity(with_({ "error-rate": { level: "unknown", value: 7 } }), scale);
    expect(s.severity).toBeNull();
    expect(s.unknown).toEqual(["error-rate"]);
  });

  it("a runbook without a tree suggests nothing and says so", () => {
    const none = severityScaleSchema.parse({ basis: "x", levels: scale.levels });
    const s = suggestSeverity(with_({ "api-health": { level: "crit" } }), none);
    expect(s).toEqual({
      severity: null,
      scenario: null,
      path: ["this runbook has no decision tree"],
      unknown: [],
    });
  });
});

describe("tree branches as data", () => {
  const step = { id: "s", label: "x", source: "t", severity: "P1" as const };
  const parse = (tree: unknown[]) =>
    severityScaleSchema.safeParse({ basis: "x", levels: scale.levels, tree });

  it("a branch names its checks or a kind, never both or neither", () => {
    expect(parse([{ ...step, test: "any-crit", checks: ["a"] }]).success).toBe(true);
    expect(parse([{ ...step, test: "any-crit" }]).success).toBe(false);
    expect(parse([{ ...step, test: "any-crit", checks: ["a"], checkKind: "http" }]).success).toBe(false);
  });

  it("a threshold goes with above/at-least only", () => {
    expect(parse([{ ...step, test: "above", checks: ["a"] }]).success).toBe(false);
    expect(parse([{ ...step, test: "any-crit", checks: ["a"], threshold: 1 }]).success).toBe(false);
  });

  it("the matched branch is the scenario, with its steps; a 'not an incident' branch is none", () => {
    const tree = [
      { ...step, id: "calm", severity: null, test: "at-least", threshold: 0, checks: ["err"] },
      { ...step, test: "not-ok", checks: ["mem"], steps: ["docker stats"] },
    ];
    const parsed = severityScaleSchema.parse({ basis: "x", levels: scale.levels, tree });
    const mem: TreeCheck = { id: "mem", kind: "host", level: "warn", value: 88, summary: "88%" };
    const err: TreeCheck = { id: "err", kind: "prometheus", level: "ok", value: 0.1, summary: "0.1%" };
    expect(suggestSeverity([mem], parsed).scenario).toEqual({
      id: "s",
      label: "x",
      severity: "P1",
      action: null,
      steps: ["docker stats"],
      source: "t",
      checks: ["mem"],
    });
    expect(suggestSeverity([err, mem], parsed)).toMatchObject({ severity: null, scenario: null });
  });

  it("not-ok matches warn as well as crit", () => {
    const tree = [{ ...step, test: "not-ok", checks: ["mem"] }];
    const parsed = severityScaleSchema.parse({ basis: "x", levels: scale.levels, tree });
    const mem = (level: Level): TreeCheck[] => [
      { id: "mem", kind: "host", level, value: 88, summary: "88%" },
    ];
    expect(suggestSeverity(mem("warn"), parsed).severity).toBe("P1");
    expect(suggestSeverity(mem("ok"), parsed).severity).toBeNull();
  });
});
