import "server-only";
import { getDb } from "@/lib/db/client";
import type { Hub } from "@/lib/hub/hub";
import { buildIncidentSection } from "@/lib/incidents/incident-section";
import {
  getTriggerEngine,
  loadTriggerWindows,
  observeReadings,
  takeFirings,
  triggersState,
} from "@/lib/incidents/trigger-engine";
import type { CheckState } from "@/lib/model/board";
import type { IncidentsState, TriggersState } from "@/lib/model/incident";
import type { LaunchFlowState } from "@/lib/model/launch";
import { launchWindowOf, modesOf } from "@/lib/rules/screen-mode";

/** GO called for the current round and T-0 passed: the rollback triggers now recommend. */
export function isAfterLaunch(
  flow: Pick<LaunchFlowState, "decision" | "effectiveT0">,
  nowMs: number,
): boolean {
  return flow.decision?.call === "go" && nowMs >= Date.parse(flow.effectiveT0);
}

/**
 * The board's triggers and incidents. Called on every board build (each cycle and each request): new
 * readings are pulled from the hub once each, the stored windows are read once the database is open.
 */
export function buildIncidentBoard(
  hub: Hub,
  checks: readonly CheckState[],
  launchFlow: LaunchFlowState,
  now: Date,
): { triggers: TriggersState; incidents: IncidentsState } | null {
  const runbook = hub.loaded?.runbook;
  if (!runbook) return null;
  const engine = getTriggerEngine(runbook);
  const nowMs = now.getTime();
  if (hub.storage.ready && !engine.loaded && !engine.loading) {
    void getDb()
      .then((db) => loadTriggerWindows(engine, db, nowMs))
      .catch(() => undefined);
  }
  observeReadings(engine, hub.latest.values(), nowMs);
  const triggers = triggersState(engine, nowMs, isAfterLaunch(launchFlow, nowMs));
  const incidents = buildIncidentSection(
    runbook.id,
    checks,
    now,
    hub.storage.ready,
    takeFirings(engine),
    runbook.scale,
    runbook.severityRules,
    runbook,
    runbook.prompts,
    modesOf(runbook).includes("launch")
      ? launchWindowOf(Date.parse(launchFlow.effectiveT0), runbook.launchFlow)
      : null,
  );
  return { triggers, incidents };
}
