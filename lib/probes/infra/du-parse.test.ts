import { describe, expect, it } from "vitest";
import { parseDuDf, usedPercent } from "@/lib/probes/infra/du-parse";
import { counterDelta, hitPercent } from "@/lib/probes/infra/pg-stats-math";

describe("du -sk; df -kP (busybox and GNU)", () => {
  it("reads the folder's size and its file system's use", () => {
    const out = `41236\t/var/lib/postgresql/data
Filesystem           1024-blocks    Used Available Capacity Mounted on
overlay                 61255492 38019412  20094768  65% /
`;
    const parsed = parseDuDf(out);
    expect(parsed).toEqual({
      pathKb: 41236,
      fs: { sizeKb: 61255492, usedKb: 38019412, availKb: 20094768, mount: "/" },
    });
    expect(typeof parsed !== "string" && usedPercent(parsed.fs)).toBe(65.4);
  });

  it("says what is missing instead of guessing", () => {
    expect(parseDuDf("du: /nope: No such file or directory\n")).toMatch(/du printed no size/);
    expect(parseDuDf("12\t/x\n")).toMatch(/df printed no file system line/);
  });
});

describe("pg_stat_database counters", () => {
  const c = (at: number, commits: number, hit: number, read: number, statsReset = "") => ({
    at,
    statsReset,
    commits,
    rollbacks: 0,
    hit,
    read,
  });

  it("rates the interval between readings", () => {
    expect(counterDelta(c(0, 100, 1000, 10), c(10_000, 150, 1900, 110))).toEqual({
      seconds: 10,
      xacts: 50,
      hit: 900,
      read: 100,
    });
    expect(hitPercent(900, 100)).toBe(90);
    expect(hitPercent(0, 0)).toBeNull();
  });

  it("has no interval on the first reading, after a stats reset or a restart", () => {
    expect(counterDelta(undefined, c(0, 1, 1, 1))).toMatch(/first reading/);
    expect(counterDelta(c(0, 1, 1, 1, "a"), c(5000, 2, 2, 2, "b"))).toMatch(/reset/);
    expect(counterDelta(c(0, 100, 1, 1), c(5000, 3, 1, 1))).toMatch(/backwards/);
  });
});
