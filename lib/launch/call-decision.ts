import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canLead } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordDecision } from "@/lib/db/record-decision";
import { afterChange, getLaunchState } from "@/lib/launch/get-launch-state";
import { assertPageRevision, lostRevisionRace } from "@/lib/launch/launch-revision";
import { VOTES } from "@/lib/model/launch";
import { Refusal } from "@/lib/model/refusal";
import { judgeDecision } from "@/lib/rules/launch-decision";
import { describeBlocking } from "@/lib/rules/launch-gates";

export const decisionBody = z.object({
  call: z.enum(VOTES),
  reason: z.string().trim().max(500).optional(),
  /** The revision the lead's page showed: anything that changed since refuses the call. */
  expectedRevision: z.number().int().min(0),
});

/**
 * The lead's GO/HOLD. GO is refused while a P0 gate is red (naming it); HOLD with an unresolved P0
 * delays the launch by the runbook's delay and reopens the poll. One call per round (database-enforced).
 */
export async function callDecision(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof decisionBody>,
) {
  const allowed = canLead(actor.person);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const current = await getLaunchState(ctx);
  const verdict = judgeDecision({
    call: body.call,
    gates: current.gates,
    decision: current.decision,
    checkpoints: current.checkpoints,
  });
  if (!verdict.ok) throw new Refusal(409, verdict.reason, { blockingGates: verdict.blocking });
  assertPageRevision(current.revision, body.expectedRevision);
  const minutes = ctx.runbook.launchFlow.delayMinutes;
  const blocking = current.gates.filter((g) => verdict.blocking.includes(g.id));
  const delay = verdict.delay
    ? { minutes, reason: `unresolved P0 at the decision: ${describeBlocking(blocking)}` }
    : null;
  const reason = body.reason || null;
  const text =
    `${actor.person.name} called ${body.call.toUpperCase()} (round ${current.round})` +
    (reason ? `: ${reason}` : "") +
    (delay ? `; launch delayed ${minutes} min` : "");
  const result = await recordDecision(ctx.db, {
    runbookId: ctx.runbook.id,
    expectedRevision: body.expectedRevision,
    round: current.round,
    call: body.call,
    personId: actor.person.id,
    reason,
    blockingGates: verdict.blocking,
    delay,
    audit: auditEntry(ctx.runbook.id, actor, meta, "decision", text, {
      call: body.call,
      reason,
      round: current.round,
      blockingGates: verdict.blocking,
      delayMinutes: delay?.minutes ?? 0,
      effectiveT0Before: current.effectiveT0,
    }),
  });
  if (!result.ok) throw lostRevisionRace(result.revision, "another call or vote");
  return afterChange(ctx);
}
