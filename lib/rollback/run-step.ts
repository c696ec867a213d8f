import type Docker from "dockerode";
import type { VerifyRequest } from "@/lib/model/actions-schema";
import type { PlannedStep, RollbackTarget } from "@/lib/model/rollback";
import type { FileCleanup } from "@/lib/model/service-actions-schema";
import { PRUNE_CALLS, pruneBuilder, removeDanglingImages } from "@/lib/rollback/cleanup-steps";
import {
  type Bounds,
  type Emit,
  restartContainer,
  startContainer,
  stopContainer,
  tagImage,
  waitHealthy,
} from "@/lib/rollback/docker-steps";
import { checkNewBackup, execInContainer, EXEC_MS as LONG_EXEC_MS } from "@/lib/rollback/exec-step";
import { deleteOldFiles as deleteFileGroup } from "@/lib/rollback/file-cleanup";
import { HTTP_STEP_MS, sendActionRequest } from "@/lib/rollback/http-step";
import { deleteOldFiles } from "@/lib/rollback/old-files";
import { RecreateError, recreateContainer } from "@/lib/rollback/recreate";
import { writeRollbackState } from "@/lib/rollback/rollback-state";
import { EXEC_MS, execCheck, killContainer, showMemory, watchFalling } from "@/lib/rollback/service-steps";
import { verifyRequest } from "@/lib/rollback/verify-request";

const VERIFY_MS = 10_000;
const WRITE_MS = 10_000;

/**
 * A step's deadline: what its bounded engine calls can take, plus a margin. The calls are bounded
 * themselves; the deadline settles the step even if one of them ignores its signal.
 */
export function stepDeadlineMs(target: RollbackTarget, step: PlannedStep): number {
  const stop = target.stopTimeoutS * 1000;
  const call = target.engineCallMs;
  switch (step.kind) {
    case "stop":
    case "restart":
      return stop + 2 * call + 1000;
    case "recreate":
      return stop + 6 * call + 1000;
    case "wait-healthy":
      return target.healthTimeoutMs + 2 * call + 6000;
    case "tag":
    case "start":
      return 2 * call + 1000;
    case "verify-health":
    case "verify-search":
    case "verify-redirect":
      // A verification retried after a restart (the backend reconnecting) gets its bound on top.
      return VERIFY_MS + Number(step.args.untilMs ?? 0);
    case "kill":
      return 2 * call + 1000;
    case "exec":
      // A backup's exec may run for minutes (`long`); a service action's command is quick.
      return (step.args.long ? LONG_EXEC_MS : EXEC_MS) + call + 1000;
    case "watch":
      return Number(step.args.withinS ?? 60) * 1000 + EXEC_MS + call + 1000;
    case "stats":
      return call + 1000;
    case "write-state":
    case "check-backup":
      return WRITE_MS;
    case "delete-files":
      return 60_000;
    case "http-call":
      return HTTP_STEP_MS + 1000;
    case "prune-builder":
      return PRUNE_CALLS * call + 1000;
    case "remove-images":
      // One look at the engine, then one call per image.
      return (4 + (step.args.images?.split(",").length ?? 0)) * call + 1000;
    case "manual":
      return 0;
  }
}

/** Executes one step; output lines go through `emit`. Throws to fail the step. */
export async function runStep(
  docker: Docker,
  target: RollbackTarget,
  step: PlannedStep,
  runId: string,
  emit: Emit,
  signal: AbortSignal,
): Promise<void> {
  const a = step.args;
  const need = (k: string) => {
    const v = a[k];
    if (!v) throw new Error(`step "${step.name}" has no ${k}`);
    return v;
  };
  const b: Bounds = { callMs: target.engineCallMs, stopTimeoutS: target.stopTimeoutS, signal };
  switch (step.kind) {
    case "stop":
      return stopContainer(docker, need("container"), emit, b);
    case "tag":
      return tagImage(docker, need("image"), need("repo"), need("tag"), emit, b);
    case "recreate": {
      try {
        const res = await recreateContainer(docker, need("container"), need("image"), runId.slice(0, 8), b);
        for (const line of res.log) emit(line);
      } catch (err) {
        if (err instanceof RecreateError) for (const line of err.log) emit(line);
        throw err;
      }
      return;
    }
    case "start":
      return startContainer(docker, need("container"), emit, b);
    case "restart":
      return restartContainer(docker, need("container"), emit, b);
    case "wait-healthy":
      return waitHealthy(docker, need("container"), target.healthTimeoutMs, emit, b);
    case "verify-health":
    case "verify-search":
    case "verify-redirect":
      return verifyUntil(
        need("url"),
        JSON.parse(need("request")) as VerifyRequest,
        Number(a.untilMs ?? 0),
        emit,
        signal,
      );
    case "kill":
      return killContainer(docker, need("container"), emit, b);
    case "exec":
      return a.long
        ? execInContainer(docker, need("container"), JSON.parse(need("cmd")) as string[], emit, b)
        : execCheck(docker, need("container"), JSON.parse(need("cmd")) as string[], a.expect, emit, b);
    case "watch":
      return watchFalling(
        docker,
        need("container"),
        JSON.parse(need("cmd")) as string[],
        Number(need("withinS")),
        emit,
        b,
      );
    case "stats":
      return showMemory(docker, need("containers").split(","), emit, b);
    case "delete-files":
      // Two planners list files to delete: the runbook's file groups (logs, backups) and its old-file rules.
      return a.group
        ? deleteFileGroup(
            JSON.parse(need("group")) as FileCleanup,
            JSON.parse(need("paths")) as string[],
            emit,
          )
        : deleteOldFiles(a, Date.now(), emit);
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
    case "prune-builder":
      return pruneBuilder(docker, emit, b);
    case "remove-images":
      return removeDanglingImages(docker, target, need("images").split(","), emit, b);
    case "check-backup":
      return checkNewBackup(need("dir"), Date.parse(need("since")), emit);
    case "http-call":
      return sendActionRequest(a, emit, signal);
    case "manual":
      return;
  }
}

/** One verification request; with `untilMs`, tried again each second until it passes or the bound ends. */
async function verifyUntil(
  url: string,
  req: VerifyRequest,
  untilMs: number,
  emit: Emit,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + untilMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await verifyRequest(url, req, emit);
    } catch (err) {
      if (Date.now() >= deadline || signal.aborted) throw err;
      emit(`attempt ${attempt}: ${err instanceof Error ? err.message : String(err)}; again in 1 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
