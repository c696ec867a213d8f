import type { StatusUpdateClock } from "@/lib/model/launch";

/** "mm:ss" of whole seconds; minutes grow past 59 rather than wrapping into hours. */
export function formatMinSec(totalSeconds: number): string {
  const s = Math.abs(totalSeconds);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** Seconds until due, rounded away from the due time (≥ 1 pending, ≤ -1 overdue), like statusUpdateDue. */
export function secondsUntil(dueAt: string, nowMs: number): number {
  const ms = Date.parse(dueAt) - nowMs;
  return ms >= 0 ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
}

/**
 * During an active incident: when the next status update is due (incident §5.1), read-only. Counts on the
 * server's clock (`nowMs` already corrected for skew); nothing when no incident is active.
 */
export function StatusUpdateDue({
  clock,
  nowMs,
  size = "lg",
}: {
  clock: StatusUpdateClock | null;
  nowMs: number;
  size?: "lg" | "xl";
}) {
  if (!clock) return null;
  // The kiosk keeps it to one line: the clock itself comes first, the details give way.
  const text = size === "xl" ? "truncate text-4xl" : "text-xl";
  const about = `${clock.severity} · ${clock.title}`;
  if (!clock.dueAt) {
    return (
      <section
        data-testid="status-update-due"
        data-overdue="unknown"
        className={`rounded-xl border-2 border-gray-500 bg-panel px-5 py-2 ${text}`}
      >
        Next status update: <b>unknown</b> — {clock.unknown} <span className="text-gray-400">({about})</span>
      </section>
    );
  }
  const seconds = secondsUntil(clock.dueAt, nowMs);
  const overdue = seconds < 0;
  return (
    <section
      data-testid="status-update-due"
      data-overdue={overdue}
      className={`rounded-xl border-2 px-5 py-2 ${text} ${
        overdue ? "border-crit bg-crit/25 text-white" : "border-warn/70 bg-panel"
      }`}
    >
      {overdue ? (
        <b className="text-crit">
          Status update OVERDUE by <span className="font-mono">{formatMinSec(seconds)}</span>
        </b>
      ) : (
        <>
          Next status update due in <b className="font-mono text-warn">{formatMinSec(seconds)}</b>
        </>
      )}
      <span className={`pl-3 text-gray-300 ${size === "xl" ? "text-2xl" : "text-base"}`}>
        {about} · every {clock.everyMinutes} min ·{" "}
        {clock.lastPostedAt ? "counting from the last update posted" : "counting from the declaration"}
      </span>
    </section>
  );
}
