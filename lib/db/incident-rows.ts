import "server-only";
import type { Incident, IncidentEvent } from "@/lib/db/generated/prisma/client";
import type { IncidentEventRecord, IncidentRecord, Severity } from "@/lib/model/incident";

/** Database rows → the plain records the rules and the board use. */
export function toIncidentRecord(row: Incident): IncidentRecord {
  return {
    id: row.id,
    runbookId: row.runbookId,
    scope: row.scope,
    severity: row.severity as Severity,
    title: row.title,
    status: row.status === "resolved" ? "resolved" : "active",
    declaredBy: row.declaredBy,
    declaredAt: row.declaredAt.toISOString(),
    resolvedBy: row.resolvedBy,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    suggestion: (row.suggestion ?? {}) as Record<string, unknown>,
  };
}

export function toIncidentEventRecord(row: IncidentEvent): IncidentEventRecord {
  return {
    id: Number(row.id),
    at: row.at.toISOString(),
    kind: row.kind,
    actor: row.actor,
    message: row.message,
    data: (row.data ?? {}) as Record<string, unknown>,
  };
}
