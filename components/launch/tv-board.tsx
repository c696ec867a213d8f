"use client";

import { StatusUpdateDue } from "@/components/comms/status-update-due";
import { formatCountdown } from "@/components/countdown";
import { DeployWatchPanel } from "@/components/deploys/deploy-watch-panel";
import { formatClock } from "@/components/format";
import { Gauge } from "@/components/gauge";
import { IncidentPanel } from "@/components/incidents/incident-panel";
import {
  currentMilestone,
  GateList,
  MilestoneNow,
  NextMilestone,
  PhaseBanner,
  PollTable,
} from "@/components/launch/launch-parts";
import { RollbackRecommended } from "@/components/rollback/recommended-banner";
import { RollbackStepLog } from "@/components/rollback/step-log";
import { useBoardState, useNow } from "@/components/use-board-state";
import { formatAge, judgeOnClient } from "@/lib/rules/staleness";

/** The kiosk: no sign-in, no chrome, no expiry; live from the board stream, with its staleness rules. */
export function TvBoard({ names }: { names: Record<string, string> }) {
  const { state, error, feed } = useBoardState();
  const now = useNow(1000);
  if (!state) {
    return (
      <main className="p-10 text-4xl">
        {error ? `Cannot reach the war room: ${(error as Error).message}` : "Connecting to the war room…"}
      </main>
    );
  }
  const flow = state.launchFlow;
  const serverNow = now - feed.skewMs;
  const cause = feed.connected ? "no new reading from the collector" : "live feed lost";
  const checks = new Map(state.checks.map((c) => [c.id, judgeOnClient(c, serverNow, cause)]));
  const t0 = Date.parse(flow.effectiveT0);
  const tz = state.launch.timeZone;
  const next = flow.milestones.find((m) => m.id === flow.nextMilestone) ?? null;
  const lastAge = feed.lastMessageAt === null ? null : now - feed.lastMessageAt;
  const lost = !feed.connected && lastAge !== null;

  return (
    <main className="flex min-h-screen flex-col gap-4 p-5" data-testid="tv">
      <div className="grid grid-cols-12 items-stretch gap-4">
        <div className="col-span-5">
          <PhaseBanner flow={flow} />
        </div>
        <section className="col-span-5 rounded-xl bg-panel px-6 py-3" aria-label="countdown">
          <div data-testid="tv-countdown" className="font-mono text-7xl font-bold text-white">
            {formatCountdown(t0, serverNow)}
          </div>
          <div className="text-2xl">
            T-0{" "}
            <b data-testid="tv-t0">
              {formatClock(t0, tz, false)} {state.launch.zoneAbbrev}
            </b>{" "}
            · <b>{formatClock(t0, "UTC", false)} UTC</b>
            {flow.delayedMinutes !== 0 && (
              <span className="pl-3 text-warn" data-testid="tv-delayed">
                delayed {flow.delayedMinutes} min
              </span>
            )}
          </div>
        </section>
        <div
          className="col-span-2 flex flex-col justify-center text-right text-xl"
          data-testid="feed-status"
          data-connected={feed.connected}
        >
          {feed.connected ? (
            <span className="text-ok">● LIVE</span>
          ) : (
            <span className="font-bold text-crit">● FEED LOST{lost && ` · ${formatAge(lastAge)} ago`}</span>
          )}
          <span className="text-base text-gray-400">{state.runbook.name}</span>
        </div>
      </div>
      <StatusUpdateDue clock={flow.statusUpdate} nowMs={serverNow} size="xl" />
      <RollbackRecommended triggers={state.triggers} timeZone={tz} large />
      <IncidentPanel
        incidents={state.incidents}
        timeZone={tz}
        nowMs={serverNow}
        large
        timelineRows={3}
        showStatus={false}
      />
      <RollbackStepLog board={state.rollback} nowMs={serverNow} large />
      <DeployWatchPanel board={state.deployWatch} timeZone={tz} nowMs={serverNow} large />
      <div className={`grid grid-cols-12 gap-4 ${lost ? "opacity-50" : ""}`}>
        <div className="col-span-7 flex flex-col gap-4">
          <PollTable poll={flow.poll} names={names} />
          <NextMilestone milestone={next} nowMs={serverNow} timeZone={tz} />
          <MilestoneNow
            milestone={currentMilestone(flow.milestones, serverNow)}
            names={names}
            timeZone={tz}
          />
        </div>
        <div className="col-span-5">
          <GateList gates={flow.gates} names={names} />
        </div>
      </div>
      <section className="grid grid-cols-5 gap-3" aria-label="thresholds">
        {state.gauges.map((g) => {
          const check = checks.get(g.check);
          return check ? <Gauge key={g.check} label={g.label} check={check} /> : null;
        })}
      </section>
    </main>
  );
}
