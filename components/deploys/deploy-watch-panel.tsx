"use client";

import { formatClock } from "@/components/format";
import type { DeployRecord, DeployWatchBoard, ImageRef, SmokeStatus } from "@/lib/model/deploy-watch";
import { formatAge } from "@/lib/rules/staleness";

const STATUS_CLASS: Record<SmokeStatus, string> = {
  pass: "border-ok bg-ok/15 text-ok",
  fail: "border-crit bg-crit/20 text-crit",
  unknown: "border-gray-500 bg-gray-700/30 text-gray-300",
  running: "border-sky-400 bg-sky-900/30 text-sky-300",
};
const STATUS_LABEL: Record<SmokeStatus, string> = {
  pass: "PASS",
  fail: "FAIL",
  unknown: "UNKNOWN",
  running: "…",
};

const ref = (r: ImageRef | null) => (r ? (r.tag ?? r.id.slice(7, 19)) : "unknown");
const title = (d: DeployRecord) =>
  d.kind === "deploy" ? "DEPLOY" : d.kind === "rollback" ? "warroom ROLLBACK" : "warroom RESTART";

/**
 * The deploy watch: the latest change of the primary's image (a deploy, or warroom's own rollback/restart),
 * each smoke test's result, and the post-deploy window's rules. `large` for the TV.
 */
export function DeployWatchPanel({
  board,
  timeZone,
  nowMs,
  large = false,
  always = false,
}: {
  board: DeployWatchBoard | undefined;
  timeZone: string;
  nowMs: number;
  large?: boolean;
  /** Drawn even before any deploy (the deploy window's screen): it then says what it watches. */
  always?: boolean;
}) {
  // No deploy seen and nothing wrong with the watch: nothing to show, so no panel.
  if (!board || (!board.latest && !board.error && !always)) return null;
  const d = board.latest;
  const others = board.recent.filter((r) => r.id !== d?.id);
  const text = large ? "text-2xl" : "text-base";
  const failed = d?.smoke?.results.filter((r) => r.status === "fail").length ?? 0;
  return (
    <section
      className={`rounded-xl border-2 ${large ? "p-3" : "p-4"} ${always ? "h-full overflow-hidden" : ""} ${failed > 0 ? "border-crit" : "border-panel"} bg-panel`}
      data-testid="deploy-watch"
      aria-label="deploy watch"
    >
      <header className={`flex flex-wrap items-baseline gap-x-4 ${text}`}>
        <h2 className={`font-bold text-white ${large ? "text-3xl" : "text-xl"}`}>
          {d ? `${title(d)} ${ref(d.from)} → ${ref(d.to)}` : "Deploy watch"}
        </h2>
        {d ? (
          <span className="text-gray-300" data-testid="deploy-at">
            {formatClock(d.at, timeZone)} · {formatAge(nowMs - Date.parse(d.at))} ago · {d.container}
          </span>
        ) : (
          <span className="text-gray-300">
            {board.primary} on {ref(board.current)} · no deploy seen yet
          </span>
        )}
      </header>
      {board.error && <p className={`text-warn ${text}`}>{board.error}</p>}
      {d && <p className={`text-gray-400 ${large ? "truncate text-lg" : "text-sm"}`}>{d.stateNote}</p>}
      {d?.smoke && (
        <div className="mt-2" data-testid="deploy-smoke">
          {/* On the TV each line stays one line, so all ten tests fit in two rows under the alerts. */}
          <p className={`text-gray-300 ${large ? "truncate text-xl" : "text-sm"}`}>
            Smoke suite{" "}
            {d.smoke.finishedAt ? `run at ${formatClock(d.smoke.finishedAt, timeZone)}` : "running…"}
            {failed > 0 && <b className="pl-2 text-crit">{failed} FAILED</b>}
            {d.smoke.note && <span className="pl-2 text-warn">({d.smoke.note})</span>}
          </p>
          <ul className={`mt-1 grid gap-2 ${large ? "grid-cols-5" : "grid-cols-2 lg:grid-cols-5"}`}>
            {d.smoke.results.map((r) => (
              <li
                key={r.id}
                className={`rounded-lg border px-2 py-1 ${STATUS_CLASS[r.status]}`}
                data-testid={`smoke-${r.id}`}
                data-status={r.status}
                title={[r.source, ...r.checks.map((c) => `${c.id}: ${c.level} — ${c.summary}`)]
                  .filter(Boolean)
                  .join("\n")}
              >
                <div className={`font-bold ${large ? "truncate text-xl" : "text-sm"}`}>
                  {STATUS_LABEL[r.status]} {r.label}
                </div>
                {!large && r.status !== "pass" && (
                  <div className="truncate text-xs text-gray-300">
                    {r.checks.map((c) => c.summary).join("; ")}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {board.window && (
        <div className={`mt-2 ${large ? "text-xl" : "text-sm"}`} data-testid="deploy-window">
          <p className="text-gray-300">
            Post-deploy window {board.window.open ? "open until" : "closed at"}{" "}
            {formatClock(board.window.openUntil, timeZone, false)}
          </p>
          <ul>
            {board.window.rules
              .filter((r) => (large ? r.state === "firing" : true))
              .map((r) => (
                <li key={r.id} className={r.state === "firing" ? "font-bold text-crit" : "text-gray-400"}>
                  {r.state === "firing" ? "ROLLBACK: " : ""}
                  {r.label} — {r.reason} <span className="text-gray-500">({r.source})</span>
                </li>
              ))}
          </ul>
        </div>
      )}
      {!large && others.length > 0 && (
        <ul className="mt-2 font-mono text-xs text-gray-400" data-testid="deploy-history">
          {others.map((r) => (
            <li key={r.id}>
              {formatClock(r.at, timeZone)} {r.kind} {ref(r.from)} → {ref(r.to)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
