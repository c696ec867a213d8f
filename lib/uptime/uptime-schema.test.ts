import { describe, expect, it } from "vitest";
import type { RunbookInput } from "@/lib/model/runbook-schema";
import { loadRunbook, parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

const uptime = (extra: Record<string, unknown>) => ({
  id: "up",
  kind: "uptime",
  label: "Uptime",
  check: "api-health",
  window: { since: "t0" },
  thresholds: { direction: "below", crit: 100 },
  ...extra,
});

function withCheck(check: Record<string, unknown>): RunbookInput {
  const rb = buildBuyWhereUsLaunch({});
  return { ...rb, checks: [...rb.checks, check as RunbookInput["checks"][number]] };
}

describe("uptime checks in the runbook", () => {
  it.each([
    ["an unknown watched check", uptime({ check: "nope" }), /checks\[\d+\]\.check: no check with id "nope"/],
    [
      "uptime of an uptime check",
      uptime({ check: "api-uptime" }),
      /cannot count the uptime of another uptime/,
    ],
    [
      "higher-is-worse thresholds",
      uptime({ thresholds: { direction: "above", crit: 1 } }),
      /direction below/,
    ],
    ["two window forms at once", uptime({ window: { minutes: 5, hours: 1 } }), /window/],
    ["a window longer than 31 days", uptime({ window: { days: 45 } }), /window/],
    ["crit as an up level", uptime({ up: ["crit"] }), /up\[0\]/],
  ])("refuses %s", (_name, check, message) => {
    expect(() => parseRunbook(withCheck(check), "test")).toThrow(message);
  });

  it("the presets carry runbook §6's and the CIA SLO's uptime, and T+1h's item reads it", () => {
    const bw = loadRunbook({}).runbook;
    expect(bw.checks.find((c) => c.id === "api-uptime")).toMatchObject({
      kind: "uptime",
      check: "api-health",
      window: { since: "t0" },
      up: ["ok", "warn"],
      thresholds: { direction: "below", crit: 100 },
    });
    const t1h = bw.launchFlow.milestones.flatMap((m) => m.items).find((i) => i.id === "t1h-uptime");
    expect(t1h).toMatchObject({ kind: "auto", checks: ["api-uptime"] });
    const cia = loadRunbook({ WARROOM_PRESET: "customer-intelligence" }).runbook;
    expect(cia.checks.find((c) => c.id === "uptime-30d")).toMatchObject({
      check: "health",
      window: { days: 30 },
      up: ["ok"],
      minCoveragePct: 90,
      thresholds: { direction: "below", warn: 99.9, crit: 99.5 },
    });
  });
});
