import { describe, expect, it } from "vitest";
import {
  countCpus,
  diskUsage,
  memoryUsage,
  parseLoadavg,
  parseMeminfo,
  swapUsage,
} from "@/lib/probes/infra/meminfo";

const meminfo = (fields: Record<string, number | undefined>) =>
  Object.entries(fields)
    .flatMap(([k, v]) => (v === undefined ? [] : [`${k}:${" ".repeat(8)}${v} kB`]))
    .join("\n");

describe("parseMeminfo", () => {
  it("reads kB fields and HugePages counters without a unit", () => {
    const f = parseMeminfo(
      "MemTotal:       24684000 kB\nHugePages_Total:       0\nActive(anon):     1000 kB\n",
    );
    expect(f.get("MemTotal")).toBe(24684000);
    expect(f.get("HugePages_Total")).toBe(0);
    expect(f.get("Active(anon)")).toBe(1000);
  });
});

describe("swapUsage", () => {
  const cases = [
    { name: "no swap at all (0/0)", fields: { SwapTotal: 0, SwapFree: 0 }, want: { kind: "none" } },
    { name: "half used", fields: { SwapTotal: 2000, SwapFree: 1000 }, want: { kind: "usage", percent: 50 } },
    { name: "untouched", fields: { SwapTotal: 2000, SwapFree: 2000 }, want: { kind: "usage", percent: 0 } },
    { name: "missing SwapTotal", fields: { MemTotal: 1 }, want: { kind: "unreadable", field: "SwapTotal" } },
    { name: "missing SwapFree", fields: { SwapTotal: 10 }, want: { kind: "unreadable", field: "SwapFree" } },
  ];
  it.each(cases)("$name", ({ fields, want }) =>
    expect(swapUsage(parseMeminfo(meminfo(fields)))).toMatchObject(want),
  );
});

describe("memoryUsage", () => {
  const cases = [
    {
      name: "available excludes page cache",
      fields: { MemTotal: 1000, MemFree: 100, MemAvailable: 750 },
      want: { kind: "usage", percent: 25 },
    },
    {
      name: "no MemAvailable",
      fields: { MemTotal: 1000 },
      want: { kind: "unreadable", field: "MemAvailable" },
    },
    {
      name: "MemTotal 0",
      fields: { MemTotal: 0, MemAvailable: 0 },
      want: { kind: "unreadable", field: "MemTotal" },
    },
  ];
  it.each(cases)("$name", ({ fields, want }) =>
    expect(memoryUsage(parseMeminfo(meminfo(fields)))).toMatchObject(want),
  );
});

describe("diskUsage (df's formula)", () => {
  const cases = [
    // used = 100−20 = 80; reserved 5 blocks (bfree 20, bavail 15) → 80 / (80 + 15)
    { name: "reserved blocks excluded", s: { blocks: 100, bfree: 20, bavail: 15, bsize: 4096 }, want: 84.2 },
    { name: "empty", s: { blocks: 100, bfree: 100, bavail: 100, bsize: 4096 }, want: 0 },
    { name: "full for users", s: { blocks: 100, bfree: 5, bavail: 0, bsize: 4096 }, want: 100 },
  ];
  it.each(cases)("$name → $want%", ({ s, want }) => expect(diskUsage(s)?.percent).toBe(want));
  it("no blocks → null", () => expect(diskUsage({ blocks: 0, bfree: 0, bavail: 0, bsize: 4096 })).toBeNull());
});

describe("parseLoadavg", () => {
  const cases = [
    { name: "the kernel's line", text: "0.52 1.07 0.98 2/412 31337\n", want: [0.52, 1.07, 0.98] },
    { name: "three numbers only", text: "3 2 1", want: [3, 2, 1] },
    { name: "empty", text: "", want: null },
    { name: "an error message", text: "ENOENT: no such file", want: null },
    { name: "two numbers", text: "0.5 0.4", want: null },
  ];
  it.each(cases)("$name", ({ text, want }) => expect(parseLoadavg(text)).toEqual(want));
});

describe("countCpus", () => {
  const cases = [
    { name: "two CPUs after the total line", text: "cpu  10 0 5\ncpu0 5 0 2\ncpu1 5 0 3\nintr 1\n", want: 2 },
    { name: "the total line alone", text: "cpu  10 0 5\nintr 1\n", want: 0 },
    { name: "nothing", text: "", want: 0 },
  ];
  it.each(cases)("$name → $want", ({ text, want }) => expect(countCpus(text)).toBe(want));
});
