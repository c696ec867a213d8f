import { formatCountdown } from "@/components/countdown";
import { formatClock, LEVEL_CLASSES } from "@/components/format";
import { severityName } from "@/components/incidents/incident-panel";
import { PhaseBanner, relative } from "@/components/launch/launch-parts";
import type { FeedStatus } from "@/components/use-board-state";
import type { BoardState, CheckState } from "@/lib/model/board";
import { MODE_LABEL, type ScreenMode } from "@/lib/model/screen-mode";
import { formatAge } from "@/lib/rules/staleness";

type HeaderProps = {
  state: BoardState;
  mode: ScreenMode;
  checks: CheckState[];
  feed: FeedStatus;
  serverNow: number;
  lastAge: number | null;
};

/** Mode, its clock and the feed: the line the room reads first. */
export function TvHeader({ state, mode, checks, feed, serverNow, lastAge }: HeaderProps) {
  return (
    <header className="grid shrink-0 grid-cols-12 items-stretch gap-3">
      <div className="col-span-4">
        {mode === "launch" ? (
          <PhaseBanner flow={state.launchFlow} />
        ) : (
          <ModeBanner state={state} mode={mode} />
        )}
      </div>
      <section className="col-span-6 rounded-xl bg-panel px-6 py-2" aria-label={`${mode} clock`}>
        {mode === "launch" && <LaunchClock state={state} serverNow={serverNow} />}
        {mode === "deploy" && <DeployClock state={state} serverNow={serverNow} />}
        {mode === "incident" && <IncidentClock state={state} checks={checks} serverNow={serverNow} />}
      </section>
      <div
        className="col-span-2 flex flex-col justify-center text-right text-2xl"
        data-testid="feed-status"
        data-connected={feed.connected}
      >
        {feed.connected ? (
          <span className="text-ok">● LIVE</span>
        ) : lastAge === null ? (
          // Drawn from the server's board; the live stream is still opening.
          <span className="text-gray-300">● CONNECTING</span>
        ) : (
          <span className="font-bold text-crit">● FEED LOST · {formatAge(lastAge)} ago</span>
        )}
        <span className="text-base text-gray-400">{state.runbook.name}</span>
      </div>
    </header>
  );
}

const MODE_CLASSES: Record<Exclude<ScreenMode, "launch">, string> = {
  deploy: "bg-sky-700 text-white",
  incident: "bg-gray-700 text-white",
};

/** Deploy window or incident response, with why it is in force (and what the events say under an override). */
function ModeBanner({ state, mode }: { state: BoardState; mode: Exclude<ScreenMode, "launch"> }) {
  const active = state.incidents?.active ?? null;
  const tone = mode === "incident" && active ? "bg-crit text-white" : MODE_CLASSES[mode];
  const view = state.mode;
  return (
    <div data-testid="screen-mode" data-mode={mode} className={`h-full rounded-xl px-6 py-3 ${tone}`}>
      <div className="text-4xl font-black tracking-wide">{MODE_LABEL[mode]}</div>
      <div className="line-clamp-2 text-xl font-semibold" data-testid="screen-mode-why">
        {view?.why}
      </div>
      {view?.override && view.auto.mode !== mode && (
        <div className="truncate text-xl text-white/80" data-testid="screen-mode-auto">
          events say: {MODE_LABEL[view.auto.mode].toLowerCase()}
        </div>
      )}
    </div>
  );
}

function LaunchClock({ state, serverNow }: { state: BoardState; serverNow: number }) {
  const flow = state.launchFlow;
  const t0 = Date.parse(flow.effectiveT0);
  const tz = state.launch.timeZone;
  return (
    <>
      <div data-testid="tv-countdown" className="font-mono text-[5rem] font-bold leading-none text-white">
        {formatCountdown(t0, serverNow)}
      </div>
      <div className="mt-1 text-2xl">
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
    </>
  );
}

/** Time since the deploy, and the post-deploy watch's own end. */
function DeployClock({ state, serverNow }: { state: BoardState; serverNow: number }) {
  const watch = state.deployWatch;
  const d = watch?.latest ?? null;
  const tz = state.launch.timeZone;
  if (!d) {
    return (
      <div className="flex h-full flex-col justify-center text-3xl" data-testid="tv-deploy-clock">
        No deploy seen: watching {watch?.primary ?? "the primary"}
        {watch?.current?.tag ? ` on ${watch.current.tag}` : ""}
      </div>
    );
  }
  const window = watch?.window ?? null;
  const launchToo = state.mode?.modes.includes("launch") ?? false;
  const t0 = Date.parse(state.launchFlow.effectiveT0);
  return (
    <>
      <div data-testid="tv-deploy-clock" className="font-mono text-[5rem] font-bold leading-none text-white">
        {formatCountdown(Date.parse(d.at), serverNow)}
      </div>
      <div className="mt-1 truncate text-2xl">
        since the {d.kind} at <b>{formatClock(d.at, tz, false)}</b>
        {window && (
          <>
            {" "}
            · watch {window.open ? "until" : "closed at"} <b>{formatClock(window.openUntil, tz, false)}</b>
            {window.open && ` (${relative(Date.parse(window.openUntil) - serverNow)})`}
          </>
        )}
        {launchToo && t0 > serverNow && (
          <span className="text-gray-300"> · T-0 {formatClock(t0, tz, false)}</span>
        )}
      </div>
    </>
  );
}

/** With an incident: how long it has run. Without: the system's health, which the screen leads with. */
function IncidentClock({
  state,
  checks,
  serverNow,
}: {
  state: BoardState;
  checks: CheckState[];
  serverNow: number;
}) {
  const a = state.incidents?.active ?? null;
  const tz = state.launch.timeZone;
  if (a) {
    return (
      <>
        <div
          data-testid="tv-incident-clock"
          className="font-mono text-[5rem] font-bold leading-none text-white"
        >
          {/* Never "T-": this screen's estimate of the server's clock can lag the declaration by a moment. */}
          {formatCountdown(Date.parse(a.declaredAt), Math.max(serverNow, Date.parse(a.declaredAt)))}
        </div>
        <div className="mt-1 truncate text-2xl">
          since <b>{severityName(a.severity, state.incidents?.scale)}</b> declared{" "}
          {formatClock(a.declaredAt, tz, false)} by {a.declaredBy}
        </div>
      </>
    );
  }
  const count = (l: CheckState["level"]) => checks.filter((c) => c.level === l).length;
  const parts = (["crit", "warn", "unknown"] as const).filter((l) => count(l) > 0);
  const worst = parts[0] ?? "ok";
  return (
    <div className="flex h-full flex-col justify-center" data-testid="tv-health" data-level={worst}>
      <div className={`text-6xl font-black leading-none ${LEVEL_CLASSES[worst].text}`}>
        {parts.length === 0
          ? `ALL ${checks.length} CHECKS OK`
          : parts.map((l) => `${count(l)} ${l.toUpperCase()}`).join(" · ")}
      </div>
      <div className="mt-2 truncate text-2xl text-gray-300">
        {count("ok")} of {checks.length} checks ok · no incident declared
      </div>
    </div>
  );
}
