import "server-only";
import { statusCadenceMinutes } from "@/lib/comms/list-templates";
import { lastStatusPost } from "@/lib/comms/status-post-log";
import { getDb } from "@/lib/db/client";
import { cachedLaunchRecord } from "@/lib/db/launch-cache";
import { readActiveIncidents } from "@/lib/incidents/incident-source";
import { evaluateLaunchFlow } from "@/lib/launch/evaluate-launch-flow";
import { cachedVerdictFacts } from "@/lib/launch/verdict-facts-cache";
import type { CheckState } from "@/lib/model/board";
import { type CheckLevel, EMPTY_LAUNCH_RECORD, type LaunchFlowState } from "@/lib/model/launch";
import { zonedLocalToUtc } from "@/lib/model/launch-time";
import type { LaunchVerdictSpec } from "@/lib/model/launch-verdict";
import { judgeLaunch } from "@/lib/rules/launch-verdict";
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
  const state = evaluateLaunchFlow({
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
  const spec = runbook.launchFlow.verdict;
  return spec ? { ...state, verdict: launchVerdict(runbook.id, spec, state, now, storageReady) } : state;
}

/** Launch day §6 on the board: judged from the flow just evaluated and the stored rollbacks and firings. */
function launchVerdict(
  runbookId: string,
  spec: LaunchVerdictSpec,
  state: LaunchFlowState,
  now: Date,
  storageReady: boolean,
) {
  const t0Ms = Date.parse(state.effectiveT0);
  const ruleIds = [...spec.success, ...spec.failure].flatMap((c) =>
    c.kind === "trigger" ? [c.trigger] : [],
  );
  return judgeLaunch({
    spec,
    t0Ms,
    nowMs: now.getTime(),
    launched: state.decision?.call === "go" && now.getTime() >= t0Ms,
    gates: state.gates,
    items: new Map(state.milestones.flatMap((m) => m.items.map((i) => [i.id, i] as const))),
    facts: storageReady ? cachedVerdictFacts(runbookId, t0Ms, ruleIds) : null,
  });
}
