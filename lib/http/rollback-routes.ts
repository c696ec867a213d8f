import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canCleanUp, canLead, type Permission } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { findActiveIncidentId } from "@/lib/db/read-incidents";
import { listRuns, readRun, runBelongsTo } from "@/lib/db/rollback-runs";
import type { JsonObject } from "@/lib/db/types";
import { getRollbackRecommendation } from "@/lib/incidents/trigger-engine";
import { Refusal } from "@/lib/model/refusal";
import { RUN_KINDS, type RunKind } from "@/lib/model/rollback";
import { shortId } from "@/lib/model/short-id";
import { abortRun } from "@/lib/rollback/abort-run";
import { EngineUnreachableError } from "@/lib/rollback/docker-engine";
import { rollbackEnv } from "@/lib/rollback/server";
import { buildPlan, startRun } from "@/lib/rollback/start-run";

export const planQuery = z.object({
  kind: z.enum(RUN_KINDS).default("rollback"),
  /** A service action's id (kind service-action). */
  action: z.string().max(80).optional(),
});

export const startBody = z.object({
  /** The plan's confirmation word (ROLLBACK or the target's sha- tag, RESTART, CLEANUP, RESTART STACK …). */
  confirm: z.string().trim().min(1, "type the confirmation word"),
  /** One sentence: why, for the audit log and #us-launch-ops. */
  reason: z
    .string()
    .trim()
    .min(8, "give a one-sentence reason (at least 8 characters)")
    .max(300, "one sentence: at most 300 characters")
    .refine((s) => !/[\r\n]/.test(s), "one sentence: no line breaks"),
  /** The preview's planHash: a plan that changed since is refused. */
  planHash: z.string().regex(/^[0-9a-f]{16}$/, "planHash from GET /api/rollback/plan"),
  /** An incident of this runbook (the active one when omitted). */
  incidentId: z.string().uuid("an incident id (uuid)").optional(),
});

/** A service action: which one of the runbook's, with the same confirmation, reason and preview hash. */
export const serviceActionBody = startBody.extend({
  action: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "action: a service action's id"),
});

export const abortBody = z.object({
  runId: z.string().uuid("runId: the run in progress"),
  /** Optional: why, for the audit log and the run's outcome. */
  reason: z
    .string()
    .trim()
    .max(300, "one sentence: at most 300 characters")
    .refine((s) => !/[\r\n]/.test(s), "one sentence: no line breaks")
    .optional(),
});

export const runQuery = z.object({ id: z.string().uuid("run id") });

async function envFor(ctx: LaunchContext, actor: Actor | null, meta: RequestMeta) {
  try {
    const env = await rollbackEnv(ctx.runbook, actor, meta);
    // The board as served now (a reading too old is unknown): the ingestion resume waits for its check.
    env.checkNow = (id) => {
      const check = ctx.board()?.checks.find((c) => c.id === id);
      return check ? { level: check.level, summary: check.summary } : null;
    };
    return env;
  } catch (err) {
    if (err instanceof EngineUnreachableError) throw new Refusal(503, err.message);
    throw err;
  }
}

/** Who may start a run of this kind: the lead; the disk cleanup also the owner the runbook names for it. */
function mayStart(ctx: LaunchContext, actor: Actor, kind: RunKind): Permission {
  if (kind !== "disk-cleanup") return canLead(actor.person, `starts a ${kind}`);
  const cleanup = ctx.runbook.actions?.cleanup;
  return canCleanUp(actor.person, cleanup?.kind === "docker" ? (cleanup.ownerDomain ?? null) : null);
}

/**
 * GET plan: what a rollback (or the API restart) would do now, the run in progress and why it is
 * recommended. Read-only: a run left by a dead dashboard is recovered at start-up or by the next start.
 */
export async function previewPlan(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  query: z.infer<typeof planQuery>,
) {
  const env = await envFor(ctx, actor, meta);
  const [plan, [latest]] = await Promise.all([
    buildPlan(env, query.kind, query.action),
    listRuns(ctx.db, ctx.runbook.id, 1),
  ]);
  const actions = query.kind === "service-action" ? (env.target?.serviceActions ?? []) : [];
  return {
    plan,
    // The runbook's service actions, for the board's buttons.
    ...(query.kind === "service-action"
      ? { serviceActions: actions.map((a) => ({ id: a.id, label: a.label, confirm: a.confirm })) }
      : {}),
    canStart: mayStart(ctx, actor, query.kind),
    activeRun: latest?.status === "running" ? latest : null,
    // As the board says it (the post-deploy window's rules included), else the triggers' own verdict.
    recommended: ctx.board()?.triggers?.rollbackRecommended ?? getRollbackRecommendation(),
  };
}

function startHandler(kind: RunKind) {
  return async (ctx: LaunchContext, actor: Actor, meta: RequestMeta, body: z.infer<typeof startBody>) => {
    const allowed = mayStart(ctx, actor, kind);
    if (!allowed.ok) throw new Refusal(403, allowed.reason);
    const env = await envFor(ctx, actor, meta);
    const incidentId = body.incidentId ?? (await activeIncidentId(ctx));
    const started = await startRun(env, { kind, requestedBy: actor.person.id, ...body, incidentId });
    return { runId: started.runId, status: "running", plan: started.plan, incidentId };
  };
}

/** POST service-action: the lead starts one of the runbook's service actions, named by its id. */
export async function startServiceAction(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof serviceActionBody>,
) {
  const allowed = mayStart(ctx, actor, "service-action");
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const env = await envFor(ctx, actor, meta);
  const incidentId = body.incidentId ?? (await activeIncidentId(ctx));
  const started = await startRun(env, {
    kind: "service-action",
    requestedBy: actor.person.id,
    ...body,
    incidentId,
  });
  return { runId: started.runId, status: "running", plan: started.plan, incidentId };
}

/** The runbook's active incident (one per scope): the run is linked to it, and its post-mortem lists the run. */
async function activeIncidentId(ctx: LaunchContext): Promise<string | null> {
  return findActiveIncidentId(ctx.db, ctx.runbook.id);
}

export const startRollback = startHandler("rollback");

/** POST abort: lead only; the run stops after its current step and says what it left. */
export async function abortRollback(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof abortBody>,
) {
  const allowed = canLead(actor.person, "aborts a run");
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const audit = (action: string, message: string, data: Record<string, unknown>) =>
    auditEntry(ctx.runbook.id, actor, meta, action, message, data as JsonObject);
  return abortRun(
    { db: ctx.db, runbookId: ctx.runbook.id, audit },
    { runId: body.runId, by: actor.person.id, reason: body.reason || null },
  );
}
export const startRestartApi = startHandler("restart-api");
export const startDiskCleanup = startHandler("disk-cleanup");
export const startRestartStack = startHandler("restart-stack");
export const startStopIngestion = startHandler("stop-ingestion");
export const startResumeIngestion = startHandler("resume-ingestion");
export const startBackup = startHandler("backup");
export const startPauseUs = startHandler("pause-us");
export const startResumeUs = startHandler("resume-us");

export async function getRun(ctx: LaunchContext, _actor: Actor, _meta: RequestMeta, input: { id: string }) {
  const parsed = runQuery.safeParse(input);
  if (!parsed.success) throw new Refusal(400, `id: not a run id (${input.id.slice(0, 40)})`);
  const query = parsed.data;
  const run = await readRun(ctx.db, query.id);
  if (!run || !(await runBelongsTo(ctx.db, query.id, ctx.runbook.id))) {
    throw new Refusal(404, `no run ${shortId(query.id)}`);
  }
  return run;
}

export async function getRuns(ctx: LaunchContext) {
  return { runs: await listRuns(ctx.db, ctx.runbook.id, 20) };
}
