import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { AuditInput } from "@/lib/db/launch-types";

/** A manual item ticked or unticked; every tick is kept and the latest counts. */
export async function recordTick(
  db: PrismaClient,
  t: {
    runbookId: string;
    itemId: string;
    personId: string;
    done: boolean;
    note: string | null;
    audit: AuditInput;
  },
): Promise<{ id: number }> {
  return db.$transaction(async (tx) => {
    const row = await tx.itemTick.create({
      data: { runbookId: t.runbookId, itemId: t.itemId, personId: t.personId, done: t.done, note: t.note },
      select: { id: true },
    });
    const id = Number(row.id);
    await appendAudit(tx, { ...t.audit, data: { ...t.audit.data, tickId: id } });
    return { id };
  });
}
