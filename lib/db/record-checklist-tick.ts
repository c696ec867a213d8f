import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { AuditInput } from "@/lib/db/launch-types";
import type { ChecklistTickRecord } from "@/lib/model/checklist";

type NewTick = Omit<ChecklistTickRecord, "id" | "at"> & { runbookId: string };

/** A checklist item ticked, unticked or entered for an incident, with its audit entry in one transaction. */
export async function recordChecklistTick(
  db: PrismaClient,
  { audit, ...tick }: NewTick & { audit: AuditInput },
): Promise<Pick<ChecklistTickRecord, "id" | "at">> {
  return db.$transaction(async (tx) => {
    const row = await tx.checklistTick.create({ data: tick, select: { id: true, at: true } });
    const id = Number(row.id);
    await appendAudit(tx, { ...audit, data: { ...audit.data, checklistTickId: id } });
    return { id, at: row.at.toISOString() };
  });
}
