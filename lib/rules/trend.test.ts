import { describe, expect, it } from "vitest";
import { type TriggerInput, triggerSchema } from "@/lib/model/trigger-schema";
import { evaluateSeries, type Sample } from "@/lib/rules/sustained";
import { slopePerMinute } from "@/lib/rules/trend";

const T0 = Date.parse("2026-12-05T10:00:00.000Z");
const STEP = 5000;
/** One reading every 5 s from T0; null is an unknown reading. */
const series = (values: (number | null)[], from = T0): Sample[] =>
  values.map((v, i) => ({ at: from + i * STEP, level: v === null ? "unknown" : "ok", value: v }));
const ramp = (from: number, step: number, n: number) => Array.from({ length: n }, (_, i) => from + i * step);
const rule = (r: Partial<TriggerInput> = {}) =>
  triggerSchema.parse({
    id: "queue-not-draining",
    label: "Queue not draining",
    check: "celery-queue",
    kind: "trend",
    warn: { threshold: 1000, forMinutes: 1 },
    ...r,
  });
const judge = (values: (number | null)[], r = rule()) => {
  const s = series(values);
  return evaluateSeries(r, s, (s.at(-1)?.at ?? T0) + 1000).verdict;
};

describe("slopePerMinute", () => {
  it("is the least-squares slope per minute, null without two readings", () => {
    expect(
      slopePerMinute([
        { at: 0, value: 10 },
        { at: 60_000, value: 70 },
      ]),
    ).toBeCloseTo(60);
    expect(slopePerMinute(ramp(0, 5, 13).map((v, i) => ({ at: i * STEP, value: 1000 - v })))).toBeCloseTo(
      -60,
    );
    expect(slopePerMinute([{ at: 0, value: 3 }])).toBeNull();
  });
});

describe("trend rule (003 recovery: queue depth decreasing)", () => {
  it("fires when the queue is over 1000 and growing over the whole window", () => {
    const v = judge(ramp(1500, 2, 14));
    expect(v.level).toBe("warn");
    expect(v.reason).toMatch(/> 1000, not decreasing over 1 min/);
  });

  it("fires when the queue is flat over 1000 (stuck, not draining)", () => {
    expect(judge(Array(14).fill(1500)).level).toBe("warn");
  });

  it("is ok while a backlog over 1000 drains, however large", () => {
    const v = judge(ramp(5000, -50, 14));
    expect(v.level).toBe("ok");
    expect(v.reason).toMatch(/improving: \d+ → 4350/);
  });

  it("is ok under the threshold whatever the trend", () => {
    expect(judge(ramp(10, 5, 14)).level).toBe("ok");
  });

  it("is unknown until the readings cover the window, and across a gap", () => {
    expect(judge(ramp(1500, 2, 5)).level).toBe("unknown");
    const gap = [...ramp(1500, 2, 4), ...Array(14).fill(null), ...ramp(1510, 2, 4)];
    const r = rule({ maxGapSec: 30, warn: { threshold: 1000, forMinutes: 1.5 } });
    expect(judge(gap, r).level).toBe("unknown");
  });

  it("once firing, clears as soon as the queue starts draining", () => {
    const values = [...ramp(1500, 2, 14), ...ramp(1526, -40, 14)];
    expect(judge(values).level).toBe("ok");
    // The same growth without the drain keeps firing.
    expect(judge(ramp(1500, 2, 28)).level).toBe("warn");
  });

  it("needs forMinutes and a threshold, and watches values", () => {
    expect(() => rule({ warn: { threshold: 1000 } })).toThrow(/forMinutes/);
    expect(() => rule({ signal: "failure", warn: { forMinutes: 1 } })).toThrow(/trend rule watches values/);
  });
});
