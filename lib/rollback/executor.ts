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
import {
  type Emit,
  restartContainer,
  startContainer,
  stopContainer,
  tagImage,
  verifyHealth,
  verifyRedirect,
  verifySearch,
  waitHealthy,
} from "@/lib/rollback/docker-steps";
import { describeLiveState } from "@/lib/rollback/live-state";
import { RecreateError, recreateContainer } from "@/lib/rollback/recreate";
import { writeRollbackState } from "@/lib/rollback/rollback-state";

export type ExecutorDeps = {
  db: Db;
  docker: Docker;
  target: RollbackTarget;
  /** The audit entry for the run's end (who started it is already recorded). */
  finishAudit: (message: string, data: Record<string, string | number | null>) => AuditInput;
  /** Called after every change a viewer should see (step started, output, result, run end). */
  onChange: () => void;
  pid?: number;
  heartbeatMs?: number;
  /** Test hook: runs before each step (e.g. to kill the process mid-run). */
  beforeStep?: (index: number, step: PlannedStep) => Promise<void> | void;
};

export const HEARTBEAT_MS = 2000;

class LostOwnership extends Error {}

/** Executes one step; output lines go through `emit`. Throws to fail the step. */
async function runStep(deps: ExecutorDeps, step: PlannedStep, runId: string, emit: Emit): Promise<void> {
  const { docker, target } = deps;
  const a = step.args;
  const need = (k: string) => {
    const v = a[k];
    if (!v) throw new Error(`step "${step.name}" has no ${k}`);
    return v;
  };
  switch (step.kind) {
    case "stop":
      return stopContainer(docker, need("container"), emit);
    case "tag":
      return tagImage(docker, need("image"), need("repo"), need("tag"), emit);
    case "recreate": {
      try {
        const res = await recreateContainer(docker, need("container"), need("image"), runId.slice(0, 8));
        for (const line of res.log) emit(line);
      } catch (err) {
        if (err instanceof RecreateError) for (const line of err.log) emit(line);
        throw err;
      }
      return;
    }
    case "start":
      return startContainer(docker, need("container"), emit);
    case "restart":
      return restartContainer(docker, need("container"), emit);
    case "wait-healthy":
      return waitHealthy(docker, need("container"), target.healthTimeoutMs, emit);
    case "verify-health":
      return verifyHealth(need("url"), emit);
    case "verify-search":
      return verifySearch(need("url"), emit);
    case "verify-redirect":
      return verifyRedirect(need("url"), need("tag"), emit);
    case "write-state": {
      const state = {
        PREV_API_IMAGE: need("PREV_API_IMAGE"),
        PREV_MCP_IMAGE: need("PREV_MCP_IMAGE"),
        PREV_SHA: need("PREV_SHA"),
        DEPLOY_TIME: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        DEPLOY_SHA: need("DEPLOY_SHA"),
      };
      await writeRollbackState(need("path"), state);
      emit(
        Object.entries(state)
          .map(([k, v]) => `${k}="${v}"`)
          .join("\n"),
      );
      return;
    }
    case "manual":
      return;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs a claimed run's steps in order, storing each step's output, timing and result as it happens and
 * heart-beating the run. The first failure stops the run; the outcome then says what the engine holds.
 * Manual steps (the migration downgrade) are never executed.
 */
export async function executeRun(deps: ExecutorDeps, runId: string, plan: RollbackPlan): Promise<RunStatus> {
  const { db } = deps;
  const pid = deps.pid ?? process.pid;
  const runStarted = Date.now();
  let owned = true;
  const beat = setInterval(() => {
    heartbeatRun(db, runId, pid, new Date())
      .then((ok) => {
        if (!ok) owned = false;
      })
      .catch(() => undefined);
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  let verifiedAtMs: number | null = null;
  try {
    for (const [index, step] of plan.steps.entries()) {
      if (step.kind === "manual") continue;
      await deps.beforeStep?.(index, step);
      if (!owned) throw new LostOwnership(`run ${runId} is no longer owned by process ${pid}`);
      const started = new Date();
      await markStepRunning(db, runId, index, started);
      deps.onChange();
      const lines: string[] = [];
      let pendingWrite: Promise<void> = Promise.resolve();
      const emit: Emit = (line) => {
        lines.push(line);
        const text = lines.join("\n");
        pendingWrite = pendingWrite.then(() =>
          updateStepOutput(db, runId, index, text).then(deps.onChange, () => undefined),
        );
      };
      try {
        await runStep(deps, step, runId, emit);
        await pendingWrite;
        const finished = new Date();
        await recordStepResult(db, runId, index, {
          status: "ok",
          output: lines.join("\n"),
          finishedAt: finished,
          durationMs: finished.getTime() - started.getTime(),
        });
        if (step.kind.startsWith("verify-")) verifiedAtMs = finished.getTime();
        deps.onChange();
      } catch (err) {
        await pendingWrite;
        const finished = new Date();
        await recordStepResult(db, runId, index, {
          status: "failed",
          output: [...lines, `FAILED: ${errorText(err)}`].join("\n"),
          finishedAt: finished,
          durationMs: finished.getTime() - started.getTime(),
        });
        await markStepsNotRun(
          db,
          runId,
          index + 1,
          "skipped",
          `not run: step ${index + 1} (${step.name}) failed`,
        );
        const left = await describeLiveState(deps.docker, deps.target);
        const outcome = `failed at step ${index + 1} (${step.name}): ${errorText(err).split("\n")[0]}. Stopped there; left as it is now — ${left}`;
        await finishRun(db, runId, {
          status: "failed",
          outcome,
          at: finished,
          audit: deps.finishAudit(`${plan.kind} ${runId} failed at step ${index + 1}`, {
            runId,
            step: index + 1,
            outcome,
          }),
        });
        deps.onChange();
        return "failed";
      }
    }
    const done = new Date();
    const seconds = (((verifiedAtMs ?? done.getTime()) - runStarted) / 1000).toFixed(1);
    const api = plan.services[0];
    const outcome =
      plan.kind === "rollback"
        ? `${api?.container} on ${api?.target?.tag ?? api?.target?.id.slice(7, 19)} healthy and verified ${seconds} s after confirmation; ${plan.services
            .slice(1)
            .map((s) => s.service)
            .join(", ")} started again; rollback state written`
        : `${api?.container} restarted, healthy and answering /health ${seconds} s after confirmation`;
    await finishRun(db, runId, {
      status: "succeeded",
      outcome,
      at: done,
      audit: deps.finishAudit(`${plan.kind} ${runId} succeeded`, {
        runId,
        outcome,
        verifiedAfterMs: (verifiedAtMs ?? done.getTime()) - runStarted,
      }),
    });
    deps.onChange();
    return "succeeded";
  } catch (err) {
    if (err instanceof LostOwnership) return "interrupted";
    throw err;
  } finally {
    clearInterval(beat);
  }
}
