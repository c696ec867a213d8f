import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canVote } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordVote } from "@/lib/db/record-vote";
import { afterChange, getLaunchState } from "@/lib/launch/get-launch-state";
import { VOTES } from "@/lib/model/launch";
import { Refusal } from "@/lib/model/refusal";
import { checkVote } from "@/lib/rules/launch-poll";

export const voteBody = z.object({
  vote: z.enum(VOTES),
  reason: z.string().trim().max(500).optional(),
  /** The poll round the page showed; a vote from a page of an earlier round is refused. */
  round: z.number().int().min(1),
  /** Defaults to the voter's own domain. */
  domain: z.string().min(1).max(100).optional(),
});

/** An owner's Go/Hold for their domain; Hold needs a reason; refused once the lead has called the round. */
export async function castVote(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof voteBody>,
) {
  const domain = body.domain ?? actor.person.domain ?? "";
  const allowed = canVote(actor.person, domain);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  if (!ctx.runbook.launchFlow.pollDomains.includes(domain))
    throw new Refusal(400, `domain: "${domain}" is not in the poll`);
  const current = await getLaunchState(ctx);
  const reason = body.reason || null;
  const verdict = checkVote({
    vote: body.vote,
    reason,
    round: body.round,
    currentRound: current.round,
    decision: current.decision,
  });
  if (!verdict.ok) throw new Refusal(verdict.reason.startsWith("reason:") ? 400 : 409, verdict.reason);
  const text = `${actor.person.name} voted ${body.vote.toUpperCase()} for ${domain}${reason ? `: ${reason}` : ""}`;
  const result = await recordVote(ctx.db, {
    runbookId: ctx.runbook.id,
    round: body.round,
    domain,
    personId: actor.person.id,
    vote: body.vote,
    reason,
    audit: auditEntry(ctx.runbook.id, actor, meta, "vote", text, {
      domain,
      vote: body.vote,
      reason,
      round: body.round,
    }),
  });
  if (!result.ok) {
    throw new Refusal(
      409,
      result.round !== body.round
        ? `round: the poll is now round ${result.round}; reload`
        : `the poll of round ${body.round} is closed: ${String(result.roundCall).toUpperCase()} was called`,
      { revision: result.revision, round: result.round },
    );
  }
  return afterChange(ctx);
}
