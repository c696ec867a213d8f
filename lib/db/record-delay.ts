import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { ensureLaunchState, readConflict } from "@/lib/db/launch-state-row";
import type { AuditInput, Conflict } from "@/lib/db/launch-types";

export type DelayInput = {
  runbookId: string;
  expectedRevision: number;
  round: number;
  minutes: number;
  reason: string;
  personId: string;
  audit: AuditInput;
};

/** Moves T-0: closes the round (one delay per round, unique key) and reopens the poll as the next. */
export async function recordDelay(
  db: PrismaClient,
  d: DelayInput,
): Promise<{ ok: true; revision: number; round: number } | Conflict> {
  return db.$transaction(async (tx) => {
    await ensureLaunchState(tx, d.runbookId);
    const rows = await tx.$queryRaw<{ revision: number; round: number }[]>`
      UPDATE "LaunchState"
         SET "revision" = "revision" + 1, "round" = "round" + 1, "roundCall" = NULL, "updatedAt" = now()
       WHERE "runbookId" = ${d.runbookId} AND "revision" = ${d.expectedRevision} AND "round" = ${d.round}
       RETURNING "revision", "round"`;
    const head = rows[0];
    if (!head) return readConflict(tx, d.runbookId);
    await tx.launchDelay.create({
      data: {
        runbookId: d.runbookId,
        round: d.round,
        minutes: d.minutes,
        reason: d.reason,
        personId: d.personId,
      },
    });
    await appendAudit(tx, {
      ...d.audit,
      data: { ...d.audit.data, revision: head.revision, round: head.round },
    });
    return { ok: true as const, revision: head.revision, round: head.round };
  });
}
