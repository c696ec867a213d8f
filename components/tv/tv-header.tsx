import { formatCountdown } from "@/components/countdown";
import { formatClock } from "@/components/format";
import { PhaseBanner } from "@/components/launch/launch-parts";
import type { FeedStatus } from "@/components/use-board-state";
import type { BoardState } from "@/lib/model/board";
import { formatAge } from "@/lib/rules/staleness";

/** Phase, countdown and feed: the line the room reads first. */
export function TvHeader({
  state,
  feed,
  serverNow,
  lastAge,
}: {
  state: BoardState;
  feed: FeedStatus;
  serverNow: number;
  lastAge: number | null;
}) {
  const flow = state.launchFlow;
  const t0 = Date.parse(flow.effectiveT0);
  const tz = state.launch.timeZone;
  return (
    <header className="grid shrink-0 grid-cols-12 items-stretch gap-3">
      <div className="col-span-4">
        <PhaseBanner flow={flow} />
      </div>
      <section className="col-span-6 rounded-xl bg-panel px-6 py-2" aria-label="countdown">
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
