import { describe, expect, it } from "vitest";
import type { Level } from "@/lib/model/runbook-schema";
import { judgeUptime, type LevelSeries, lowerBound, tallyUptime, type UptimeSpec } from "@/lib/rules/uptime";

const T0 = Date.parse("2026-04-23T14:00:00Z");
const STEP = 5000;
const CODES: Record<string, Level> = { o: "ok", w: "warn", c: "crit", u: "unknown" };

/** One character per 5 s slot from T0: o ok, w warn, c crit, u unknown, "." nothing collected. */
function series(pattern: string, start = T0): LevelSeries {
  const s: LevelSeries = { at: [], level: [] };
  [...pattern].forEach((ch, i) => {
    const level = CODES[ch];
    if (!level) return;
    s.at.push(start + i * STEP);
    s.level.push(level);
  });
  return s;
}

const BUYWHERE: UptimeSpec = {
  label: "API /health",
  windowLabel: "since T-0",
  up: ["ok", "warn"],
  thresholds: { direction: "below", crit: 100 },
  minCoveragePct: 90,
  intervalMs: STEP,
  maxGapMs: 3 * STEP,
};
const CIA: UptimeSpec = {
  ...BUYWHERE,
  windowLabel: "in the last 30 days",
  up: ["ok"],
  thresholds: { direction: "below", warn: 99.9, crit: 99.5 },
};

function judge(pattern: string, spec = BUYWHERE, slots = pattern.length, from = T0) {
  const to = from + slots * STEP;
  return judgeUptime(tallyUptime(series(pattern), from, to, spec), spec, from, to);
}

describe("uptime over a window of readings", () => {
  it("counts the runbook's example: 3,598 of 3,600 up is 99.94% and crit against §6's 100%", () => {
    const pattern = `${"o".repeat(37)}cc${"o".repeat(3561)}`;
    const v = judge(pattern);
    expect(v.level).toBe("crit");
    expect(v.shownPct).toBe(99.94);
    expect(v.coveragePct).toBe(100);
    expect(v.summary).toBe(
      "API /health up 3,598 of 3,600 readings since T-0 (99.94%); 2 down at 14:03:05, 14:03:10 UTC; coverage 100%",
    );
    expect(v.conditions[0]).toMatchObject({ ok: false, level: "crit", actual: "99.94%" });
  });

  it.each([
    { pattern: "o".repeat(720), spec: BUYWHERE, level: "ok", shown: 100, why: "every reading up" },
    {
      pattern: `${"o".repeat(700)}${"w".repeat(20)}`,
      spec: BUYWHERE,
      level: "ok",
      shown: 100,
      why: "warn counts as up when the runbook says so",
    },
    {
      pattern: `${"o".repeat(700)}${"w".repeat(20)}`,
      spec: { ...BUYWHERE, up: ["ok"] },
      level: "crit",
      shown: 97.22,
      why: "warn is down otherwise",
    },
    {
      pattern: `${"o".repeat(199)}c`,
      spec: CIA,
      level: "warn",
      shown: 99.5,
      why: "exactly 99.5% is not below 99.5 (integer arithmetic)",
    },
    {
      pattern: `${"o".repeat(994)}${"c".repeat(6)}`,
      spec: CIA,
      level: "crit",
      shown: 99.4,
      why: "below the SLO",
    },
    {
      pattern: `${"o".repeat(9991)}${"c".repeat(9)}`,
      spec: CIA,
      level: "ok",
      shown: 99.91,
      why: "above the warning line",
    },
    {
      pattern: `${"o".repeat(19_999)}c`,
      spec: BUYWHERE,
      level: "crit",
      shown: 99.99,
      why: "99.995% is shown as 99.99, never rounded up to 100",
    },
  ] satisfies { pattern: string; spec: UptimeSpec; level: Level; shown: number; why: string }[])(
    "$why → $level $shown%",
    ({ pattern, spec, level, shown }) => {
      const v = judge(pattern, spec);
      expect(v.level).toBe(level);
      expect(v.shownPct).toBe(shown);
    },
  );

  it("unknown readings are neither up nor down: they lower the coverage, and too little coverage is unknown", () => {
    const v = judge(`${"o".repeat(10)}uu`);
    expect(v.tally).toMatchObject({ up: 10, down: 0, unknown: 2 });
    expect(v.shownPct).toBe(100);
    expect(v.coveragePct).toBe(83.33);
    expect(v.level).toBe("unknown");
    expect(v.summary).toBe(
      "uptime not known: coverage 83.33% is below 90%; API /health up 10 of 10 readings since T-0 (100%); coverage 83.33% (2 unknown)",
    );
    // With enough coverage the same unknowns are reported, not counted.
    const ok = judge(`${"o".repeat(98)}uu`);
    expect(ok.level).toBe("ok");
    expect(ok.summary).toContain("up 98 of 98 readings since T-0 (100%); coverage 98% (2 unknown)");
  });

  it("a gap in collection (dashboard down) is coverage, never up, and the longest gap is named", () => {
    const v = judge(`${"o".repeat(300)}${".".repeat(24)}${"o".repeat(396)}`);
    expect(v.tally).toMatchObject({ up: 696, down: 0, unknown: 0, expected: 720 });
    expect(v.tally.gaps).toEqual([{ from: T0 + 299 * STEP, to: T0 + 324 * STEP, count: 24 }]);
    expect(v.coveragePct).toBe(96.66);
    expect(v.level).toBe("ok");
    expect(v.summary).toBe(
      "API /health up 696 of 696 readings since T-0 (100%); coverage 96.66% (24 not collected, longest 14:24:55–14:27:00 UTC)",
    );
  });

  it("readings missing at the end of the window (collector stopped) are a gap too", () => {
    const v = judge("o".repeat(100), BUYWHERE, 120);
    expect(v.tally.gaps).toEqual([{ from: T0 + 99 * STEP, to: T0 + 120 * STEP, count: 21 }]);
    expect(v.coveragePct).toBe(83.33);
    expect(v.level).toBe("unknown");
  });

  it("with no reading that has a result the uptime is unknown, never 100%", () => {
    expect(judge("", BUYWHERE, 12)).toMatchObject({ level: "unknown", shownPct: null, coveragePct: 0 });
    const v = judge("uuu");
    expect(v.level).toBe("unknown");
    expect(v.summary).toBe("no reading of API /health with a result since T-0; coverage 0% (3 unknown)");
  });

  it("low coverage still states a breach the missing readings could not undo (30-day SLO budget spent)", () => {
    const month = 30 * 24 * 720; // 518,400 slots
    const day = 17_280;
    // One day collected with 60 min down: even if the other 29 days were all up, 99.86% < 99.9.
    const hourDown = `${"o".repeat(day - 720)}${"c".repeat(720)}`;
    const warn = judge(hourDown, CIA, month);
    expect(warn.coveragePct).toBe(3.33);
    expect(warn.level).toBe("warn");
    expect(warn.summary).toContain("720 down in 1 episode: 04-24 13:00:00–04-24 13:59:55 (720) UTC");
    // Five hours down: below 99.5% whatever the rest holds.
    const fiveHours = `${"o".repeat(day - 3600)}${"c".repeat(3600)}`;
    expect(judge(fiveHours, CIA, month).level).toBe("crit");
    // All up so far: could still end anywhere, so unknown.
    expect(judge("o".repeat(day), CIA, month).level).toBe("unknown");
  });

  it("a sliding window counts only its own readings; episodes of down readings are summarised", () => {
    const pattern = `${"c".repeat(50)}${"o".repeat(100)}${"c".repeat(8)}${"o".repeat(10)}${"c".repeat(5)}${"o".repeat(7)}`;
    const from = T0 + 60 * STEP; // skips the first 50 down readings
    const spec = { ...BUYWHERE, windowLabel: "in the last 10 min" };
    const to = T0 + 180 * STEP;
    const v = judgeUptime(tallyUptime(series(pattern), from, to, spec), spec, from, to);
    expect(v.tally).toMatchObject({ up: 107, down: 13, expected: 120 });
    expect(v.tally.downEpisodes.map((e) => e.count)).toEqual([8, 5]);
    expect(v.summary).toBe(
      "API /health up 107 of 120 readings in the last 10 min (89.16%); 13 down in 2 episodes: 14:12:30–14:13:05 (8), 14:14:00–14:14:20 (5) UTC; coverage 100%",
    );
  });

  it("lowerBound finds the first reading at or after a time", () => {
    const at = [10, 20, 20, 30];
    expect([0, 10, 15, 20, 25, 30, 31].map((t) => lowerBound(at, t))).toEqual([0, 0, 1, 1, 3, 3, 4]);
  });
});
