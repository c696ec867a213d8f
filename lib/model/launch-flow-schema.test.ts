import { describe, expect, it } from "vitest";
import { loadRunbook, parseRunbook } from "@/lib/runbook/load-runbook";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

describe("launch flow config", () => {
  it("the BuyWhere preset carries the poll, 13 P0 gates (deploy §3 smoke tests included) and 8 milestones (the deploy checklist first)", () => {
    const { runbook } = loadRunbook({});
    const flow = runbook.launchFlow;
    expect(flow.pollDomains).toEqual(["infra", "frontend", "affiliate", "qa", "comms"]);
    expect(flow.gates.map((g) => g.id)).toEqual([
      "backup",
      "api-health",
      "db-healthy",
      "search-usd",
      "affiliate",
      "disk",
      "p99",
      "no-p1",
      "smoke-t3",
      "smoke-t5",
      "smoke-t7",
      "smoke-t8",
      "smoke-t10",
    ]);
    expect(flow.milestones.map((m) => m.id)).toEqual([
      "deploy",
      "t-2h",
      "t-15",
      "t-0",
      "t+15",
      "t+30",
      "t+1h",
      "t+4h",
    ]);
    expect(flow.delayMinutes).toBe(30);
  });

  it("a runbook without a launch flow gets the empty default", () => {
    const input = buildBuyWhereUsLaunch({});
    delete input.launchFlow;
    // Its deploy window names go gates, which a runbook without a launch flow does not have.
    delete input.deployWatch;
    input.modes = ["launch", "incident"];
    expect(parseRunbook(input, "t").launchFlow).toMatchObject({
      gates: [],
      milestones: [],
      delayMinutes: 30,
    });
  });

  it.each([
    [
      "a gate naming an unknown check",
      (f: Flow) => f.gates?.[1]?.checks?.push("nope"),
      /launchFlow\.gates\[1\]\.checks\[1\]: no check with id "nope"/,
    ],
    [
      "a gate of an unknown domain",
      (f: Flow) => {
        if (f.gates?.[0]) f.gates[0].domain = "mars";
      },
      /launchFlow\.gates\[0\]\.domain: no person has domain "mars"/,
    ],
    [
      "an item owned by nobody",
      (f: Flow) => {
        const item = f.milestones?.[0]?.items?.[7];
        if (item?.kind !== "manual") throw new Error("expected a manual item at t-2h items[7]");
        item.owner = "ghost";
      },
      /launchFlow\.milestones\[0\]\.items\[7\]\.owner: no person with id "ghost"/,
    ],
    ["an unknown poll domain", (f: Flow) => f.pollDomains?.push("mars"), /launchFlow\.pollDomains\[5\]/],
  ])("refuses %s, naming the field", (_n, mutate, message) => {
    const input = buildBuyWhereUsLaunch({});
    const flow = structuredClone(input.launchFlow) as Flow;
    mutate(flow);
    expect(() => parseRunbook({ ...input, launchFlow: flow }, "t")).toThrow(message);
  });
});

type Flow = NonNullable<ReturnType<typeof buildBuyWhereUsLaunch>["launchFlow"]>;
