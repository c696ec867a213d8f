import { describe, expect, it } from "vitest";
import { judgeRepeat, judgeRun } from "@/lib/rules/http-pair";

const T = { direction: "above", warn: 50, crit: 80 } as const;

describe("judgeRepeat: the same call twice, the second against the first", () => {
  it.each([
    [
      "cached second call",
      150,
      8,
      "ok",
      5.3,
      /^second call to \/x 8 ms after 150 ms \(5\.3% of the first\)$/,
    ],
    ["barely faster", 150, 100, "warn", 66.7, /barely faster, the cache is not answering \(warning\)$/],
    ["as slow as the first", 150, 151, "crit", 100.7, /151 ms after 150 ms .*not faster.*\(critical\)$/],
    ["both fast: the first was cached too", 9, 12, "ok", 133.3, /^both calls to \/x within 50 ms/],
  ] as const)("%s", (_name, firstMs, secondMs, level, value, summary) => {
    const v = judgeRepeat({ firstMs, secondMs, fastMs: 50, thresholds: T, from: "/x" });
    expect(v.level).toBe(level);
    expect(v.value).toBe(value);
    expect(v.unit).toBe("%");
    expect(v.summary).toMatch(summary);
  });
});

describe("judgeRun: a job started and not completed", () => {
  const now = Date.parse("2026-12-05T14:30:00Z");
  const min = (n: number) => now - n * 60_000;
  it.each([
    ["never started", null, null, "ok", null, /^no sync in progress$/],
    ["completed after its start", min(20), min(15), "ok", null, /completed after 5 min$/],
    [
      "running within the limit",
      min(4),
      min(60),
      "ok",
      4,
      /^sync running for 4 min \(started .*hung after 10 min\)$/,
    ],
    [
      "started 12 min ago, no completion",
      min(12),
      null,
      "crit",
      12,
      /^sync started 2026-12-05T14:18:00\.000Z, 12 min ago, not completed: > 10 min, hung$/,
    ],
    ["completion older than the start", min(11), min(600), "crit", 11, /hung$/],
    ["exactly at the limit is not yet hung", min(10), null, "ok", 10, /running for 10 min/],
  ] as const)("%s", (_name, startedAt, completedAt, level, value, summary) => {
    const v = judgeRun({ name: "sync", startedAt, completedAt, maxMinutes: 10, now });
    expect(v.level).toBe(level);
    expect(v.value).toBe(value);
    expect(v.summary).toMatch(summary);
    expect(v.conditions[0]?.ok).toBe(level === "ok");
  });
});
