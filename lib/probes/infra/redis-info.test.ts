import { describe, expect, it } from "vitest";
import {
  formatBytes,
  hitCounters,
  hitRate,
  infoNumber,
  memoryUsage,
  parseRedisInfo,
} from "@/lib/probes/infra/redis-info";

const INFO = [
  "# Memory",
  "used_memory:1782528",
  "used_memory_human:1.70M",
  "maxmemory:2097152",
  "maxmemory_human:2.00M",
  "maxmemory_policy:noeviction",
  "",
  "# Stats",
  "keyspace_hits:30",
  "keyspace_misses:10",
  "",
].join("\r\n");

describe("parseRedisInfo", () => {
  it("reads fields across sections and ignores headers", () => {
    const f = parseRedisInfo(INFO);
    expect(f.get("maxmemory_policy")).toBe("noeviction");
    expect(f.has("# Memory")).toBe(false);
    expect(infoNumber(f, "used_memory")).toBe(1782528);
    expect(infoNumber(f, "used_memory_human")).toBeNull();
    expect(infoNumber(f, "absent")).toBeNull();
  });
});

describe("memoryUsage", () => {
  const cases = [
    { name: "85 % of 2 MiB", info: INFO, want: { kind: "usage", percent: 85 } },
    {
      name: "maxmemory 0 → no limit, no division",
      info: "used_memory:1000\r\nmaxmemory:0\r\n",
      want: { kind: "no-limit" },
    },
    { name: "no used_memory", info: "maxmemory:10\r\n", want: { kind: "unreadable", field: "used_memory" } },
    { name: "no maxmemory", info: "used_memory:10\r\n", want: { kind: "unreadable", field: "maxmemory" } },
  ];
  it.each(cases)("$name", ({ info, want }) => {
    expect(memoryUsage(parseRedisInfo(info))).toMatchObject(want);
  });
});

describe("hit rate", () => {
  it.each([
    [{ hits: 30, misses: 10 }, 75],
    [{ hits: 0, misses: 5 }, 0],
    [{ hits: 0, misses: 0 }, null],
    [{ hits: 2, misses: 1 }, 66.7],
  ])("%o → %s", (counters, want) => expect(hitRate(counters)).toBe(want));

  it("needs both counters", () => {
    expect(hitCounters(parseRedisInfo(INFO))).toEqual({ hits: 30, misses: 10 });
    expect(hitCounters(parseRedisInfo("keyspace_hits:1\r\n"))).toBeNull();
  });
});

describe("formatBytes", () => {
  it.each([
    [512, "512 B"],
    [2048, "2.0 KiB"],
    [1782528, "1.7 MiB"],
    [200 * 1024 * 1024, "200 MiB"],
  ])("%d → %s", (n, want) => expect(formatBytes(n)).toBe(want));
});
