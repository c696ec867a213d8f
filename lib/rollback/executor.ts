import type Docker from "dockerode";
import type { Db } from "@/lib/db/client";
import type { AuditInput } from "@/lib/db/launch-types";
import {
  finishRun,
  heartbeatRun,
  markStepRunning,
  markStepsNotRun,
  recordStepResult,
  updateStepOutput,
} from "@/lib/db/rollback-runs";
import type { PlannedStep, RollbackPlan, RollbackTarget, RunStatus } from "@/lib/model/rollback";
import { registerRun, requestAbort, unregisterRun } from "@/lib/rollback/abort-registry";
import type { Emit } from "@/lib/rollback/docker-steps";
import { describeLiveState } from "@/lib/rollback/live-state";
import { runStep, stepDeadlineMs } from "@/lib/rollback/run-step";
import { runSteps, type StepResult } from "@/lib/rollback/step-runner";
import { type Instance, thisInstance } from "@/lib/runtime/instance";
import { log } from "@/lib/runtime/log";

export type ExecutorDeps = {
  db: Db;
  docker: Docker;
  target: RollbackTarget;
  /** The audit entry for the run's end (who started it is already recorded). */
  finishAudit: (message: string, data: Record<string, string | number | null>) => AuditInput;
  /** Called after every change a viewer should see (step started, output, result, run end). */
  onChange: () => void;
  /** The instance that claimed the run (this process unless a test stands in for another). */
  owner?: Instance;
  heartbeatMs?: number;
  /** Test hook: runs before each step (e.g. to kill the process mid-run). */
  beforeStep?: (index: number, step: PlannedStep) => Promise<void> | void;
};

export const HEARTBEAT_MS = 2000;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** What a successful run says: how fast the primary was verified, what came back, what was skipped. */
function successOutcome(plan: RollbackPlan, seconds: string): string {
  const api = plan.services[0];
  if (plan.kind === "disk-cleanup") {
    const c = plan.cleanup;
    return (
      `disk cleanup done ${seconds} s after confirmation: build cache pruned, ${c?.remove.length ?? 0} dangling image(s) planned for removal (see the step); ` +
      (c?.files ? `${c.files.length} old file(s) planned for deletion; ` : "") +
      `kept: ${c?.rollbackImages.length ?? 0} sha- image(s), ${c?.keep.length ?? 0} protected dangling, every container of the project`
    );
  }
  if (plan.kind === "service-action")
    return `${plan.action}: ${plan.steps.filter((s) => s.kind !== "manual").length} step(s) done, ${plan.steps.some((s) => s.kind.startsWith("verify-")) ? "verified" : "finished"} ${seconds} s after confirmation (${plan.sourceDetail})`;
  const acted = plan.services.filter((s) => !s.skipped).map((s) => s.service);
  const absent = plan.services.filter((s) => s.skipped).map((s) => s.service);
  const skippedText = absent.length ? `; skipped (absent): ${absent.join(", ")}` : "";
  if (plan.kind === "restart-stack")
    return `full stack restarted: ${acted.join(", ")} healthy, verified ${seconds} s after confirmation${skippedText}`;
  if (plan.kind === "stop-ingestion") return `ingestion stopped: ${acted.join(", ")}${skippedText}`;
  if (plan.kind === "resume-ingestion") return `ingestion resumed: ${acted.join(", ")} healthy${skippedText}`;
  if (plan.kind === "pause-us")
    return `US traffic paused in ${api?.container} and verified ${seconds} s after confirmation`;
  if (plan.kind === "resume-us")
    return `US traffic resumed in ${api?.container} and verified ${seconds} s after confirmation`;
  if (plan.kind === "backup")
    return `backup made in ${api?.container} ${seconds} s after confirmation and found on disk`;
  if (plan.kind !== "rollback")
    return `${api?.container} restarted, healthy and verified ${seconds} s after confirmation`;
  const back = plan.services.slice(1).filter((s) => !s.skipped);
  const skipped = plan.services.filter((s) => s.skipped);
  return (
    `${api?.container} on ${api?.target?.tag ?? api?.target?.id.slice(7, 19)} healthy and verified ${seconds} s after confirmation; ` +
    (back.length ? `${back.map((s) => s.service).join(", ")} started again; ` : "") +
    (skipped.length ? `skipped: ${skipped.map((s) => `${s.service} (absent)`).join(", ")}; ` : "") +
    "rollback state written"
  );
}

/**
 * Runs a claimed run's steps (dependents' stops alongside the primary's, every step bounded), storing
 * each step's output, timing and result as it happens and heart-beating the run. The first failure stops
 * the run; so does the lead's abort, after the step in progress. The outcome then says what the engine
 * holds. Manual steps (the migration downgrade) are never executed.
 */
export async function executeRun(deps: ExecutorDeps, runId: string, plan: RollbackPlan): Promise<RunStatus> {
  const { db } = deps;
  const owner = deps.owner ?? thisInstance();
  const runStarted = Date.now();
  let owned = true;
  const beat = setInterval(() => {
    heartbeatRun(db, runId, owner.id, new Date())
      .then((beat) => {
        if (!beat.owned) owned = false;
        // An abort the lead asked for on another dashboard reaches this one with its heartbeat.
        else if (beat.abort) requestAbort(runId, beat.abort);
      })
      .catch(() => undefined);
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  const control = registerRun(runId);
  let verifiedAtMs: number | null = null;
  const lines = new Map<number, string[]>();
  const writes = new Map<number, Promise<void>>();
  const startedAt = new Map<number, Date>();
  try {
    const outcome = await runSteps(plan.steps, {
      abort: control.signal,
      stillOwned: () => owned,
      beforeStep: deps.beforeStep,
      deadlineMs: (step) => stepDeadlineMs(deps.target, step),
      started: async (index) => {
        const at = new Date();
        startedAt.set(index, at);
        lines.set(index, []);
        await markStepRunning(db, runId, index, at);
        deps.onChange();
      },
      run: (index, step, signal) => {
        const emit: Emit = (line) => {
          const mine = lines.get(index) ?? [];
          mine.push(line);
          const text = mine.join("\n");
          const prior = writes.get(index) ?? Promise.resolve();
          writes.set(
            index,
            prior.then(() => updateStepOutput(db, runId, index, text).then(deps.onChange, () => undefined)),
          );
        };
        return runStep(deps.docker, deps.target, step, runId, emit, signal);
      },
      finished: async (index, step, result) => {
        await writes.get(index);
        const finished = new Date();
        const out = lines.get(index) ?? [];
        const status = result.ok ? "ok" : result.cutShort ? "interrupted" : "failed";
        const durationMs = finished.getTime() - (startedAt.get(index) ?? finished).getTime();
        await recordStepResult(db, runId, index, {
          status,
          output: [...out, ...resultLines(result, step, control.request()?.by)].join("\n"),
          finishedAt: finished,
          durationMs,
        });
        log()[result.ok ? "info" : "warn"](
          { event: "rollback-step", runId, step: index, kind: step.kind, status, durationMs },
          `rollback step ${index} ${step.kind}: ${status}`,
        );
        if (result.ok && step.kind.startsWith("verify-")) verifiedAtMs = finished.getTime();
        deps.onChange();
      },
    });
    if (outcome.status === "lost") return "interrupted";
    const done = new Date();
    if (outcome.status === "succeeded") {
      const seconds = (((verifiedAtMs ?? done.getTime()) - runStarted) / 1000).toFixed(1);
      const text = successOutcome(plan, seconds);
      await finishRun(db, runId, {
        status: "succeeded",
        outcome: text,
        at: done,
        audit: deps.finishAudit(`${plan.kind} ${runId} succeeded`, {
          runId,
          outcome: text,
          verifiedAfterMs: (verifiedAtMs ?? done.getTime()) - runStarted,
        }),
      });
      deps.onChange();
      return "succeeded";
    }
    const left = await describeLiveState(deps.docker, deps.target);
    let text: string;
    let status: "failed" | "aborted";
    if (outcome.status === "failed") {
      const n = outcome.index + 1;
      status = "failed";
      await markStepsNotRun(db, runId, 0, "skipped", `not run: step ${n} (${outcome.step.name}) failed`);
      text = `failed at step ${n} (${outcome.step.name}): ${errorText(outcome.error).split("\n")[0]}. Stopped there; left as it is now — ${left}`;
    } else {
      const who = control.request();
      const at =
        outcome.during !== null
          ? `while step ${outcome.during + 1} (${plan.steps[outcome.during]?.name}) waited`
          : outcome.lastDone !== null
            ? `after step ${outcome.lastDone + 1} (${plan.steps[outcome.lastDone]?.name})`
            : "before its first step";
      status = "aborted";
      await markStepsNotRun(db, runId, 0, "skipped", `not run: aborted by ${who?.by ?? "the lead"}`);
      text = `aborted by ${who?.by ?? "the lead"} ${at}${who?.reason ? `: ${who.reason}` : ""}. Nothing after it was run; left as it is now — ${left}`;
    }
    await finishRun(db, runId, {
      status,
      outcome: text,
      at: done,
      audit: deps.finishAudit(`${plan.kind} ${runId} ${status}`, { runId, outcome: text }),
    });
    deps.onChange();
    return status;
  } finally {
    unregisterRun(runId);
    clearInterval(beat);
  }
}

function resultLines(result: StepResult, step: PlannedStep, by: string | undefined): string[] {
  if (result.ok) return [];
  if (result.cutShort)
    return [
      `ABORTED by ${by ?? "the lead"} while waiting: ${step.args.container ?? "the container"} left as it was`,
    ];
  return [`FAILED: ${errorText(result.error)}`];
}
