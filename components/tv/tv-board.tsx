"use client";

import { assertDrawable } from "@/components/drawable-board";
import { Gauge } from "@/components/gauge";
import { SelfHealingBoard } from "@/components/kiosk-boundary";
import { LevelAnnouncer } from "@/components/level-announcer";
import { TvHeader } from "@/components/tv/tv-header";
import { TvDeployBody, TvIncidentBody, TvLaunchBody } from "@/components/tv/tv-mode-bodies";
import { useBoardState, useNow } from "@/components/use-board-state";
import type { BoardState } from "@/lib/model/board";
import { judgeOnClient } from "@/lib/rules/staleness";

type Props = { names: Record<string, string>; initial: BoardState | null };

/** The kiosk, inside a boundary that draws it again by itself after a render error. */
export function TvBoard({ names, initial }: Props) {
  return <SelfHealingBoard initial={initial} draw={(first) => <TvScreen names={names} initial={first} />} />;
}

/**
 * One screen, no scrolling, sized from the screen (1rem = 20 px at 1920×1080): the mode's header and
 * panels (launch, deploy window, incident response), and the gauges always on the bottom row. No sign-in,
 * no chrome, no expiry.
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
  const serverNow = now - feed.skewMs;
  const cause = feed.connected ? "no new reading from the collector" : "live feed lost";
  const checks = state.checks.map((c) => judgeOnClient(c, serverNow, cause));
  const byId = new Map(checks.map((c) => [c.id, c]));
  const lastAge = feed.lastMessageAt === null ? null : now - feed.lastMessageAt;
  const lost = !feed.connected && lastAge !== null;
  // Boards stored before modes were resolved are launch boards.
  const mode = state.mode?.mode ?? "launch";
  const body = { state, checks, names, serverNow, lost };

  return (
    <main
      data-kiosk
      data-testid="tv"
      data-mode={mode}
      className="flex h-screen flex-col gap-3 overflow-hidden p-3"
    >
      <LevelAnnouncer checks={checks} />
      <TvHeader
        state={state}
        mode={mode}
        checks={checks}
        feed={feed}
        serverNow={serverNow}
        lastAge={lastAge}
      />
      <div className="flex min-h-0 flex-1 flex-col gap-3 overflow-hidden">
        {mode === "launch" && <TvLaunchBody {...body} />}
        {mode === "deploy" && <TvDeployBody {...body} />}
        {mode === "incident" && <TvIncidentBody {...body} />}
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
