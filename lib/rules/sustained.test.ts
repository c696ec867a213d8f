import { describe, expect, it } from "vitest";
import type { Level } from "@/lib/model/runbook-schema";
import { type TriggerInput, triggerSchema } from "@/lib/model/trigger-schema";
import { evaluateSeries, lookbackMs, type Sample, stepTrigger } from "@/lib/rules/sustained";

const T0 = Date.parse("2026-04-23T14:00:00.000Z");
const STEP = 5000;

/** A series every 5 s from T0: numbers are values (ok level), null is an unknown reading, "gap:N" skips N s. */
function series(...parts: (number | null | "crit" | "ok" | `gap:${number}`)[]): Sample[] {
  const out: Sample[] = [];
  let at = T0;
  for (const p of parts) {
    if (typeof p === "string" && p.startsWith("gap:")) {
      at += Number(p.slice(4)) * 1000 - STEP;
      continue;
    }
    const level: Level = p === null ? "unknown" : p === "crit" ? "crit" : "ok";
    out.push({ at, level, value: typeof p === "number" ? p : null });
    at += STEP;
  }
  return out;
}
const repeat = <T>(v: T, n: number): T[] => Array.from({ length: n }, () => v);
const rule = (r: Partial<TriggerInput>) =>
  triggerSchema.parse({ id: "r", label: "R", check: "c", kind: "sustained", ...r });

const ERR_5M = rule({
  kind: "sustained",
  warn: { threshold: 1, forMinutes: 5 },
  crit: { threshold: 2, forMinutes: 5, recover: 1.5 },
});
const HEALTH_3 = rule({ kind: "consecutive", signal: "failure", crit: { count: 3 } });
const POOL = rule({ kind: "instant", warn: { threshold: 70 }, crit: { threshold: 90, recover: 85 } });
const M_OF_N = rule({ kind: "m-of-n", crit: { threshold: 2, m: 3, n: 5 } });

type Case = {
  name: string;
  rule: ReturnType<typeof rule>;
  samples: Sample[];
  now?: number;
  level: Level;
  reason?: RegExp;
};
const last = (s: Sample[]) => (s.at(-1)?.at ?? T0) + 1000;

const CASES: Case[] = [
  // 5 min at 5 s = 60 intervals: the breach must have started at or before now - 5 min.
  {
    name: "sustained: 5 min + 1 reading above 2% fires crit",
    rule: ERR_5M,
    samples: series(...repeat(3, 62)),
    level: "crit",
  },
  {
    name: "sustained: 4 min above is not yet",
    rule: ERR_5M,
    samples: series(...repeat(0.5, 20), ...repeat(3, 48)),
    level: "ok",
    reason: /breaching since/,
  },
  {
    name: "sustained: one dip below resets the window",
    rule: ERR_5M,
    samples: series(...repeat(3, 40), 0.5, ...repeat(3, 30)),
    level: "ok",
    reason: /breaching since/,
  },
  {
    name: "sustained: between warn and crit for 5 min is warn",
    rule: ERR_5M,
    samples: series(...repeat(1.5, 62)),
    level: "warn",
  },
  {
    name: "sustained: one unreadable reading (5 s) is a short gap: still sustained",
    rule: ERR_5M,
    samples: series(...repeat(3, 30), null, ...repeat(3, 31)),
    level: "crit",
  },
  {
    name: "sustained: 2 min of unreadable readings inside the window is unknown, not ok",
    rule: ERR_5M,
    samples: series(...repeat(3, 30), ...repeat(null, 24), ...repeat(3, 10)),
    level: "unknown",
    reason: /no readable reading for 125 s/,
  },
  {
    name: "sustained: unreadable now after a healthy past is unknown, not ok",
    rule: ERR_5M,
    samples: series(...repeat(0.2, 60), ...repeat(null, 14)),
    level: "unknown",
    reason: /no readable reading for \d+ s until now/,
  },
  {
    name: "sustained: a 3-minute gap is unknown, not sustained",
    rule: ERR_5M,
    samples: series(...repeat(3, 20), "gap:180", ...repeat(3, 30)),
    level: "unknown",
    reason: /no readable reading for 180 s/,
  },
  {
    name: "sustained: no history before the breach is unknown",
    rule: ERR_5M,
    samples: series(...repeat(3, 20)),
    level: "unknown",
    reason: /not covered/,
  },
  {
    name: "sustained: restart mid-window (20 s gap) keeps the window",
    rule: ERR_5M,
    samples: series(...repeat(3, 30), "gap:20", ...repeat(3, 30)),
    level: "crit",
  },
  {
    name: "sustained: last reading too old is unknown",
    rule: ERR_5M,
    samples: series(...repeat(0.2, 70)),
    now: T0 + 70 * STEP + 120_000,
    level: "unknown",
    reason: /no reading since/,
  },
  { name: "sustained: healthy series is ok", rule: ERR_5M, samples: series(...repeat(0.2, 70)), level: "ok" },
  {
    name: "consecutive: 3 failures fire",
    rule: HEALTH_3,
    samples: series("ok", "crit", "crit", "crit"),
    level: "crit",
  },
  {
    name: "consecutive: 2 failures do not",
    rule: HEALTH_3,
    samples: series("crit", "ok", "crit", "crit"),
    level: "ok",
    reason: /2 of 3/,
  },
  {
    name: "consecutive: an unknown breaks certainty",
    rule: HEALTH_3,
    samples: series("ok", "crit", null, "crit"),
    level: "unknown",
  },
  { name: "instant: DB pool 95% is crit", rule: POOL, samples: series(50, 95), level: "crit" },
  { name: "instant: 75% is warn", rule: POOL, samples: series(50, 75), level: "warn" },
  { name: "instant: no number is unknown", rule: POOL, samples: series(50, null), level: "unknown" },
  { name: "m-of-n: 3 of 5 above fires", rule: M_OF_N, samples: series(3, 1, 3, 1, 3), level: "crit" },
  { name: "m-of-n: 2 of 5 is ok", rule: M_OF_N, samples: series(3, 1, 1, 1, 3), level: "ok" },
  {
    name: "m-of-n: 2 of 5 with 2 unknown could be 3: unknown",
    rule: M_OF_N,
    samples: series(3, null, 1, null, 3),
    level: "unknown",
  },
];

describe("rules over time", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { verdict } = evaluateSeries(c.rule, c.samples, c.now ?? last(c.samples));
      expect(verdict.level).toBe(c.level);
      if (c.reason) expect(verdict.reason).toMatch(c.reason);
    });
  }

  it("the firing verdict carries the readings that made it fire", () => {
    const { verdict } = evaluateSeries(HEALTH_3, series("ok", "crit", "crit", "crit"), T0 + 20_000);
    expect(verdict.firing?.evidence.map((s) => s.level)).toEqual(["crit", "crit", "crit"]);
    expect(verdict.firing?.since).toBe(T0 + 15_000);
  });

  it("hysteresis: a signal flapping around the threshold stays crit until it recovers below 1.5", () => {
    const fired = series(...repeat(3, 62));
    let { memory } = evaluateSeries(ERR_5M, fired, last(fired));
    const flap = [1.9, 2.5, 1.8, 2.2, 1.6];
    let at = (fired.at(-1)?.at ?? 0) + STEP;
    const tail = [...fired];
    for (const v of flap) {
      tail.push({ at, level: "ok", value: v });
      const r = stepTrigger(ERR_5M, memory, tail, at);
      memory = r.memory;
      expect(r.verdict.level).toBe("crit");
      at += STEP;
    }
    // 1.2 is below crit's recovery (1.5) but still above warn (1): crit clears, warn (fired too) holds.
    tail.push({ at, level: "ok", value: 1.2 });
    const down = stepTrigger(ERR_5M, memory, tail, at);
    expect(down.verdict.level).toBe("warn");
    tail.push({ at: at + STEP, level: "ok", value: 0.4 });
    expect(stepTrigger(ERR_5M, down.memory, tail, at + STEP).verdict.level).toBe("ok");
  });

  it("hysteresis: missing data never clears a firing rule", () => {
    const fired = series(...repeat(3, 62));
    const { memory } = evaluateSeries(ERR_5M, fired, last(fired));
    const tail = [...fired, { at: last(fired) + STEP, level: "unknown" as Level, value: null }];
    const r = stepTrigger(ERR_5M, memory, tail, last(fired) + 10 * 60_000);
    expect(r.verdict.level).toBe("crit");
    expect(r.verdict.reason).toMatch(/no reading since/);
  });

  it("restart mid-window: stored readings keep the window running", () => {
    // Breach starts at reading 10; the dashboard restarts after reading 40 (3.3 min in) for 20 s.
    const before = series(...repeat(0.2, 10), ...repeat(3, 30));
    const after = series(...repeat(0.2, 10), ...repeat(3, 30), "gap:20", ...repeat(3, 32)).slice(40);
    const now = last(after);
    // Only what the new process saw itself: 2.7 min of breach, the window is not covered.
    expect(evaluateSeries(ERR_5M, after, now).verdict.level).toBe("unknown");
    // With the stored readings loaded at start-up: 5 min of breach, fires.
    const resumed = evaluateSeries(ERR_5M, [...before, ...after], now);
    expect(resumed.verdict.level).toBe("crit");
    expect(resumed.verdict.firing?.evidence[0]?.at).toBe(before[10]?.at);
  });

  it("lookback covers the longest window twice plus gap slack", () => {
    expect(lookbackMs(ERR_5M, STEP)).toBe(2 * 300_000 + 120_000);
    expect(lookbackMs(HEALTH_3, STEP)).toBe(2 * 3 * STEP + 120_000);
  });

  it("schema refuses a value rule without a threshold and recover on the wrong side", () => {
    expect(() => rule({ crit: { forMinutes: 5 } })).toThrow(/threshold/);
    expect(() => rule({ crit: { threshold: 2, recover: 3, forMinutes: 5 } })).toThrow(/recover/);
    expect(() => rule({ kind: "consecutive", signal: "failure", crit: {} })).toThrow(/count/);
    expect(() => rule({})).toThrow(/warn or crit/);
  });
});
