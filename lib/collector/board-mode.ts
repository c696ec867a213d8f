import "server-only";
import type { DeployWatchBoard } from "@/lib/model/deploy-watch";
import type { IncidentsState } from "@/lib/model/incident";
import type { LaunchFlowState } from "@/lib/model/launch";
import { toLocalWallTime, zoneAbbreviation } from "@/lib/model/launch-time";
import type { Runbook } from "@/lib/model/runbook-schema";
import type { ScreenModeView } from "@/lib/model/screen-mode";
import { launchWindowOf, modesOf, resolveScreenMode } from "@/lib/rules/screen-mode";

/** The screen's mode for this board: the runbook's modes, the launch window, deploy, incident, override. */
export function buildModeSection(
  runbook: Runbook,
  flow: LaunchFlowState,
  incidents: IncidentsState | undefined,
  deploys: DeployWatchBoard | undefined,
  now: Date,
): ScreenModeView {
  const tz = runbook.launch.timeZone;
  const clock = (ms: number) => {
    const at = new Date(ms);
    return `${toLocalWallTime(at, tz).slice(11, 16)} ${zoneAbbreviation(tz, at)}`;
  };
  const active = incidents?.active ?? null;
  const latest = deploys?.latest ?? null;
  const window = deploys?.window ?? null;
  return resolveScreenMode({
    modes: modesOf(runbook),
    nowMs: now.getTime(),
    launch: launchWindowOf(Date.parse(flow.effectiveT0), runbook.launchFlow),
    deploy:
      latest && window?.open
        ? { at: latest.at, until: window.openUntil, what: `${latest.kind} on ${latest.container}` }
        : null,
    incident: active && { severity: active.severity, title: active.title, declaredAt: active.declaredAt },
    override: flow.modeOverride ?? null,
    nameOf: (id) => runbook.people.find((p) => p.id === id)?.name ?? id,
    clock,
  });
}
