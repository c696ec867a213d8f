import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { appendIncidentEvent } from "@/lib/db/append-incident-event";
import { declareIncident } from "@/lib/db/declare-incident";
import { refreshLaunchRecord } from "@/lib/db/launch-cache";
import { readIncident } from "@/lib/db/read-incidents";
import { updateIncident } from "@/lib/db/update-incident";
import { incidentScope, refreshIncidents } from "@/lib/incidents/incident-section";
import { canManageIncident, canNoteIncident, canPostStatus } from "@/lib/incidents/permissions";
import { SEVERITIES, type SeveritySuggestion } from "@/lib/model/incident";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";
import { suggestSeverity } from "@/lib/rules/severity";

const severity = z.enum(SEVERITIES);
const reason = z.string().trim().min(3, "give a reason (at least 3 characters)").max(500);

export const declareBody = z.object({
  severity,
  title: z.string().trim().min(3, "give the incident a title").max(200),
});
export const reclassifyBody = z.object({ id: z.string().uuid(), severity, reason });
export const resolveBody = z.object({ id: z.string().uuid(), reason });
export const noteBody = z.object({
  id: z.string().uuid(),
  kind: z.enum(["message", "status-post", "engaged", "decision", "action"]),
  message: z.string().trim().min(1, "say something").max(2000),
  /** For "engaged": which rung of the ladder (minutes after T+0), or a condition rung by its id. */
  atMinutes: z.number().int().min(0).max(600).optional(),
  rung: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .max(64)
    .optional(),
  /** The runbook prompt this note answers (a DM sent, a public post made by hand). */
  prompt: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/)
    .max(64)
    .optional(),
});

function require(p: { ok: true } | { ok: false; reason: string }): void {
  if (!p.ok) throw new Refusal(403, p.reason);
}

/** What the live readings suggest now (stored with the declaration as evidence). */
export function liveSuggestion(ctx: LaunchContext): SeveritySuggestion {
  const board = ctx.board();
  return suggestSeverity(
    (board?.checks ?? []).map((c) => ({
      id: c.id,
      kind: c.kind,
      level: c.level,
      value: c.value,
      summary: c.summary,
    })),
    ctx.runbook.scale,
    ctx.runbook.severityRules,
  );
}

async function after(ctx: LaunchContext) {
  await Promise.all([refreshIncidents(ctx.runbook.id), refreshLaunchRecord(ctx.runbook.id)]);
  ctx.publish();
}

async function activeOr404(ctx: LaunchContext, id: string) {
  const found = await readIncident(ctx.db, id);
  if (!found || found.incident.runbookId !== ctx.runbook.id)
    throw new Refusal(404, `incident: no incident "${shortId(id)}"`);
  return found;
}

export async function declare(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof declareBody>,
) {
  require(canManageIncident(actor.person));
  const suggestion = liveSuggestion(ctx);
  const scope = incidentScope(ctx.runbook.id);
  const result = await declareIncident(ctx.db, {
    runbookId: ctx.runbook.id,
    scope,
    severity: body.severity,
    title: body.title,
    personId: actor.person.id,
    suggestion: { ...suggestion },
    audit: auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      "incident-declare",
      `${body.severity} declared: ${body.title}`,
      {
        severity: body.severity,
        suggested: suggestion.severity,
      },
    ),
  });
  if (!result.ok) {
    const a = result.active;
    throw new Refusal(
      409,
      a
        ? `an incident is already active for ${scope}: ${a.severity} "${a.title}" declared by ${a.declaredBy} at ${a.declaredAt}; reclassify or resolve it`
        : `an incident is already active for ${scope}`,
      { activeIncidentId: a?.id ?? null },
    );
  }
  await after(ctx);
  return { incident: result.incident };
}

export async function reclassify(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof reclassifyBody>,
) {
  require(canManageIncident(actor.person));
  const { incident } = await activeOr404(ctx, body.id);
  if (incident.status !== "active")
    throw new Refusal(409, `incident: already resolved at ${incident.resolvedAt}`);
  if (incident.severity === body.severity) throw new Refusal(409, `incident: already ${body.severity}`);
  const message = `reclassified ${incident.severity} → ${body.severity}: ${body.reason}`;
  const updated = await updateIncident(ctx.db, {
    incidentId: incident.id,
    change: { kind: "reclassified", from: incident.severity, severity: body.severity },
    personId: actor.person.id,
    message,
    data: { reason: body.reason },
    audit: auditEntry(ctx.runbook.id, actor, meta, "incident-reclassify", message, {
      from: incident.severity,
      to: body.severity,
    }),
  });
  if (!updated) throw new Refusal(409, "incident: it changed meanwhile (resolved or reclassified); reload");
  await after(ctx);
  return { incident: updated };
}

export async function resolve(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof resolveBody>,
) {
  require(canManageIncident(actor.person));
  const { incident } = await activeOr404(ctx, body.id);
  const message = `resolved: ${body.reason}`;
  const updated = await updateIncident(ctx.db, {
    incidentId: incident.id,
    change: { kind: "resolved" },
    personId: actor.person.id,
    message,
    data: { reason: body.reason, severity: incident.severity },
    audit: auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      "incident-resolve",
      `${incident.severity} "${incident.title}" ${message}`,
    ),
  });
  if (!updated)
    throw new Refusal(
      409,
      `incident: already resolved${incident.resolvedAt ? ` at ${incident.resolvedAt}` : ""}`,
    );
  await after(ctx);
  return { incident: updated };
}

export async function note(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof noteBody>,
) {
  require(canNoteIncident(actor.person));
  if (body.kind === "status-post") require(canPostStatus(actor.person));
  const { incident } = await activeOr404(ctx, body.id);
  if (incident.status !== "active") throw new Refusal(409, "incident: resolved; the timeline is closed");
  if (body.kind === "engaged" && body.atMinutes === undefined && body.rung === undefined)
    throw new Refusal(400, "atMinutes: which rung of the ladder");
  if (body.rung !== undefined && !ctx.runbook.scale.conditionRungs.some((r) => r.id === body.rung))
    throw new Refusal(400, `rung: the runbook's scale has no rung "${body.rung}"`);
  if (body.prompt !== undefined && !ctx.runbook.prompts.some((p) => p.id === body.prompt))
    throw new Refusal(400, `prompt: the runbook has no prompt "${body.prompt}"`);
  const id = await appendIncidentEvent(ctx.db, {
    incidentId: incident.id,
    kind: body.kind,
    actor: actor.person.id,
    message: body.message,
    data: {
      ...(body.atMinutes === undefined ? {} : { atMinutes: body.atMinutes }),
      ...(body.rung === undefined ? {} : { rung: body.rung }),
      ...(body.prompt === undefined ? {} : { prompt: body.prompt }),
    },
    audit: auditEntry(ctx.runbook.id, actor, meta, `incident-${body.kind}`, body.message),
  });
  await after(ctx);
  return { eventId: id };
}
