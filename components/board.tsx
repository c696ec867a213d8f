"use client";

import { CheckTile } from "@/components/check-tile";
import { StatusUpdateDue } from "@/components/comms/status-update-due";
import { Countdown } from "@/components/countdown";
import { DeployWatchPanel } from "@/components/deploys/deploy-watch-panel";
import { DiskPanel } from "@/components/disk/disk-panel";
import { assertDrawable } from "@/components/drawable-board";
import { LEVEL_CLASSES, LEVEL_LABEL } from "@/components/format";
import { Gauge } from "@/components/gauge";
import { HistoryChart } from "@/components/history-chart";
import { ChecklistPanel } from "@/components/incidents/checklist-panel";
import { IncidentPanel } from "@/components/incidents/incident-panel";
import { NextStepsPanel } from "@/components/incidents/scenario-panel";
import { TriggersPanel } from "@/components/incidents/triggers-panel";
import { SelfHealingBoard } from "@/components/kiosk-boundary";
import { LaunchVerdictPanel } from "@/components/launch/launch-verdict-panel";
import { LevelAnnouncer } from "@/components/level-announcer";
import { RollbackPanel } from "@/components/rollback/rollback-panel";
import { RunbookNotesPanel } from "@/components/runbook-notes-panel";
import { useBoardState, useNow } from "@/components/use-board-state";
import type { BoardState } from "@/lib/model/board";
import { LEVELS } from "@/lib/model/runbook-schema";
import { MODE_LABEL } from "@/lib/model/screen-mode";
import { formatAge, judgeOnClient } from "@/lib/rules/staleness";

const SEVERITY_ORDER = { crit: 0, warn: 1, unknown: 2, ok: 3 } as const;

/** The board at `/`, drawn first from the server's board and healing itself after a render error. */
export function Board({ initial }: { initial: BoardState | null }) {
  return <SelfHealingBoard initial={initial} draw={(first) => <BoardScreen initial={first} />} />;
}

function BoardScreen({ initial }: { initial: BoardState | null }) {
  const { state: raw, error, feed } = useBoardState(initial);
  const now = useNow(1000, initial?.serverNow);
  if (!raw) {
    return (
      <main className="p-8 text-2xl">
        {error
          ? `The board cannot reach the server: ${(error as Error).message}`
          : "Connecting to the war room…"}
      </main>
    );
  }
  const state = assertDrawable(raw);
  const serverNow = now - feed.skewMs;
  const cause = feed.connected ? "no new reading from the collector" : "live feed lost";
  const checks = state.checks.map((c) => judgeOnClient(c, serverNow, cause));
  // Problems first: a war room reads the top-left of the screen before anything else.
  const ordered = [...checks].sort((a, b) => SEVERITY_ORDER[a.level] - SEVERITY_ORDER[b.level]);
  const counts = Object.fromEntries(LEVELS.map((l) => [l, checks.filter((c) => c.level === l).length]));
  const byId = new Map(checks.map((c) => [c.id, c]));
  const lastAge = feed.lastMessageAt === null ? null : now - feed.lastMessageAt;

  return (
    <main className="flex flex-col gap-4 p-5">
      <LevelAnnouncer checks={checks} />
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold text-white">{state.runbook.name}</h1>
          <p className="text-gray-400">
            {state.runbook.system} · runbook {state.runbook.source}
          </p>
          {state.mode && (
            <p className="text-lg" data-testid="screen-mode" data-mode={state.mode.mode}>
              <b className="text-white">{MODE_LABEL[state.mode.mode]}</b>{" "}
              <span className="text-gray-300">· {state.mode.why}</span>
            </p>
          )}
        </div>
        <div className="flex items-center gap-3 text-xl" data-testid="level-counts">
          {LEVELS.map((l) => (
            <span
              key={l}
              className={`rounded-lg px-3 py-1 font-bold ${LEVEL_CLASSES[l].soft} ${LEVEL_CLASSES[l].text}`}
            >
              {counts[l]} {LEVEL_LABEL[l]}
            </span>
          ))}
        </div>
        <div data-testid="feed-status" data-connected={feed.connected} className="text-right text-lg">
          {feed.connected ? (
            <span className="text-ok">● LIVE</span>
          ) : (
            <span className="font-bold text-crit">
              ● FEED LOST{lastAge !== null && ` · ${formatAge(lastAge)} ago`}
            </span>
          )}
          <div className="text-sm text-gray-400">
            cycle #{state.cycle?.number ?? "–"} · every {state.intervalMs / 1000} s
            {state.cycle && ` · took ${state.cycle.durationMs} ms`}
            {state.storage.lastError && (
              <span className="text-warn"> · storage: {state.storage.lastError}</span>
            )}
          </div>
        </div>
      </header>

      {/* A runbook without a launch has no T-0 to count to. */}
      {(state.mode?.modes.includes("launch") ?? true) && (
        <Countdown launch={state.launch} nowMs={serverNow} />
      )}
      <StatusUpdateDue clock={state.launchFlow.statusUpdate} nowMs={serverNow} />
      {serverNow >= Date.parse(state.launchFlow.effectiveT0) && (
        <LaunchVerdictPanel verdict={state.launchFlow.verdict} />
      )}
      <RollbackPanel state={state} nowMs={serverNow} />
      <DeployWatchPanel board={state.deployWatch} timeZone={state.launch.timeZone} nowMs={serverNow} />
      <IncidentPanel
        incidents={state.incidents}
        timeZone={state.launch.timeZone}
        nowMs={serverNow}
        showStatus={false}
      />
      <NextStepsPanel incidents={state.incidents} />
      <ChecklistPanel checklists={state.incidents?.checklists} timeZone={state.launch.timeZone} />
      <DiskPanel state={state} nowMs={serverNow} />

      <div className="grid grid-cols-1 gap-4 xl:grid-cols-12">
        <section
          className="grid grid-cols-1 content-start gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:col-span-8 2xl:grid-cols-4"
          aria-label="checks"
        >
          {ordered.map((c) => (
            <CheckTile key={c.id} check={c} nowMs={serverNow} />
          ))}
        </section>
        <aside className="flex flex-col gap-3 xl:col-span-4" aria-label="thresholds">
          {/* Gauges first, two abreast on a wide screen: on 1920×1080 they are above the fold. */}
          <div className="grid grid-cols-1 gap-3 2xl:grid-cols-2" data-testid="board-gauges">
            {state.gauges.map((g) => {
              const check = byId.get(g.check);
              return check ? <Gauge key={g.check} label={g.label} check={check} /> : null;
            })}
          </div>
          <TriggersPanel triggers={state.triggers} timeZone={state.launch.timeZone} />
          <HistoryChart
            checks={checks}
            initial={state.gauges[0]?.check ?? checks[0]?.id ?? ""}
            intervalMs={state.intervalMs}
            timeZone={state.launch.timeZone}
          />
          <RunbookNotesPanel notes={state.runbook.notes} />
        </aside>
      </div>
    </main>
  );
}
