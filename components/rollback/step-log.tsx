"use client";

import { KIND_TEXT } from "@/components/rollback/run-kinds";
import type { RollbackBoard, RunView, StepStatus, StepView } from "@/lib/model/rollback";

const STEP_STYLE: Record<StepStatus, { mark: string; cls: string }> = {
  pending: { mark: "·", cls: "text-gray-500" },
  running: { mark: "▶", cls: "text-warn animate-pulse" },
  ok: { mark: "✓", cls: "text-ok" },
  failed: { mark: "✗", cls: "text-crit" },
  skipped: { mark: "–", cls: "text-gray-500" },
  manual: { mark: "✋", cls: "text-warn" },
  interrupted: { mark: "?", cls: "text-crit" },
};

const RUN_STYLE: Record<RunView["status"], string> = {
  running: "border-warn bg-warn/15 text-warn",
  succeeded: "border-ok bg-ok/10 text-ok",
  failed: "border-crit bg-crit/20 text-crit",
  interrupted: "border-crit bg-crit/20 text-crit",
  aborted: "border-warn bg-warn/10 text-warn",
};

export function formatDuration(ms: number | null): string {
  if (ms === null) return "";
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

function StepRow({ step, nowMs, large }: { step: StepView; nowMs: number; large: boolean }) {
  const style = STEP_STYLE[step.status];
  // Clamped: the viewer's estimate of the server clock can be a few ms behind the step's start.
  const running =
    step.status === "running" && step.startedAt ? Math.max(0, nowMs - Date.parse(step.startedAt)) : null;
  const lines = step.output.split("\n").filter(Boolean);
  const shown = large ? lines.slice(-2) : lines.slice(-6);
  return (
    <li
      className="grid grid-cols-[2rem_1fr_auto] gap-x-2"
      data-testid="rollback-step"
      data-status={step.status}
    >
      <span className={`text-center font-bold ${style.cls}`}>{style.mark}</span>
      <div className="min-w-0">
        <div
          className={step.status === "pending" || step.status === "skipped" ? "text-gray-400" : "text-white"}
        >
          {step.index + 1}. {step.name}
          {step.status === "skipped" && <span className="text-gray-500"> (not run)</span>}
        </div>
        <code
          className={`block truncate font-mono text-gray-400 ${large ? "text-base" : "text-sm"}`}
          title={step.command}
        >
          $ {step.command}
        </code>
        {shown.length > 0 && step.status !== "skipped" && (
          <pre
            className={`whitespace-pre-wrap break-all font-mono ${large ? "text-base" : "text-xs"} ${step.status === "failed" ? "text-crit" : "text-gray-300"}`}
          >
            {shown.join("\n")}
          </pre>
        )}
      </div>
      <span className={`text-right font-mono text-gray-400 ${large ? "text-base" : "text-sm"}`}>
        {formatDuration(step.durationMs ?? running)}
      </span>
    </li>
  );
}

/** The run every viewer watches: each step's command, result, timing and last output lines, live. */
export function RollbackStepLog({
  board,
  nowMs,
  large = false,
}: {
  board: RollbackBoard | undefined;
  nowMs: number;
  large?: boolean;
}) {
  if (board?.error) {
    return (
      <section
        className="rounded-xl border border-unknown/60 bg-panel p-4 text-unknown"
        data-testid="rollback-log"
      >
        Rollback runs: {board.error}
      </section>
    );
  }
  const run = board?.run;
  if (!run) return null;
  const elapsed = Math.max(
    0,
    (run.finishedAt ? Date.parse(run.finishedAt) : nowMs) - Date.parse(run.startedAt),
  );
  const title = `${KIND_TEXT[run.kind].log}${run.plan.action ? ` ${run.plan.action.toUpperCase()}` : ""}`;
  const target = run.plan.services[0]?.target;
  return (
    <section
      className={`rounded-xl border-2 bg-panel p-4 ${RUN_STYLE[run.status]}`}
      data-testid="rollback-log"
      data-status={run.status}
      aria-label="rollback progress"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className={`font-bold ${large ? "text-4xl" : "text-2xl"}`}>
          {title} {run.status.toUpperCase()}
          {target && (
            <span className="pl-3 font-mono text-lg text-white">
              → {target.tag ?? target.id.slice(7, 19)}
            </span>
          )}
        </h2>
        <span className="font-mono text-lg text-white">{formatDuration(elapsed)}</span>
      </header>
      <p className="text-base text-gray-300">
        by <b className="text-white">{run.requestedBy}</b>: {run.reason}
      </p>
      {run.outcome && (
        <p className="mt-1 text-base text-white" data-testid="rollback-outcome">
          {run.outcome}
        </p>
      )}
      <ol className={`mt-3 flex flex-col gap-1.5 ${large ? "text-xl" : "text-base"}`}>
        {run.steps.map((s) => (
          <StepRow key={s.index} step={s} nowMs={nowMs} large={large} />
        ))}
      </ol>
    </section>
  );
}
