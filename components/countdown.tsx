"use client";

import { formatClock } from "@/components/format";
import type { BoardState } from "@/lib/model/board";
import { zoneAbbreviation } from "@/lib/model/launch-time";

/** T-minus before T-0, T-plus after; hours may exceed 24 (a launch months away reads T-2345:10:05). */
export function formatCountdown(t0Ms: number, nowMs: number): string {
  const diff = t0Ms - nowMs;
  const sign = diff > 0 ? "T-" : "T+";
  const total = Math.floor(Math.abs(diff) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h >= 48) return `${sign}${Math.floor(h / 24)}d ${pad(h % 24)}:${pad(m)}:${pad(s)}`;
  return `${sign}${pad(h)}:${pad(m)}:${pad(s)}`;
}

export function Countdown({ launch, nowMs }: { launch: BoardState["launch"]; nowMs: number }) {
  const t0Ms = Date.parse(launch.t0);
  const date = new Intl.DateTimeFormat("en-US", {
    timeZone: launch.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(t0Ms));
  return (
    <section className="rounded-xl bg-panel px-6 py-3" aria-label="countdown">
      <div className="flex flex-wrap items-end gap-x-10 gap-y-2">
        <div data-testid="countdown" className="font-mono text-6xl font-bold tracking-tight text-white">
          {formatCountdown(t0Ms, nowMs)}
        </div>
        <div className="text-xl leading-snug">
          <div>
            T-0{" "}
            <b>
              {formatClock(t0Ms, launch.timeZone, false)} {launch.zoneAbbrev}
            </b>{" "}
            · <b>{formatClock(t0Ms, "UTC", false)} UTC</b> · {date}
          </div>
          <div className="text-gray-400">
            now {formatClock(nowMs, launch.timeZone)} {zoneAbbreviation(launch.timeZone, new Date(nowMs))} ·{" "}
            {formatClock(nowMs, "UTC")} UTC
          </div>
        </div>
      </div>
      {launch.discrepancy && (
        <p data-testid="launch-discrepancy" className="mt-2 text-base text-warn">
          ⚠ {launch.discrepancy}
        </p>
      )}
      {launch.override && <p className="mt-1 text-sm text-gray-400">{launch.override}</p>}
    </section>
  );
}
