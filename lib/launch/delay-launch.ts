import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canLead } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordDelay } from "@/lib/db/record-delay";
import { afterChange, getLaunchState } from "@/lib/launch/get-launch-state";
import { Refusal } from "@/lib/model/refusal";

export const delayBody = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  reason: z.string().trim().min(3, "a delay needs a reason").max(500),
  expectedRevision: z.number().int().min(0),
});

/** The lead moves T-0 (default: the runbook's delay); the poll reopens as the next round. */
export async function delayLaunch(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof delayBody>,
) {
  const allowed = canLead(actor.person);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const current = await getLaunchState(ctx);
  const minutes = body.minutes ?? ctx.runbook.launchFlow.delayMinutes;
  const newT0 = new Date(Date.parse(current.effectiveT0) + minutes * 60_000).toISOString();
  const result = await recordDelay(ctx.db, {
    runbookId: ctx.runbook.id,
    expectedRevision: body.expectedRevision,
    round: current.round,
    minutes,
    reason: body.reason,
    personId: actor.person.id,
    audit: auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      "delay",
      `${actor.person.name} delayed the launch ${minutes} min: ${body.reason}`,
      { minutes, reason: body.reason, from: current.effectiveT0, to: newT0, round: current.round },
    ),
  });
  if (!result.ok) {
    throw new Refusal(
      409,
      `expectedRevision: the launch changed since your page loaded (revision ${result.revision}); reload`,
      { revision: result.revision },
    );
  }
  return afterChange(ctx);
}
