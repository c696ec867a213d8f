import { describe, expect, it } from "vitest";
import type { Level } from "@/lib/model/runbook-schema";
import { suggestSeverity, type TreeCheck } from "@/lib/rules/severity";

const base: TreeCheck[] = [
  { id: "api-health", kind: "http", level: "ok", value: null, summary: "200" },
  { id: "search-laptop", kind: "search", level: "ok", value: 12, summary: "12 results" },
  { id: "latency-p99", kind: "prometheus", level: "ok", value: 800, summary: "" },
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
      /search search-laptop failing/,
    ],
    ["P99 6 s → P1", with_({ "latency-p99": { value: 6000 } }), "P1", /P99 6000 ms > 5 s/],
    ["DB pool 95% → P1", with_({ "db-pool": { value: 95 } }), "P1", /DB pool 95%/],
    [
      "all redirects broken → P1",
      with_({ "affiliate-redirect": { level: "crit" }, "affiliate-test-asin": { level: "crit" } }),
      "P1",
      /notify Link/,
    ],
    [
      "one redirect broken → P2",
      with_({ "affiliate-test-asin": { level: "crit" } }),
      "P2",
      /one affiliate redirect/,
    ],
    ["error rate 7% → P1", with_({ "error-rate": { value: 7 } }), "P1", /> 5% → P1/],
    ["error rate 3% → P2", with_({ "error-rate": { value: 3 } }), "P2", /1–5%/],
    ["error rate 0.2% → none", base, null, /not an incident/],
  ];
  for (const [name, checks, severity, line] of cases) {
    it(name, () => {
      const s = suggestSeverity(checks);
      expect(s.severity).toBe(severity);
      expect(s.path.at(-1)).toMatch(line);
    });
  }

  it("unknown health is named, never read as healthy", () => {
    const s = suggestSeverity(
      with_({ "api-health": { level: "unknown" }, "error-rate": { value: null, level: "unknown" } }),
    );
    expect(s.unknown).toEqual(["api-health", "error-rate"]);
    expect(s.severity).toBeNull();
    expect(s.path.at(-1)).toMatch(/unreadable/);
  });
});
