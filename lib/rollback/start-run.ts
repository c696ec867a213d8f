import { randomUUID } from "node:crypto";
import type Docker from "dockerode";
import type { Db } from "@/lib/db/client";
import type { AuditInput } from "@/lib/db/launch-types";
import { claimRun } from "@/lib/db/rollback-runs";
import { redactSecrets } from "@/lib/model/redact";
import { Refusal } from "@/lib/model/refusal";
import type {
  ManualAction,
  PlannedStep,
  RollbackPlan,
  RollbackTarget,
  RunKind,
  RunStatus,
} from "@/lib/model/rollback";
import { backupContainerState, composeBackupPlan, containerRunState } from "@/lib/rollback/backup-plan";
import { gatherCleanupFacts } from "@/lib/rollback/cleanup-facts";
import { composeCleanupPlan } from "@/lib/rollback/cleanup-plan";
import { composeRestartPlan, composeRollbackPlan } from "@/lib/rollback/compose-plan";
import { executeRun } from "@/lib/rollback/executor";
import { listOldFiles } from "@/lib/rollback/file-cleanup";
import { gatherFacts } from "@/lib/rollback/gather-facts";
import { type CheckNow, composeIngestionPlan } from "@/lib/rollback/ingestion-plan";
import { liveRuns, recoverOrphanedRuns } from "@/lib/rollback/recover";
import { composeManualPlan, composeMissingPlan } from "@/lib/rollback/restart-plan";
import { composeServiceActionPlan, unknownActionWhy } from "@/lib/rollback/service-action-plan";
import { gatherServiceFacts } from "@/lib/rollback/service-steps";
import { composeStackRestartPlan, listProjectContainers } from "@/lib/rollback/stack-restart-plan";
import { composeUsTrafficPlan } from "@/lib/rollback/us-traffic-plan";
import { thisInstance } from "@/lib/runtime/instance";
import { log } from "@/lib/runtime/log";
import { metrics } from "@/lib/runtime/metrics";

export type RollbackEnv = {
  db: Db;
  docker: Docker;
  /** Where the Docker actions act (from the runbook's actions); null when it names no stack. */
  target: RollbackTarget | null;
  /** The runbook's actions given as manual steps: previewed, never run. */
  manual?: Partial<Record<RunKind, ManualAction>>;
  runbookId: string;
  /** Builds an audit entry for this request's actor (message, data, outcome). */
  audit: (action: string, message: string, data: Record<string, unknown>) => AuditInput;
  onChange: () => void;
  /** Test hook passed to the executor. */
  beforeStep?: (index: number, step: PlannedStep) => Promise<void> | void;
  /** A check as the board reads it now (the ingestion resume waits for its verification check). */
  checkNow?: (id: string) => CheckNow;
};

/** The runbook's action each run kind comes from (actions.<key>), for "names no … action". */
const ACTION_KEY: Record<RunKind, string> = {
  rollback: "rollback",
  "restart-api": "restart",
  "disk-cleanup": "cleanup",
  "restart-stack": "restartStack",
  "stop-ingestion": "ingestion",
  "resume-ingestion": "ingestion",
  "service-action": "services",
  backup: "backup",
  "pause-us": "usTraffic",
  "resume-us": "usTraffic",
};

export async function buildPlan(
  env: Pick<RollbackEnv, "docker" | "target" | "manual" | "checkNow">,
  kind: RunKind,
  /** A service action's id (kind service-action). */
  actionId?: string,
): Promise<RollbackPlan> {
  const manual = env.manual?.[kind];
  if (manual) return composeManualPlan(kind, manual, new Date());
  const what = ACTION_KEY[kind];
  const missing = `the runbook names no ${kind} action (actions.${what})`;
  if (!env.target) return composeMissingPlan(kind, missing, new Date());
  // Requests only (no stack): nothing but the service actions can run.
  if (env.target.services.length === 0 && kind !== "service-action")
    return composeMissingPlan(kind, missing, new Date());
  if (kind === "restart-stack" || kind === "stop-ingestion" || kind === "resume-ingestion") {
    const wanted = kind === "restart-stack" ? env.target.restartStack : env.target.ingestion;
    if (!wanted || !env.target.project) return composeMissingPlan(kind, missing, new Date());
    const containers = await listProjectContainers(env.docker, env.target.project);
    if (kind === "restart-stack") return composeStackRestartPlan(env.target, containers, new Date());
    const check = env.target.ingestion?.verifyCheck;
    const verify = check ? (env.checkNow?.(check) ?? null) : null;
    return composeIngestionPlan(kind, env.target, containers, verify, new Date());
  }
  if (kind === "backup") {
    if (!env.target.backup) return composeMissingPlan(kind, missing, new Date());
    return composeBackupPlan(
      env.target,
      env.target.backup,
      await backupContainerState(env.docker, env.target.backup),
      new Date(),
    );
  }
  if (kind === "pause-us" || kind === "resume-us") {
    const us = env.target.usTraffic;
    if (!us) return composeMissingPlan(kind, missing, new Date());
    return composeUsTrafficPlan(
      kind,
      env.target,
      us,
      await containerRunState(env.docker, us.container),
      new Date(),
    );
  }
  if (kind === "disk-cleanup") {
    const cleanup = env.target.cleanup;
    if (!cleanup) return composeMissingPlan(kind, missing, new Date());
    const now = new Date();
    const facts = await gatherCleanupFacts(env.docker, env.target, { withBuildCache: true });
    const files = cleanup.files?.length ? await listOldFiles(cleanup.files, now) : undefined;
    return composeCleanupPlan(env.target, cleanup, facts, now, files);
  }
  if (kind === "service-action") {
    const action = env.target.serviceActions?.find((a) => a.id === actionId);
    if (!action) {
      const plan = composeMissingPlan(kind, unknownActionWhy(env.target, actionId), new Date());
      return { ...plan, ...(actionId ? { action: actionId } : {}) };
    }
    const facts = await gatherServiceFacts(env.docker, env.target, action, env.target.engineCallMs);
    return composeServiceActionPlan(env.target, action, facts, new Date());
  }
  const facts = await gatherFacts(env.docker, env.target);
  return kind === "rollback" ? composeRollbackPlan(env.target, facts) : composeRestartPlan(env.target, facts);
}

export async function recover(env: RollbackEnv): Promise<string[]> {
  const ids = await recoverOrphanedRuns(env.db, env.docker, env.target, (message, data) =>
    env.audit("rollback.recover", message, data),
  );
  if (ids.length) env.onChange();
  return ids;
}

export type StartRequest = {
  kind: RunKind;
  /** A service action's id (kind service-action). */
  action?: string;
  requestedBy: string;
  reason: string;
  confirm: string;
  planHash: string;
  incidentId?: string | null;
};

/**
 * Checks the typed confirmation against a plan built now (a preview that no longer matches is refused),
 * claims the runbook's single run slot in the database (409 when taken) and starts the executor in the
 * background. `done` settles when the run ends.
 */
export async function startRun(
  env: RollbackEnv,
  req: StartRequest,
): Promise<{ runId: string; plan: RollbackPlan; done: Promise<RunStatus> }> {
  await recover(env);
  const plan = await buildPlan(env, req.kind, req.action);
  const target = env.target;
  if (plan.blocked || !target) throw new Refusal(409, `nothing to run: ${plan.blocked}`);
  if (plan.planHash !== req.planHash) {
    throw new Refusal(
      409,
      "planHash: the plan changed since your preview (images or containers moved); preview again",
      {
        planHash: plan.planHash,
      },
    );
  }
  if (!plan.confirmWords.includes(req.confirm.trim())) {
    throw new Refusal(400, `confirm: type ${plan.confirmWords.map((w) => `"${w}"`).join(" or ")} to confirm`);
  }
  const runId = randomUUID();
  const image = plan.services[0]?.target;
  const claim = await claimRun(env.db, {
    id: runId,
    runbookId: env.runbookId,
    kind: req.kind,
    requestedBy: req.requestedBy,
    reason: req.reason,
    plan,
    owner: thisInstance(),
    incidentId: req.incidentId ?? null,
    audit: env.audit(
      req.kind,
      `${req.kind}${plan.action ? ` ${plan.action}` : ""} ${runId} started by ${req.requestedBy}: ${req.reason}` +
        (image ? ` (to ${image.tag ?? image.id}, from ${image.source})` : ""),
      {
        runId,
        planHash: plan.planHash,
        reason: req.reason,
        target: image?.id ?? null,
        ...(plan.action ? { action: plan.action } : {}),
      },
    ),
  });
  if (!claim.ok) {
    throw new Refusal(
      409,
      claim.active
        ? `a ${claim.active.kind} is already running (${claim.active.id}, started by ${claim.active.requestedBy} at ${claim.active.startedAt}): one at a time`
        : "another run took the slot at the same moment; one at a time",
      { activeRun: claim.active },
    );
  }
  env.onChange();
  liveRuns().add(runId);
  const done = executeRun(
    {
      db: env.db,
      docker: env.docker,
      target,
      finishAudit: (message, data) => env.audit(`${req.kind}.finish`, message, data),
      onChange: env.onChange,
      beforeStep: env.beforeStep,
    },
    runId,
    plan,
  )
    .catch((err: unknown) => {
      log().error(
        { event: "rollback-crash", kind: req.kind, runId, err: errorText(err) },
        `${req.kind} crashed`,
      );
      return "failed" as const;
    })
    .then((result) => {
      metrics().rollbackRuns.inc({ kind: req.kind, result });
      log().info({ event: "rollback-finished", kind: req.kind, runId, result }, `${req.kind} ${result}`);
      return result;
    })
    .finally(() => {
      liveRuns().delete(runId);
      env.onChange();
    });
  return { runId, plan, done };
}

function errorText(err: unknown): string {
  return redactSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err));
}
