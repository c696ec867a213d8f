import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { ensureLaunchState, readConflict } from "@/lib/db/launch-state-row";
import type { AuditInput, Conflict } from "@/lib/db/launch-types";

export type VoteInput = {
  runbookId: string;
  round: number;
  domain: string;
  personId: string;
  vote: "go" | "hold";
  reason: string | null;
  audit: AuditInput;
};

/**
 * Records a vote if the round is still the current one and the lead has not called it; the check and
 * the insert are one statement plus one transaction, so a vote racing the call is either in or refused.
 */
export async function recordVote(
  db: PrismaClient,
  v: VoteInput,
): Promise<{ ok: true; id: number; revision: number } | Conflict> {
  return db.$transaction(async (tx) => {
    await ensureLaunchState(tx, v.runbookId);
    const rows = await tx.$queryRaw<{ revision: number }[]>`
      UPDATE "LaunchState" SET "revision" = "revision" + 1, "updatedAt" = now()
       WHERE "runbookId" = ${v.runbookId} AND "round" = ${v.round} AND "roundCall" IS NULL
       RETURNING "revision"`;
    const revision = rows[0]?.revision;
    if (revision === undefined) return readConflict(tx, v.runbookId);
    const row = await tx.launchVote.create({
      data: {
        runbookId: v.runbookId,
        round: v.round,
        domain: v.domain,
        personId: v.personId,
        vote: v.vote,
        reason: v.reason,
      },
      select: { id: true },
    });
    const id = Number(row.id);
    await appendAudit(tx, { ...v.audit, data: { ...v.audit.data, voteId: id, revision } });
    return { ok: true as const, id, revision };
  });
}
