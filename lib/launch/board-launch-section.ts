import "server-only";
import { statusCadenceMinutes } from "@/lib/comms/list-templates";
import { lastStatusPost } from "@/lib/comms/status-post-log";
import { getDb } from "@/lib/db/client";
import { cachedLaunchRecord } from "@/lib/db/launch-cache";
import { readActiveIncidents } from "@/lib/incidents/incident-source";
import { evaluateLaunchFlow } from "@/lib/launch/evaluate-launch-flow";
import type { CheckState } from "@/lib/model/board";
import { type CheckLevel, EMPTY_LAUNCH_RECORD, type LaunchFlowState } from "@/lib/model/launch";
import { zonedLocalToUtc } from "@/lib/model/launch-time";
import type { LoadedRunbook } from "@/lib/runbook/load-runbook";

export function toCheckLevels(checks: readonly Pick<CheckState, "id" | "label" | "level" | "summary">[]) {
  return new Map<string, CheckLevel>(
    checks.map((c) => [c.id, { id: c.id, label: c.label, level: c.level, summary: c.summary }]),
  );
}

/** The launch section of the board: stored decisions (cached) judged against the live checks. */
export function buildLaunchSection(
  loaded: LoadedRunbook,
  checks: readonly CheckState[],
  now: Date,
  storageReady = true,
): LaunchFlowState {
  const { runbook } = loaded;
  // Until the database is open the stored decisions are unknown: shown as not loaded, never guessed.
  const { record, error } = storageReady ? cachedLaunchRecord(runbook.id) : { record: null, error: null };
  return evaluateLaunchFlow({
    flow: runbook.launchFlow,
    people: runbook.people,
    runbookT0Ms: zonedLocalToUtc(runbook.launch.local, runbook.launch.timeZone).getTime(),
    record: record ?? EMPTY_LAUNCH_RECORD,
    checks: toCheckLevels(checks),
    incidents: readActiveIncidents(),
    nowMs: now.getTime(),
    loaded: record !== null,
    error,
    lastStatusPostAt: storageReady ? lastStatusPost(runbook.id, getDb) : null,
    statusCadenceMinutes: (severity) => statusCadenceMinutes(runbook, severity),
  });
}
