import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient, RollbackRun, RollbackStep } from "@/lib/db/generated/prisma/client";
import type { AuditInput, DbClient } from "@/lib/db/launch-types";
import type { RollbackPlan, RunKind, RunStatus, RunView, StepStatus, StepView } from "@/lib/model/rollback";
import type { Instance } from "@/lib/runtime/instance";

export type NewRun = {
  id: string;
  runbookId: string;
  kind: RunKind;
  requestedBy: string;
  reason: string;
  plan: RollbackPlan;
  owner: Instance;
  incidentId?: string | null;
  audit: AuditInput;
};

export type ActiveRunSummary = {
  id: string;
  kind: string;
  requestedBy: string;
  startedAt: string;
  status: string;
};
export type Claim = { ok: true } | { ok: false; active: ActiveRunSummary | null };

/**
 * Creates the run, its pending steps and the audit entry in one transaction — only if no other run holds
 * the runbook's lock. `activeLock` is unique: two concurrent claims cannot both insert, whatever the caller.
 */
export async function claimRun(db: PrismaClient, run: NewRun): Promise<Claim> {
  const inserted = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "RollbackRun" ("id", "runbookId", "incidentId", "activeLock", "kind", "status", "requestedBy",
                                 "reason", "plan", "ownerPid", "ownerInstance", "ownerScope", "heartbeatAt", "startedAt")
      VALUES (${run.id}, ${run.runbookId}, ${run.incidentId ?? null}, ${run.runbookId}, ${run.kind}, 'running',
              ${run.requestedBy}, ${run.reason}, ${JSON.stringify(run.plan)}::jsonb, ${run.owner.pid}, ${run.owner.id}, ${run.owner.scope},
              now(), now())
      ON CONFLICT ("activeLock") DO NOTHING
      RETURNING "id"`;
    if (rows.length === 0) return false;
    await tx.rollbackStep.createMany({
      data: run.plan.steps.map((s, index) => ({
        runId: run.id,
        index,
        name: s.name,
        command: s.command,
        status: s.kind === "manual" ? "manual" : "pending",
        output: s.kind === "manual" ? (s.warning ?? "") : "",
      })),
    });
    await appendAudit(tx, run.audit);
    return true;
  });
  if (inserted) return { ok: true };
  return { ok: false, active: await findActiveRun(db, run.runbookId) };
}

export async function findActiveRun(db: DbClient, runbookId: string): Promise<ActiveRunSummary | null> {
  const row = await db.rollbackRun.findUnique({ where: { activeLock: runbookId } });
  return row
    ? {
        id: row.id,
        kind: row.kind,
        requestedBy: row.requestedBy,
        startedAt: row.startedAt.toISOString(),
        status: row.status,
      }
    : null;
}

export async function markStepRunning(db: DbClient, runId: string, index: number, at: Date): Promise<void> {
  await db.rollbackStep.update({
    where: { runId_index: { runId, index } },
    data: { status: "running", startedAt: at, output: "" },
  });
}

export async function recordStepResult(
  db: DbClient,
  runId: string,
  index: number,
  result: { status: StepStatus; output: string; finishedAt: Date; durationMs: number | null },
): Promise<void> {
  await db.rollbackStep.update({ where: { runId_index: { runId, index } }, data: result });
}

export type Heartbeat = { owned: false } | { owned: true; abort: { by: string; reason: string } | null };

/**
 * The owner's heartbeat: not owned when the run is no longer ours (finished or marked interrupted); it
 * carries an abort the lead asked for on another dashboard.
 */
export async function heartbeatRun(
  db: DbClient,
  runId: string,
  ownerInstance: string,
  at: Date,
): Promise<Heartbeat> {
  const rows = await db.$queryRaw<{ abortRequestedBy: string | null; abortReason: string | null }[]>`
    UPDATE "RollbackRun" SET "heartbeatAt" = ${at}
    WHERE "id" = ${runId} AND "status" = 'running' AND "ownerInstance" = ${ownerInstance}
    RETURNING "abortRequestedBy", "abortReason"`;
  const row = rows[0];
  if (!row) return { owned: false };
  return {
    owned: true,
    abort: row.abortRequestedBy ? { by: row.abortRequestedBy, reason: row.abortReason ?? "" } : null,
  };
}

/** Leaves an abort for the dashboard executing the run; false when one was asked already or it ended. */
export async function requestRemoteAbort(
  db: DbClient,
  runId: string,
  request: { by: string; reason: string },
): Promise<boolean> {
  const res = await db.rollbackRun.updateMany({
    where: { id: runId, status: "running", abortRequestedBy: null },
    data: { abortRequestedBy: request.by, abortReason: request.reason },
  });
  return res.count === 1;
}

/** Ends a run and releases the lock (with its audit entry). Only a run still `running` changes. */
export async function finishRun(
  db: PrismaClient,
  runId: string,
  result: { status: Exclude<RunStatus, "running">; outcome: string; at: Date; audit: AuditInput },
  onlyIfHeartbeat?: Date | null,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const res = await tx.rollbackRun.updateMany({
      where: {
        id: runId,
        status: "running",
        ...(onlyIfHeartbeat !== undefined ? { heartbeatAt: onlyIfHeartbeat } : {}),
      },
      data: { status: result.status, outcome: result.outcome, finishedAt: result.at, activeLock: null },
    });
    if (res.count !== 1) return false;
    await appendAudit(tx, result.audit);
    return true;
  });
}

export async function listRunningRuns(db: DbClient): Promise<RollbackRun[]> {
  return db.rollbackRun.findMany({ where: { status: "running" } });
}

function stepView(s: RollbackStep): StepView {
  return {
    index: s.index,
    name: s.name,
    command: s.command,
    status: s.status as StepStatus,
    output: s.output,
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    durationMs: s.durationMs,
  };
}

function runView(r: RollbackRun & { steps: RollbackStep[] }): RunView {
  return {
    id: r.id,
    kind: r.kind as RunKind,
    status: r.status as RunStatus,
    requestedBy: r.requestedBy,
    reason: r.reason,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    outcome: r.outcome,
    ownerPid: r.ownerPid,
    ownerInstance: r.ownerInstance,
    heartbeatAt: r.heartbeatAt?.toISOString() ?? null,
    plan: r.plan as unknown as RollbackPlan,
    steps: [...r.steps].sort((a, b) => a.index - b.index).map(stepView),
  };
}

export async function readRun(db: DbClient, runId: string): Promise<RunView | null> {
  const row = await db.rollbackRun.findUnique({ where: { id: runId }, include: { steps: true } });
  return row ? runView(row) : null;
}

/** Newest first. */
export async function listRuns(db: DbClient, runbookId: string, limit = 10): Promise<RunView[]> {
  const rows = await db.rollbackRun.findMany({
    where: { runbookId },
    orderBy: { startedAt: "desc" },
    take: limit,
    include: { steps: true },
  });
  return rows.map(runView);
}

/** Live output of a running step (health waits report each change as it happens). */
export async function updateStepOutput(
  db: DbClient,
  runId: string,
  index: number,
  output: string,
): Promise<void> {
  await db.rollbackStep.update({ where: { runId_index: { runId, index } }, data: { output } });
}

/** Steps after a failure or an interruption: never run. */
export async function markStepsNotRun(
  db: DbClient,
  runId: string,
  fromIndex: number,
  status: "skipped",
  output: string,
): Promise<void> {
  await db.rollbackStep.updateMany({
    where: { runId, index: { gte: fromIndex }, status: { in: ["pending", "running"] } },
    data: { status, output },
  });
}

/** The step in flight when its run's owner died: its effect is unknown, so it is marked interrupted. */
export async function markStepInterrupted(
  db: DbClient,
  runId: string,
  index: number,
  output: string,
  at: Date,
): Promise<void> {
  await db.rollbackStep.update({
    where: { runId_index: { runId, index } },
    data: { status: "interrupted", output, finishedAt: at },
  });
}

/** Whether the run belongs to this runbook (a run of another runbook is "not found"). */
export async function runBelongsTo(db: DbClient, runId: string, runbookId: string): Promise<boolean> {
  return (await db.rollbackRun.count({ where: { id: runId, runbookId } })) > 0;
}

export type { RollbackRun };
