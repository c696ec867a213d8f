import "server-only";
import { toJsonValue } from "@/lib/db/json";
import type { AuditInput, DbClient } from "@/lib/db/launch-types";

/** Appends to the audit log; pass the transaction client so the entry commits with the change. */
export async function appendAudit(db: DbClient, entry: AuditInput): Promise<number> {
  const row = await db.auditEntry.create({
    data: { ...entry, data: toJsonValue(entry.data ?? {}) },
    select: { id: true },
  });
  return Number(row.id);
}
