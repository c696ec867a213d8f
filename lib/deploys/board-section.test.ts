import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildDeployWatchSection } from "@/lib/deploys/board-section";
import { addRecord, getWatchState, markHealthKnown } from "@/lib/deploys/watch-state";
import { getHub } from "@/lib/hub/hub";
import type { DeployRecord } from "@/lib/model/deploy-watch";
import type { LaunchFlowState } from "@/lib/model/launch";
import type { Reading } from "@/lib/model/probe";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import { resetProcessState } from "@/lib/runtime/process-state";
import { writeDeployRunbook } from "@/test/support/deploy-watch-stack";

const T0 = Date.parse("2026-04-23T11:00:00Z");
const runbook = (() => {
  const { file } = writeDeployRunbook(mkdtempSync(join(tmpdir(), "deploy-board-")), 1, 5000);
  return parseRunbook(JSON.parse(readFileSync(file, "utf8")), "test");
})();
const flow = { gates: [] } as unknown as LaunchFlowState;
const deploy = (kind: DeployRecord["kind"], atMs: number): DeployRecord => ({
  id: `${kind}-${atMs}`,
  runbookId: "rbdeploy",
  kind,
  at: new Date(atMs).toISOString(),
  container: "warroom-rbdeploy-web-1",
  from: { id: "sha256:a", tag: "sha-aaa" },
  to: { id: "sha256:b", tag: "sha-bbb" },
  runId: null,
  stateNote: "written",
  smoke: null,
});
const health = (atMs: number, level: Reading["level"]): Reading => ({
  checkId: "web-health",
  level,
  value: null,
  unit: null,
  summary: level === "crit" ? "HTTP 404" : "ok",
  conditions: [],
  evidence: {},
  collectedAt: new Date(atMs).toISOString(),
  durationMs: 5,
});

afterEach(() => resetProcessState("hub", "deploys.watch"));

/** Evaluates the section once per reading, as the pipeline does once per cycle. */
function evaluate(readings: Reading[]) {
  const hub = getHub();
  hub.loaded = { runbook, source: "test", launchOverride: null };
  let last: ReturnType<typeof buildDeployWatchSection>;
  for (const r of readings) {
    hub.latest.set(r.checkId, r);
    last = buildDeployWatchSection(hub, flow, new Date(Date.parse(r.collectedAt) + 100));
  }
  return last;
}

describe("buildDeployWatchSection", () => {
  it("three failing health readings after a deploy recommend rollback, with those readings", () => {
    addRecord(getWatchState(), deploy("deploy", T0));
    markHealthKnown(getWatchState(), T0);
    const out = evaluate([
      health(T0 - 5000, "crit"),
      health(T0 + 5000, "crit"),
      health(T0 + 10_000, "crit"),
      health(T0 + 15_000, "crit"),
    ]);
    expect(out?.board.window?.open).toBe(true);
    expect(out?.recommended.map((r) => [r.ruleId, r.sampleCount])).toEqual([["deploy-health-failures", 3]]);
    expect(out?.recommended[0]?.samples.every((s) => Date.parse(s.at) >= T0)).toBe(true);
  });

  it("two are not enough; a restart since keeps the window, a rollback closes it", () => {
    const state = getWatchState();
    addRecord(state, deploy("deploy", T0));
    markHealthKnown(state, T0);
    expect(evaluate([health(T0 + 5000, "crit"), health(T0 + 10_000, "crit")])?.recommended).toEqual([]);
    addRecord(state, deploy("restart", T0 + 12_000));
    const after = evaluate([health(T0 + 15_000, "crit")]);
    expect(after?.board.latest?.kind).toBe("deploy");
    expect(after?.recommended).toHaveLength(1);
    addRecord(state, deploy("rollback", T0 + 20_000));
    const closed = evaluate([health(T0 + 25_000, "crit")]);
    expect(closed?.board.window).toBeNull();
    expect(closed?.recommended).toEqual([]);
  });

  it("while the new container is in its start period, failing health readings do not recommend", () => {
    addRecord(getWatchState(), deploy("deploy", T0));
    const out = evaluate([
      health(T0 + 5000, "crit"),
      health(T0 + 10_000, "crit"),
      health(T0 + 15_000, "crit"),
    ]);
    expect(out?.recommended).toEqual([]);
    expect(out?.board.window?.rules.find((r) => r.id === "deploy-health-failures")?.reason).toMatch(
      /start period/,
    );
  });

  it("after the window no longer recommends", () => {
    addRecord(getWatchState(), deploy("deploy", T0));
    markHealthKnown(getWatchState(), T0);
    const late = T0 + 91 * 60_000;
    const out = evaluate([health(late, "crit"), health(late + 5000, "crit"), health(late + 10_000, "crit")]);
    expect(out?.board.window?.open).toBe(false);
    expect(out?.recommended).toEqual([]);
  });
});
