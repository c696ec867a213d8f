import { StatusUpdateDue } from "@/components/comms/status-update-due";
import { DeployWatchPanel } from "@/components/deploys/deploy-watch-panel";
import { ChecklistPanel } from "@/components/incidents/checklist-panel";
import { IncidentPanel } from "@/components/incidents/incident-panel";
import { NextStepsPanel, SuggestionPanel } from "@/components/incidents/scenario-panel";
import { currentMilestone, PollTable } from "@/components/launch/launch-parts";
import { RollbackRecommended } from "@/components/rollback/recommended-banner";
import { RollbackStepLog } from "@/components/rollback/step-log";
import { DeploySteps } from "@/components/tv/tv-deploy-steps";
import { TvHealthList } from "@/components/tv/tv-health-list";
import { CLIP_WHOLE_ROWS, TvGates, TvMilestoneNow, TvNextMilestone } from "@/components/tv/tv-panels";
import type { BoardState, CheckState } from "@/lib/model/board";

export type BodyProps = {
  state: BoardState;
  checks: CheckState[];
  names: Record<string, string>;
  serverNow: number;
  /** The feed is lost: the live parts are dimmed. */
  lost: boolean;
};

/**
 * What is wrong now, in every mode: the status update due, ROLLBACK RECOMMENDED and a rollback running.
 * `maxClass` bounds its share of the room so the mode's own panels stay readable below it.
 */
function Alerts({
  state,
  serverNow,
  maxClass,
}: Pick<BodyProps, "state" | "serverNow"> & { maxClass: string }) {
  const tz = state.launch.timeZone;
  return (
    <div className={`flex shrink-0 flex-col gap-3 overflow-hidden *:shrink-0 ${maxClass}`}>
      <StatusUpdateDue clock={state.launchFlow.statusUpdate} nowMs={serverNow} size="xl" />
      <RollbackRecommended triggers={state.triggers} timeZone={tz} large />
      {/* A running rollback is what the room watches: above the rest, not clipped first. */}
      <RollbackStepLog board={state.rollback} nowMs={serverNow} large />
    </div>
  );
}

/** The incident as the TV draws it: large, two timeline rows, the status clock drawn elsewhere. */
function TvIncident({ state, timeZone, nowMs }: { state: BoardState; timeZone: string; nowMs: number }) {
  return (
    <IncidentPanel
      incidents={state.incidents}
      timeZone={timeZone}
      nowMs={nowMs}
      large
      timelineRows={2}
      showStatus={false}
    />
  );
}

const DEPLOY_NEWS_MS = 60 * 60_000;

/** Outside the deploy window a deploy stays on the launch screen while it is news (within the hour). */
function deployIsNews(board: BoardState["deployWatch"], nowMs: number): boolean {
  if (!board?.latest) return false;
  return Boolean(board.window?.open) || nowMs - Date.parse(board.latest.at) < DEPLOY_NEWS_MS;
}

/** Launch day: the poll, the milestone in force and the P0 gates, each only when the runbook has them. */
export function TvLaunchBody({ state, names, serverNow, lost }: BodyProps) {
  const flow = state.launchFlow;
  const tz = state.launch.timeZone;
  const next = flow.milestones.find((m) => m.id === flow.nextMilestone) ?? null;
  const hasPoll = flow.poll.domains.length > 0;
  const hasMilestones = flow.milestones.length > 0;
  // The milestone in force, when it has items to show; without it the gates take its room.
  const current = currentMilestone(flow.milestones, serverNow);
  const now = current && current.items.length > 0 ? current : null;
  return (
    <>
      <div className="flex max-h-[50%] shrink-0 flex-col gap-3 overflow-hidden">
        <Alerts state={state} serverNow={serverNow} maxClass="" />
        {deployIsNews(state.deployWatch, serverNow) && (
          <div className="shrink-0">
            <DeployWatchPanel board={state.deployWatch} timeZone={tz} nowMs={serverNow} large />
          </div>
        )}
        <TvIncident state={state} timeZone={tz} nowMs={serverNow} />
      </div>
      <div className={`grid min-h-0 flex-1 grid-cols-12 gap-3 ${lost ? "opacity-50" : ""}`}>
        {(hasPoll || hasMilestones) && (
          <div className={`col-span-5 gap-3 ${CLIP_WHOLE_ROWS} *:w-full`}>
            {hasMilestones && <TvNextMilestone milestone={next} nowMs={serverNow} timeZone={tz} />}
            {hasPoll && <PollTable poll={flow.poll} names={names} checkpoints={flow.checkpoints} />}
          </div>
        )}
        {now && (
          <div className="col-span-4 min-h-0">
            <TvMilestoneNow milestone={now} names={names} timeZone={tz} />
          </div>
        )}
        {flow.gates.length > 0 && (
          <div className={`${now ? "col-span-3" : "col-span-7"} min-h-0`}>
            <TvGates gates={flow.gates} names={names} />
          </div>
        )}
      </div>
    </>
  );
}

/** Deploy window: the deploy, its smoke suite and post-deploy watch get the room; the runbook's steps beside. */
export function TvDeployBody({ state, checks, serverNow, lost }: BodyProps) {
  const tz = state.launch.timeZone;
  const watch = state.deployWatch;
  const steps = watch?.steps ?? [];
  // Before the deploy (a window the lead opened) the watch has nothing to show: the header says what it
  // watches, and the room reads the runbook's steps and what is not healthy yet.
  const hasDeploy = Boolean(watch?.latest || watch?.error);
  return (
    <>
      <Alerts state={state} serverNow={serverNow} maxClass="max-h-[40%]" />
      <div className={`grid min-h-0 flex-1 grid-cols-12 gap-3 ${lost ? "opacity-50" : ""}`}>
        {hasDeploy && (
          <div className={`${steps.length > 0 ? "col-span-8" : "col-span-12"} min-h-0 overflow-hidden`}>
            <DeployWatchPanel board={watch} timeZone={tz} nowMs={serverNow} large always />
          </div>
        )}
        {steps.length > 0 && (
          <div className={`${hasDeploy ? "col-span-4" : "col-span-7"} min-h-0`}>
            <DeploySteps steps={steps} checks={checks} />
          </div>
        )}
        {!hasDeploy && (
          <div className="col-span-5 min-h-0 empty:hidden">
            <TvHealthList checks={checks} />
          </div>
        )}
      </div>
    </>
  );
}

/**
 * Incident response, no countdown: the active incident and its clocks, the severity the runbook's tree
 * suggests with the readings behind it, the scenario's next steps, and whatever is not healthy.
 */
export function TvIncidentBody({ state, checks, serverNow, lost }: BodyProps) {
  const tz = state.launch.timeZone;
  const active = state.incidents?.active ?? null;
  const scenario = state.incidents?.suggestion.scenario ?? null;
  const hasSteps = scenario !== null && (scenario.steps.length > 0 || scenario.action !== null);
  return (
    <>
      {/* The alerts and a deploy keep their height; the incident takes the rest of this share and fits it.
          A declared incident is what the room reads first: its share is larger than the alerts' alone. */}
      <div
        className={`flex ${active ? "max-h-[70%]" : "max-h-[55%]"} shrink-0 flex-col gap-3 overflow-hidden`}
      >
        <Alerts state={state} serverNow={serverNow} maxClass="" />
        {/* A deploy or a rollback within the hour is part of the incident's story. */}
        {deployIsNews(state.deployWatch, serverNow) && (
          <div className="shrink-0">
            <DeployWatchPanel board={state.deployWatch} timeZone={tz} nowMs={serverNow} large />
          </div>
        )}
        {active && <TvIncident state={state} timeZone={tz} nowMs={serverNow} />}
      </div>
      <div className={`grid min-h-0 flex-1 grid-cols-12 gap-3 ${lost ? "opacity-50" : ""}`}>
        {/* Short of room, the checklists give theirs up first: the suggestion and its readings stay. */}
        <div className="col-span-7 flex min-h-0 flex-col gap-3 overflow-hidden">
          <SuggestionPanel incidents={state.incidents} checks={checks} large />
          <ChecklistPanel checklists={state.incidents?.checklists} timeZone={tz} large />
        </div>
        <div className="col-span-5 flex min-h-0 flex-col gap-3 overflow-hidden empty:hidden">
          {hasSteps ? <NextStepsPanel incidents={state.incidents} large /> : <TvHealthList checks={checks} />}
        </div>
      </div>
    </>
  );
}
