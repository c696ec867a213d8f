import "server-only";
import { buildModeSection } from "@/lib/collector/board-mode";
import { effectiveTimeoutMs } from "@/lib/collector/collector";
import { diskViewSlots } from "@/lib/collector/disk-views";
import { likelyCauseOf } from "@/lib/collector/likely-cause";
import { buildDeployWatchSection } from "@/lib/deploys/board-section";
import type { Hub } from "@/lib/hub/hub";
import { buildIncidentBoard } from "@/lib/incidents/board-section";
import { buildLaunchSection } from "@/lib/launch/board-launch-section";
import type { BoardState, CheckState } from "@/lib/model/board";
import { describeLaunch } from "@/lib/model/launch-time";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";
import { getRollbackBoard } from "@/lib/rollback/board-cache";
import { withLive } from "@/lib/rules/live-reading";
import { describeStaleness, staleAfterMs } from "@/lib/rules/staleness";

/** The whole board as JSON. Readings too old to trust are served as unknown with their age and reason. */
export function buildBoardState(hub: Hub, now: Date): BoardState | null {
  const loaded = hub.loaded;
  if (!loaded) return null;
  const { runbook } = loaded;
  const nowMs = now.getTime();
  const cause = hub.collector?.isRunning() ? "collector has not reported this check" : "collector stopped";

  // Read once per evaluation, for every viewer: the live readings from the followed logs.
  const live = hub.logPush?.read(nowMs);
  const polled: CheckState[] = runbook.checks.map((check) => {
    const reading = hub.latest.get(check.id);
    const thresholds = "thresholds" in check && check.thresholds ? check.thresholds : null;
    const limit = staleAfterMs(runbook.collector.intervalMs, effectiveTimeoutMs(check, runbook));
    const base = {
      staleAfterMs: limit,
      id: check.id,
      label: check.label,
      kind: check.kind,
      owner: check.owner ?? null,
      source: check.source ?? null,
      thresholds,
    };
    if (!reading) {
      return {
        ...base,
        level: "unknown",
        value: null,
        unit: null,
        summary: "no reading yet: waiting for the first collection cycle",
        conditions: [],
        evidence: {},
        collectedAt: null,
        durationMs: null,
        stale: null,
        gauge: null,
      };
    }
    const stale = describeStaleness(reading.collectedAt, nowMs, limit, cause);
    return {
      ...base,
      level: stale ? "unknown" : reading.level,
      value: stale ? null : reading.value,
      unit: reading.unit,
      summary: stale ? stale.reason : reading.summary,
      conditions: reading.conditions,
      evidence: reading.evidence,
      collectedAt: reading.collectedAt,
      durationMs: reading.durationMs,
      stale,
      gauge: stale
        ? null
        : (reading.gauge ??
          (typeof reading.value === "number" ? { value: reading.value, unit: reading.unit ?? "" } : null)),
    };
  });

  const checks = live ? polled.map((c) => withLive(c, live.get(c.id))) : polled;
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const c of checks) counts[c.level] += 1;
  const cycle = hub.lastCycle;
  const launchFlow = buildLaunchSection(loaded, checks, now, hub.storage.ready);
  const incidentBoard = buildIncidentBoard(hub, checks, launchFlow, now);
  const deploys = buildDeployWatchSection(hub, launchFlow, now);
  const disk = diskViewSlots(runbook, checks);
  const incidents = incidentBoard && {
    ...incidentBoard.incidents,
    likelyCause: likelyCauseOf(runbook, incidentBoard.incidents.active, checks, deploys?.board),
  };
  // The post-deploy window recommends a rollback beside the rollback triggers (before launch too).
  const triggers = incidentBoard?.triggers && {
    ...incidentBoard.triggers,
    rollbackRecommended: [...incidentBoard.triggers.rollbackRecommended, ...(deploys?.recommended ?? [])],
  };

  return {
    runbook: {
      id: runbook.id,
      name: runbook.name,
      system: runbook.system,
      source: loaded.source,
      notes: runbook.notes,
    },
    launch: {
      ...describeLaunch(runbook.launch, loaded.launchOverride?.runbookLocal),
      override: loaded.launchOverride?.note ?? null,
      // T-0 after recorded delays: the countdown and the timeline follow it.
      t0: launchFlow.effectiveT0,
    },
    intervalMs: runbook.collector.intervalMs,
    serverNow: now.toISOString(),
    cycle: cycle && {
      number: cycle.number,
      startedAt: cycle.startedAt.toISOString(),
      finishedAt: cycle.finishedAt.toISOString(),
      durationMs: cycle.finishedAt.getTime() - cycle.startedAt.getTime(),
    },
    checks,
    gauges: runbook.gauges.map((g) => ({
      check: g.check,
      label: g.label ?? runbook.checks.find((c) => c.id === g.check)?.label ?? g.check,
    })),
    counts,
    collector: { running: hub.collector?.isRunning() ?? false, lastError: hub.collectorError },
    storage: { ...hub.storage },
    launchFlow,
    // Rules over time, ROLLBACK RECOMMENDED and the active incident (lib/incidents, docs/incidents.md).
    ...incidentBoard,
    ...(incidents ? { incidents } : {}),
    ...(triggers ? { triggers } : {}),
    rollback: getRollbackBoard(now.getTime()),
    ...(deploys ? { deployWatch: deploys.board } : {}),
    mode: buildModeSection(runbook, launchFlow, incidentBoard?.incidents, deploys?.board, now),
    ...(disk.length > 0 ? { disk } : {}),
  };
}
