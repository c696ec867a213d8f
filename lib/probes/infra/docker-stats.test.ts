import { describe, expect, it } from "vitest";
import { readStats } from "@/lib/probes/infra/docker-stats";

const cpu = (total: number, system: number, online = 2) => ({
  cpu_usage: { total_usage: total },
  system_cpu_usage: system,
  online_cpus: online,
});

describe("readStats: CPU % like docker stats", () => {
  const cases = [
    {
      name: "one core busy on 2 cpus",
      pre: cpu(1_000, 10_000),
      now: cpu(1_000 + 500, 10_000 + 1_000),
      want: 100,
    },
    { name: "quarter of a core", pre: cpu(0, 0), now: cpu(250, 2_000), want: 25 },
    { name: "idle container", pre: cpu(5, 100), now: cpu(5, 1_100), want: 0 },
    { name: "system counter did not move", pre: cpu(5, 100), now: cpu(50, 100), want: 0 },
    { name: "4 online cpus, two busy", pre: cpu(0, 0, 4), now: cpu(500, 1_000, 4), want: 200 },
  ];
  it.each(cases)("$name → $want%", ({ pre, now, want }) => {
    const s = readStats({ cpu_stats: now, precpu_stats: pre, memory_stats: {} });
    expect("error" in s ? s : s.cpuPercent).toBe(want);
  });

  it("no previous sample (first one-shot) → null, not 0", () => {
    const s = readStats({
      cpu_stats: cpu(10, 100),
      precpu_stats: { cpu_usage: { total_usage: 0 } },
      memory_stats: {},
    });
    expect("error" in s ? s : s.cpuPercent).toBeNull();
  });

  it("falls back to percpu_usage length when online_cpus is 0", () => {
    const now = {
      cpu_usage: { total_usage: 100, percpu_usage: [1, 1, 1, 1] },
      system_cpu_usage: 400,
      online_cpus: 0,
    };
    const s = readStats({ cpu_stats: now, precpu_stats: cpu(0, 0), memory_stats: {} });
    expect("error" in s ? s : s.cpuPercent).toBe(100);
  });
});

describe("readStats: memory = usage − inactive_file", () => {
  const cases = [
    {
      name: "cgroup v1 total_inactive_file",
      mem: { usage: 100, limit: 1000, stats: { total_inactive_file: 30 } },
      want: 70,
    },
    {
      name: "cgroup v2 inactive_file",
      mem: { usage: 100, limit: 1000, stats: { inactive_file: 40 } },
      want: 60,
    },
    { name: "no stats", mem: { usage: 100, limit: 1000 }, want: 100 },
    {
      name: "inactive larger than usage is ignored",
      mem: { usage: 10, limit: 1000, stats: { inactive_file: 40 } },
      want: 10,
    },
    { name: "stopped container (no usage)", mem: {}, want: null },
  ];
  it.each(cases)("$name", ({ mem, want }) => {
    const s = readStats({ cpu_stats: cpu(0, 0), precpu_stats: cpu(0, 0), memory_stats: mem });
    expect("error" in s ? s : s.memoryBytes).toBe(want);
  });

  it("rejects an answer without cpu_stats", () => {
    expect(readStats({ memory_stats: {} })).toHaveProperty("error");
  });
});
