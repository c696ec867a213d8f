import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { ensureLaunchState } from "@/lib/db/launch-state-row";
import type { AuditInput } from "@/lib/db/launch-types";

/** Records a waiver and bumps the revision: a call prepared before it must be made again. */
export async function recordWaiver(
  db: PrismaClient,
  w: { runbookId: string; gateId: string; personId: string; reason: string; audit: AuditInput },
): Promise<{ id: number; revision: number }> {
  return db.$transaction(async (tx) => {
    await ensureLaunchState(tx, w.runbookId);
    const rows = await tx.$queryRaw<{ revision: number }[]>`
      UPDATE "LaunchState" SET "revision" = "revision" + 1, "updatedAt" = now()
       WHERE "runbookId" = ${w.runbookId} RETURNING "revision"`;
    const row = await tx.gateWaiver.create({
      data: { runbookId: w.runbookId, gateId: w.gateId, personId: w.personId, reason: w.reason },
      select: { id: true },
    });
    const id = Number(row.id);
    const revision = rows[0]?.revision ?? 0;
    await appendAudit(tx, { ...w.audit, data: { ...w.audit.data, waiverId: id, revision } });
    return { id, revision };
  });
}
