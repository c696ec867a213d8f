import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canWaive } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordWaiver } from "@/lib/db/record-waiver";
import { afterChange } from "@/lib/launch/get-launch-state";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";

export const waiverBody = z.object({
  gate: z.string().min(1).max(100),
  reason: z.string().trim().min(3, "a waiver needs a reason").max(500),
});

/** An owner of the gate's domain waives a P0 gate with a reason (kept, shown, audited). */
export async function waiveGate(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof waiverBody>,
) {
  const gate = ctx.runbook.launchFlow.gates.find((g) => g.id === body.gate);
  if (!gate) throw new Refusal(404, `gate: no P0 gate "${shortId(body.gate)}"`);
  const allowed = canWaive(actor.person, gate);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const levels = gate.checks.map((id) => ctx.checks().get(id)).map((c) => c && `${c.id}=${c.level}`);
  await recordWaiver(ctx.db, {
    runbookId: ctx.runbook.id,
    gateId: gate.id,
    personId: actor.person.id,
    reason: body.reason,
    audit: auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      "waiver",
      `${actor.person.name} waived P0 gate "${gate.label}": ${body.reason}`,
      { gate: gate.id, reason: body.reason, checksAtWaiver: levels.filter(Boolean) as string[] },
    ),
  });
  return afterChange(ctx);
}
