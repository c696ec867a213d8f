import { describe, expect, it } from "vitest";
import { judgeBudget } from "@/lib/rules/error-budget";
import type { UptimeSpec, UptimeTally } from "@/lib/rules/uptime";

const DAY = 24 * 3600_000;
const TO = Date.parse("2026-05-31T00:00:00Z");
const FROM = TO - 30 * DAY;
/** 30 days at one reading per 5 s. */
const EXPECTED = (30 * DAY) / 5000;

const SPEC: UptimeSpec = {
  label: "API /health",
  windowLabel: "in the last 30 days",
  up: ["ok"],
  // 004 SLOs: 216 min is 0.5% of 30 days; 43 min spent (the runbook's budget line) is the warning.
  thresholds: { direction: "below", warn: 173, crit: 0 },
  minCoveragePct: 90,
  intervalMs: 5000,
  maxGapMs: 15_000,
};

function tally(up: number, down: number, unknown = 0): UptimeTally {
  return {
    up,
    down,
    unknown,
    expected: EXPECTED,
    downEpisodes: [],
    recentDown: [],
    gaps: [],
    firstAt: FROM,
    lastAt: TO,
  };
}

const judge = (t: UptimeTally) => judgeBudget(t, SPEC, 99.5, FROM, TO);

describe("error budget left in a 30-day window at 99.5%", () => {
  it("a month with nothing down has the whole 216 min left", () => {
    const v = judge(tally(EXPECTED, 0));
    expect(v).toMatchObject({ level: "ok", leftMinutes: 216, budgetMinutes: 216, spentMinutes: 0 });
    expect(v.summary).toBe(
      "error budget (99.5% in the last 30 days: 216 min): 216 min left, 0 min spent (0 of 518,400 readings down); coverage 100%",
    );
  });

  it("43 min down (the runbook's budget line) is a warning, with 172.8 min left", () => {
    const v = judge(tally(EXPECTED - 518, 518));
    expect(v.level).toBe("warn");
    expect(v.leftMinutes).toBe(172.8);
    expect(v.spentMinutes).toBe(43.2);
  });

  it("below the SLO the budget is overspent: negative and critical", () => {
    const v = judge(tally(EXPECTED - 3110, 3110));
    expect(v.level).toBe("crit");
    expect(v.leftMinutes).toBe(-43.2);
    expect(v.conditions[0]).toMatchObject({ level: "crit", actual: "-43.2 min" });
  });

  it("a tenth of the month measured, all up: not known, since the rest could have spent it", () => {
    const v = judge(tally(EXPECTED / 10, 0));
    expect(v.level).toBe("unknown");
    expect(v.leftMinutes).toBe(216);
    expect(v.summary).toMatch(/^budget left not known: coverage 10% is below 90%; /);
  });

  it("a tenth measured but already more down than the whole budget: critical whatever the rest did", () => {
    const v = judge(tally(EXPECTED / 10 - 3000, 3000));
    expect(v.level).toBe("crit");
    // 3000 readings of 5 s seen down: 250 min, so at most -34 min left, never a month extrapolated.
    expect(v.leftMinutes).toBe(-34);
    expect(v.summary).toMatch(/: at most -34 min left, 250 min seen down; coverage 10%$/);
  });

  it("a few minutes measured, half of them down: at most the budget less what was seen, not known", () => {
    const v = judge(tally(12, 12));
    expect(v.level).toBe("unknown");
    expect(v.leftMinutes).toBe(215);
    expect(v.spentMinutes).toBe(1);
  });

  it("no reading with a result: unknown, no number", () => {
    const v = judge(tally(0, 0, 12));
    expect(v).toMatchObject({ level: "unknown", leftMinutes: null });
    expect(v.summary).toBe(
      "error budget (99.5% in the last 30 days: 216 min): no reading of API /health with a result",
    );
  });
});
