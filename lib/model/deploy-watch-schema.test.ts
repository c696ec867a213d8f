import { describe, expect, it } from "vitest";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

describe("deployWatch config", () => {
  it("the BuyWhere preset carries deploy §3's ten smoke tests and §4's seven go conditions", () => {
    const rb = parseRunbook(buildBuyWhereUsLaunch({}), "t");
    expect(rb.deployWatch?.smoke.map((t) => t.id)).toEqual([
      "t1",
      "t2",
      "t3",
      "t4",
      "t5",
      "t6",
      "t7",
      "t8",
      "t9",
      "t10",
    ]);
    expect(rb.deployWatch?.goGates).toHaveLength(7);
    expect(rb.deployWatch).toMatchObject({ goFailMinutes: 15, healthCheck: "api-health", healthFailures: 3 });
  });

  it.each([
    [
      "a smoke check that does not exist",
      { smoke: [{ id: "t1", label: "T1", checks: ["nope"] }] },
      'deployWatch.smoke.0.checks.0: no check with id "nope"',
    ],
    ["a go gate that does not exist", { goGates: ["nope"] }, 'deployWatch.goGates.0: no gate with id "nope"'],
    [
      "a health check that does not exist",
      { healthCheck: "nope" },
      'deployWatch.healthCheck: no check with id "nope"',
    ],
  ])("refuses %s, naming the field", (_name, change, message) => {
    const input = buildBuyWhereUsLaunch({});
    input.deployWatch = { ...(input.deployWatch as object), ...change } as typeof input.deployWatch;
    expect(() => parseRunbook(input, "t")).toThrow(message.replace(/\.(\d+)/g, "[$1]"));
  });

  it("refuses a watch without the actions' stack", () => {
    const input = buildBuyWhereUsLaunch({});
    delete input.actions;
    expect(() => parseRunbook(input, "t")).toThrow("deployWatch: needs actions.stack");
  });
});
