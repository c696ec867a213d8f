import { describe, expect, it } from "vitest";
import type { CheckLevel, CheckpointCallRecord, DecisionRecord } from "@/lib/model/launch";
import { type Checkpoint, checkLaunchFlowRefs, launchFlowSchema } from "@/lib/model/launch-flow-schema";
import type { Level } from "@/lib/model/runbook-schema";
import { evaluateCheckpoints, judgeCheckpointCall } from "@/lib/rules/launch-checkpoints";
import { judgeDecision } from "@/lib/rules/launch-decision";
import { evaluateGates } from "@/lib/rules/launch-gates";
import { launchPhase } from "@/lib/rules/launch-phase";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";

const T0 = Date.UTC(2026, 3, 23, 13, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const DEPLOY: Checkpoint = {
  id: "deploy-go",
  label: "Deploy Go/Hold",
  owner: "rex",
  offsetMinutes: -30,
  gates: ["api", "disk"],
};
const GATES = [
  { id: "api", label: "API health", domain: "infra", checks: ["api-health"] },
  { id: "disk", label: "Disk", domain: "infra", checks: ["host-disk"] },
  { id: "p1", label: "No P1", domain: "overall", checks: ["p1-check"] },
];

function gatesAt(lv: Record<string, Level>) {
  const checks = new Map<string, CheckLevel>(
    Object.entries(lv).map(([id, level]) => [id, { id, label: id, level, summary: `${id} ${level}` }]),
  );
  return evaluateGates(GATES, checks, [], []);
}
const ALL_OK = { "api-health": "ok", "host-disk": "ok", "p1-check": "ok" } as const;
const call = (id: number, c: "go" | "hold", reason: string | null = null): CheckpointCallRecord => ({
  id,
  checkpointId: "deploy-go",
  call: c,
  personId: "rex",
  reason,
  at: iso(T0 - 30 * MIN + id * 1000),
  blockingGates: [],
});

describe("evaluateCheckpoints", () => {
  it.each([
    ["no call yet", [], "not-called"],
    ["a Hold", [call(1, "hold", "smoke T5 red")], "hold"],
    ["Hold then Go: the latest counts", [call(1, "hold", "x"), call(2, "go")], "go"],
    ["Go then Hold", [call(1, "go"), call(2, "hold", "disk 91%")], "hold"],
    [
      "another checkpoint's call does not count",
      [{ ...call(1, "hold", "x"), checkpointId: "other" }],
      "not-called",
    ],
  ] as const)("%s", (_n, calls, status) => {
    const [state] = evaluateCheckpoints([DEPLOY], calls, gatesAt(ALL_OK), T0);
    expect(state?.status).toBe(status);
    expect(state?.dueAt).toBe(iso(T0 - 30 * MIN));
  });

  it("names only its own gates that are red now", () => {
    const [state] = evaluateCheckpoints(
      [DEPLOY],
      [],
      gatesAt({ ...ALL_OK, "host-disk": "crit", "p1-check": "crit" }),
      T0,
    );
    expect(state?.blocking).toEqual(["disk"]);
  });
});

describe("judgeCheckpointCall", () => {
  const judge = (lv: Record<string, Level>, c: "go" | "hold", decision: DecisionRecord | null = null) => {
    const gates = gatesAt(lv);
    const [checkpoint] = evaluateCheckpoints([DEPLOY], [], gates, T0);
    if (!checkpoint) throw new Error("no checkpoint");
    return judgeCheckpointCall({ checkpoint, call: c, gates, decision });
  };

  it.each([
    ["Go with its gates green", ALL_OK, "go", true, /.*/],
    [
      "Go refused naming the red gate",
      { ...ALL_OK, "api-health": "crit" },
      "go",
      false,
      /Deploy Go\/Hold GO refused: P0 gate "API health" \(api\) is red/,
    ],
    ["unknown is not green", { ...ALL_OK, "host-disk": "unknown" }, "go", false, /\(disk\) is red/],
    ["a red gate that is not its own does not block", { ...ALL_OK, "p1-check": "crit" }, "go", true, /.*/],
    ["Hold is always accepted", { ...ALL_OK, "api-health": "crit" }, "hold", true, /.*/],
  ] as const)("%s", (_n, lv, c, ok, reason) => {
    const verdict = judge(lv, c);
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it("cannot change once the launch is called GO", () => {
    const go: DecisionRecord = {
      round: 1,
      call: "go",
      personId: "rex",
      reason: null,
      at: iso(T0),
      blockingGates: [],
    };
    const verdict = judge(ALL_OK, "hold", go);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/already called GO/) });
  });
});

describe("the launch's GO and a held checkpoint", () => {
  const gates = gatesAt(ALL_OK);
  const at = (calls: CheckpointCallRecord[]) => evaluateCheckpoints([DEPLOY], calls, gates, T0);

  it.each([
    ["not called yet: GO goes through", [], true],
    ["deploy Go: GO goes through", [call(1, "go")], true],
    ["deploy Hold: GO refused naming it", [call(1, "hold", "smoke T5 red")], false],
    ["deploy Hold, then Go: GO goes through", [call(1, "hold", "x"), call(2, "go")], true],
  ] as const)("%s", (_n, calls, ok) => {
    const verdict = judgeDecision({ call: "go", gates, decision: null, checkpoints: at([...calls]) });
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) {
      expect(verdict.reason).toBe("GO refused: Deploy Go/Hold (deploy-go) is HOLD by rex: smoke T5 red");
    }
  });

  it("the launch's HOLD is accepted while the deploy is held, without a delay when no gate is red", () => {
    const verdict = judgeDecision({
      call: "hold",
      gates,
      decision: null,
      checkpoints: at([call(1, "hold", "x")]),
    });
    expect(verdict).toEqual({ ok: true, call: "hold", blocking: [], delay: false });
  });

  it("a held deploy holds the phase until the launch's call", () => {
    const base = { nowMs: T0 - 20 * MIN, t0Ms: T0, pollOpensMs: T0 - 15 * MIN, delays: [], incidents: [] };
    const held = launchPhase({
      ...base,
      decision: null,
      checkpoints: at([call(1, "hold", "disk 91%")]),
      nameOf: () => "Rex",
    });
    expect(held).toEqual({ phase: "HOLDING", detail: "Deploy Go/Hold: HOLD by Rex: disk 91%" });
    expect(launchPhase({ ...base, decision: null, checkpoints: at([call(1, "go")]) }).phase).toBe(
      "PRE-LAUNCH",
    );
  });
});

describe("the checkpoint in the runbook", () => {
  it("refuses an owner or a gate that does not exist", () => {
    const input = buildBuyWhereUsLaunch({});
    const flow = launchFlowSchema.parse({
      ...input.launchFlow,
      checkpoints: [{ ...DEPLOY, owner: "nobody", gates: ["api-health", "nope"] }],
    });
    const issues: string[] = [];
    checkLaunchFlowRefs(
      {
        checks: (input.checks ?? []).map((c) => ({ id: c.id })),
        people: input.people ?? [],
        launchFlow: flow,
      },
      (i) => issues.push(`${i.path.join(".")}: ${i.message}`),
    );
    expect(issues.filter((i) => i.startsWith("launchFlow.checkpoints"))).toEqual([
      'launchFlow.checkpoints.0.owner: no person with id "nobody"',
      'launchFlow.checkpoints.0.gates.1: no gate with id "nope"',
    ]);
  });

  it("BuyWhere: Rex's deploy Go/Hold at T-30 over deploy §4's conditions and the smoke gates", () => {
    const flow = launchFlowSchema.parse(buildBuyWhereUsLaunch({}).launchFlow);
    expect(flow.checkpoints).toEqual([
      expect.objectContaining({
        id: "deploy-go",
        owner: "rex",
        offsetMinutes: -30,
        gates: expect.arrayContaining([
          "api-health",
          "db-healthy",
          "search-usd",
          "affiliate",
          "backup",
          "disk",
          "p99",
          "smoke-t5",
        ]),
      }),
    ]);
  });
});
