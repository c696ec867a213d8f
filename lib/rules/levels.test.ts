import { describe, expect, it } from "vitest";
import { evaluateThreshold, formatNumber, worstLevel } from "@/lib/rules/levels";

describe("evaluateThreshold", () => {
  const above = { direction: "above" as const, warn: 0.5, crit: 1 };
  const below = { direction: "below" as const, warn: 30, crit: 7 };
  it.each([
    [0.2, above, "ok", "error rate <= 0.5%"],
    [0.5, above, "ok", "error rate <= 0.5%"],
    [0.7, above, "warn", "error rate <= 0.5% (warning)"],
    [1.2, above, "crit", "error rate <= 1% (critical)"],
    [90, below, "ok", "error rate >= 30%"],
    [12, below, "warn", "error rate >= 30% (warning)"],
    [3, below, "crit", "error rate >= 7% (critical)"],
  ] as const)("%d against %o is %s", (value, t, level, condition) => {
    const c = evaluateThreshold("error rate", value, "%", t);
    expect(c.level).toBe(level);
    expect(c.ok).toBe(level === "ok");
    expect(c.condition).toBe(condition);
  });

  it("works with only a critical level", () => {
    expect(evaluateThreshold("db", 600, "ms", { direction: "above", crit: 500 }).level).toBe("crit");
    expect(evaluateThreshold("db", 400, "ms", { direction: "above", crit: 500 }).level).toBe("ok");
  });
});

describe("worstLevel", () => {
  it.each([
    [[], "ok"],
    [["ok", "unknown"], "unknown"],
    [["unknown", "warn"], "warn"],
    [["warn", "crit", "ok"], "crit"],
  ] as const)("%o → %s", (levels, worst) => expect(worstLevel(levels)).toBe(worst));
});

describe("formatNumber", () => {
  it.each([
    [3, "3"],
    [0.5, "0.5"],
    [0.05, "0.05"],
    [0.123, "0.12"],
    [1.5, "1.5"],
    [12.345, "12.35"],
    [1234.5, "1235"],
  ])("%d → %s", (n, text) => expect(formatNumber(n)).toBe(text));
});
