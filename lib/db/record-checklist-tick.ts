import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { AuditInput } from "@/lib/db/launch-types";

/** A checklist item ticked, unticked or entered for an incident, with its audit entry in one transaction. */
export async function recordChecklistTick(
  db: PrismaClient,
  t: {
    runbookId: string;
    incidentId: string;
    checklistId: string;
    itemId: string;
    personId: string;
    done: boolean;
    note: string | null;
    audit: AuditInput;
  },
): Promise<{ id: number; at: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.checklistTick.create({
      data: {
        runbookId: t.runbookId,
        incidentId: t.incidentId,
        checklistId: t.checklistId,
        itemId: t.itemId,
        personId: t.personId,
        done: t.done,
        note: t.note,
      },
      select: { id: true, at: true },
    });
    const id = Number(row.id);
    await appendAudit(tx, { ...t.audit, data: { ...t.audit.data, checklistTickId: id } });
    return { id, at: row.at.toISOString() };
  });
}
