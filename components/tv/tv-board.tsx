"use client";

import { StatusUpdateDue } from "@/components/comms/status-update-due";
import { DeployWatchPanel } from "@/components/deploys/deploy-watch-panel";
import { assertDrawable } from "@/components/drawable-board";
import { Gauge } from "@/components/gauge";
import { IncidentPanel } from "@/components/incidents/incident-panel";
import { SelfHealingBoard } from "@/components/kiosk-boundary";
import { currentMilestone, PollTable } from "@/components/launch/launch-parts";
import { LevelAnnouncer } from "@/components/level-announcer";
import { RollbackRecommended } from "@/components/rollback/recommended-banner";
import { RollbackStepLog } from "@/components/rollback/step-log";
import { TvHeader } from "@/components/tv/tv-header";
import { CLIP_WHOLE_ROWS, TvGates, TvMilestoneNow, TvNextMilestone } from "@/components/tv/tv-panels";
import { useBoardState, useNow } from "@/components/use-board-state";
import type { BoardState } from "@/lib/model/board";
import { judgeOnClient } from "@/lib/rules/staleness";

type Props = { names: Record<string, string>; initial: BoardState | null };

/** The kiosk, inside a boundary that draws it again by itself after a render error. */
export function TvBoard({ names, initial }: Props) {
  return <SelfHealingBoard initial={initial} draw={(first) => <TvScreen names={names} initial={first} />} />;
}

/**
 * One screen, no scrolling, sized from the screen (1rem = 20 px at 1920×1080): header, what is wrong now,
 * launch flow, and the gauges always on the bottom row. No sign-in, no chrome, no expiry.
 */
function TvScreen({ names, initial }: Props) {
  const { state: raw, error, feed } = useBoardState(initial);
  const now = useNow(1000, initial?.serverNow);
  if (!raw) {
    return (
      <main data-kiosk data-testid="tv" className="p-10 text-4xl">
        {error ? `Cannot reach the war room: ${(error as Error).message}` : "Connecting to the war room…"}
      </main>
    );
  }
  const state = assertDrawable(raw);
  const flow = state.launchFlow;
  const serverNow = now - feed.skewMs;
  const cause = feed.connected ? "no new reading from the collector" : "live feed lost";
  const checks = state.checks.map((c) => judgeOnClient(c, serverNow, cause));
  const byId = new Map(checks.map((c) => [c.id, c]));
  const tz = state.launch.timeZone;
  const next = flow.milestones.find((m) => m.id === flow.nextMilestone) ?? null;
  const lastAge = feed.lastMessageAt === null ? null : now - feed.lastMessageAt;
  const lost = !feed.connected && lastAge !== null;

  return (
    <main data-kiosk data-testid="tv" className="flex h-screen flex-col gap-3 overflow-hidden p-3">
      <LevelAnnouncer checks={checks} />
      <TvHeader state={state} feed={feed} serverNow={serverNow} lastAge={lastAge} />
      <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-hidden">
        {/* What is wrong now takes at most half of the room, so the launch flow stays readable below it. */}
        <div className="flex max-h-[50%] shrink-0 flex-col gap-3 overflow-hidden *:shrink-0">
          <StatusUpdateDue clock={flow.statusUpdate} nowMs={serverNow} size="xl" />
          <RollbackRecommended triggers={state.triggers} timeZone={tz} large />
          {/* A running rollback is what the room watches: above the incident's details, not clipped first. */}
          <RollbackStepLog board={state.rollback} nowMs={serverNow} large />
          {/* The TV draws the deploy watch while a deploy is news (its window open, or within the hour, as a
              finished rollback stays); the board always does. */}
          {deployIsNews(state.deployWatch, serverNow) && (
            <DeployWatchPanel board={state.deployWatch} timeZone={tz} nowMs={serverNow} large />
          )}
          <IncidentPanel
            incidents={state.incidents}
            timeZone={tz}
            nowMs={serverNow}
            large
            timelineRows={2}
            showStatus={false}
          />
        </div>
        <div className={`grid min-h-0 flex-1 grid-cols-12 gap-3 ${lost ? "opacity-50" : ""}`}>
          <div className={`col-span-5 gap-3 ${CLIP_WHOLE_ROWS} *:w-full`}>
            <TvNextMilestone milestone={next} nowMs={serverNow} timeZone={tz} />
            <PollTable poll={flow.poll} names={names} />
          </div>
          <div className="col-span-4 min-h-0">
            <TvMilestoneNow
              milestone={currentMilestone(flow.milestones, serverNow)}
              names={names}
              timeZone={tz}
            />
          </div>
          <div className="col-span-3 min-h-0">
            <TvGates gates={flow.gates} names={names} />
          </div>
        </div>
      </div>
      <section
        className="grid shrink-0 grid-cols-[repeat(auto-fit,minmax(10.5rem,1fr))] gap-2"
        aria-label="thresholds"
        data-testid="tv-gauges"
      >
        {state.gauges.map((g) => {
          const check = byId.get(g.check);
          return check ? <Gauge key={g.check} label={g.label} check={check} large /> : null;
        })}
      </section>
    </main>
  );
}

const DEPLOY_NEWS_MS = 60 * 60_000;

function deployIsNews(board: BoardState["deployWatch"], nowMs: number): boolean {
  if (!board?.latest) return false;
  return Boolean(board.window?.open) || nowMs - Date.parse(board.latest.at) < DEPLOY_NEWS_MS;
}
