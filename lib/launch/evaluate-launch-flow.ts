import { statusUpdateClock } from "@/lib/comms/status-update-clock";
import type { ActiveIncident, CheckLevel, LaunchFlowState, LaunchRecord } from "@/lib/model/launch";
import type { LaunchFlow } from "@/lib/model/launch-flow-schema";
import type { Person } from "@/lib/model/runbook-schema";
import { evaluateCheckpoints } from "@/lib/rules/launch-checkpoints";
import { evaluateGates } from "@/lib/rules/launch-gates";
import { evaluateMilestones, nextMilestone } from "@/lib/rules/launch-milestones";
import { launchPhase } from "@/lib/rules/launch-phase";
import { tallyPoll } from "@/lib/rules/launch-poll";
import { effectiveT0Ms } from "@/lib/rules/launch-t0";
import { STATUS_UPDATE_EVERY_MINUTES } from "@/lib/rules/status-cadence";

export type LaunchFlowInput = {
  flow: LaunchFlow;
  people: readonly Person[];
  runbookT0Ms: number;
  record: LaunchRecord;
  checks: ReadonlyMap<string, CheckLevel>;
  incidents: readonly ActiveIncident[] | null;
  nowMs: number;
  loaded?: boolean;
  error?: string | null;
  /** The last status update posted during an incident, and the runbook's cadence per severity. */
  lastStatusPostAt?: string | null;
  statusCadenceMinutes?: (severity: ActiveIncident["severity"]) => number;
};

/** The whole launch flow from stored decisions and live checks. Pure: `now` is passed in. */
export function evaluateLaunchFlow(input: LaunchFlowInput): LaunchFlowState {
  const { flow, record, nowMs } = input;
  const t0Ms = effectiveT0Ms(input.runbookT0Ms, record.delays);
  const pollOpensMs = t0Ms - flow.pollOpensMinutes * 60_000;
  const decision = record.decisions.find((d) => d.round === record.round) ?? null;
  const gates = evaluateGates(flow.gates, input.checks, record.waivers, input.incidents);
  const milestones = evaluateMilestones({
    milestones: flow.milestones,
    t0Ms,
    nowMs,
    checks: input.checks,
    ticks: record.ticks,
    decided: decision !== null,
  });
  const checkpoints = evaluateCheckpoints(flow.checkpoints ?? [], record.checkpointCalls ?? [], gates, t0Ms);
  const { phase, detail } = launchPhase({
    nowMs,
    t0Ms,
    pollOpensMs,
    decision,
    delays: record.delays,
    incidents: input.incidents,
    checkpoints,
    nameOf: (id) => input.people.find((p) => p.id === id)?.name ?? id,
  });
  return {
    loaded: input.loaded ?? true,
    error: input.error ?? null,
    revision: record.revision,
    round: record.round,
    phase,
    phaseDetail: detail,
    runbookT0: new Date(input.runbookT0Ms).toISOString(),
    effectiveT0: new Date(t0Ms).toISOString(),
    delayedMinutes: Math.round((t0Ms - input.runbookT0Ms) / 60_000),
    delays: record.delays,
    poll: tallyPoll({
      domains: flow.pollDomains,
      people: input.people,
      votes: record.votes,
      round: record.round,
      decision,
      opensAt: new Date(pollOpensMs).toISOString(),
    }),
    decision,
    gates,
    checkpoints,
    milestones,
    nextMilestone: nextMilestone(milestones)?.id ?? null,
    statusUpdate: statusUpdateClock(
      input.incidents,
      input.lastStatusPostAt ?? null,
      input.statusCadenceMinutes ?? (() => STATUS_UPDATE_EVERY_MINUTES),
    ),
    modeOverride: record.modeOverride ?? null,
  };
}
