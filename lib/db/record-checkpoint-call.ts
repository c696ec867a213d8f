import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import { ensureLaunchState, readConflict } from "@/lib/db/launch-state-row";
import type { AuditInput, Conflict } from "@/lib/db/launch-types";

export type CheckpointCallInput = {
  runbookId: string;
  expectedRevision: number;
  checkpointId: string;
  call: "go" | "hold";
  personId: string;
  reason: string | null;
  blockingGates: string[];
  audit: AuditInput;
};

/**
 * A checkpoint's call, with its audit entry in the same transaction. The conditional update on the
 * expected revision makes a double submit or a call from a stale page fail instead of landing twice.
 */
export async function recordCheckpointCall(
  db: PrismaClient,
  c: CheckpointCallInput,
): Promise<{ ok: true; id: number; revision: number } | Conflict> {
  return db.$transaction(async (tx) => {
    await ensureLaunchState(tx, c.runbookId);
    const rows = await tx.$queryRaw<{ revision: number }[]>`
      UPDATE "LaunchState" SET "revision" = "revision" + 1, "updatedAt" = now()
       WHERE "runbookId" = ${c.runbookId} AND "revision" = ${c.expectedRevision}
       RETURNING "revision"`;
    const head = rows[0];
    if (!head) return readConflict(tx, c.runbookId);
    const row = await tx.checkpointCall.create({
      data: {
        runbookId: c.runbookId,
        checkpointId: c.checkpointId,
        call: c.call,
        personId: c.personId,
        reason: c.reason,
        blockingGates: toJsonValue(c.blockingGates),
      },
      select: { id: true },
    });
    const id = Number(row.id);
    await appendAudit(tx, { ...c.audit, data: { ...c.audit.data, callId: id, revision: head.revision } });
    return { ok: true as const, id, revision: head.revision };
  });
}
