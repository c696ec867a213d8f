import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { ChecklistTickRecord } from "@/lib/model/checklist";

/** Every checklist tick of the given incidents, oldest first (the latest per item counts). */
export async function readChecklistTicks(
  db: PrismaClient,
  incidentIds: readonly string[],
): Promise<ChecklistTickRecord[]> {
  if (incidentIds.length === 0) return [];
  const rows = await db.checklistTick.findMany({
    where: { incidentId: { in: [...incidentIds] } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    id: Number(r.id),
    incidentId: r.incidentId,
    checklistId: r.checklistId,
    itemId: r.itemId,
    personId: r.personId,
    done: r.done,
    note: r.note,
    at: r.at.toISOString(),
  }));
}
