import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canCallCheckpoint } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordCheckpointCall } from "@/lib/db/record-checkpoint-call";
import { afterChange, getLaunchState } from "@/lib/launch/get-launch-state";
import { assertPageRevision, lostRevisionRace } from "@/lib/launch/launch-revision";
import { VOTES } from "@/lib/model/launch";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";
import { judgeCheckpointCall } from "@/lib/rules/launch-checkpoints";

export const checkpointBody = z
  .object({
    checkpoint: z.string().min(1).max(100),
    call: z.enum(VOTES),
    reason: z.string().trim().max(500).optional(),
    /** The revision the owner's page showed: anything that changed since refuses the call. */
    expectedRevision: z.number().int().min(0),
  })
  // The launch waits on a held checkpoint: the board must say why.
  .refine((b) => b.call === "go" || (b.reason?.length ?? 0) >= 3, {
    path: ["reason"],
    message: "a Hold needs a reason",
  });

/**
 * A checkpoint's Go/Hold by its owner (deploy §4: Rex at 08:30). Go is refused while one of its gates is
 * red, naming it; Hold is always accepted and holds the launch's GO until a later Go. Audited.
 */
export async function callCheckpoint(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof checkpointBody>,
) {
  const config = ctx.runbook.launchFlow.checkpoints.find((c) => c.id === body.checkpoint);
  if (!config) throw new Refusal(404, `checkpoint: no checkpoint "${shortId(body.checkpoint)}"`);
  const allowed = canCallCheckpoint(actor.person, config);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const current = await getLaunchState(ctx);
  const checkpoint = current.checkpoints.find((c) => c.id === config.id);
  if (!checkpoint) throw new Refusal(404, `checkpoint: no checkpoint "${shortId(body.checkpoint)}"`);
  const verdict = judgeCheckpointCall({
    checkpoint,
    call: body.call,
    gates: current.gates,
    decision: current.decision,
  });
  if (!verdict.ok) throw new Refusal(409, verdict.reason, { blockingGates: verdict.blocking });
  assertPageRevision(current.revision, body.expectedRevision);
  const reason = body.reason || null;
  const text =
    `${actor.person.name} called ${checkpoint.label} ${body.call.toUpperCase()}` +
    (reason ? `: ${reason}` : "");
  const result = await recordCheckpointCall(ctx.db, {
    runbookId: ctx.runbook.id,
    expectedRevision: body.expectedRevision,
    checkpointId: checkpoint.id,
    call: body.call,
    personId: actor.person.id,
    reason,
    blockingGates: verdict.blocking,
    audit: auditEntry(ctx.runbook.id, actor, meta, "checkpoint", text, {
      checkpoint: checkpoint.id,
      call: body.call,
      reason,
      previous: checkpoint.status,
      blockingGates: verdict.blocking,
    }),
  });
  if (!result.ok) throw lostRevisionRace(result.revision, "another change");
  return afterChange(ctx);
}
