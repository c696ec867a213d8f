import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { AuditRecord } from "@/lib/db/launch-types";
import type { JsonObject } from "@/lib/db/types";

/** The audit log, newest first. */
export async function listAudit(
  db: PrismaClient,
  q: { limit?: number; runbookId?: string } = {},
): Promise<AuditRecord[]> {
  const take = Math.min(Math.max(1, Math.floor(q.limit ?? 100)), 1000);
  const rows = await db.auditEntry.findMany({
    where: q.runbookId ? { OR: [{ runbookId: q.runbookId }, { runbookId: null }] } : {},
    orderBy: [{ id: "desc" }],
    take,
  });
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    runbookId: r.runbookId,
    actor: r.actor,
    role: r.role,
    via: r.via,
    action: r.action,
    outcome: r.outcome,
    ip: r.ip,
    userAgent: r.userAgent,
    message: r.message,
    data:
      r.data !== null && typeof r.data === "object" && !Array.isArray(r.data) ? (r.data as JsonObject) : {},
  }));
}
