import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit } from "@/lib/db/append-audit";
import { Prisma, type PrismaClient } from "@/lib/db/generated/prisma/client";
import { toIncidentRecord } from "@/lib/db/incident-rows";
import { toJsonValue } from "@/lib/db/json";
import type { AuditInput } from "@/lib/db/launch-types";
import type { IncidentRecord, Severity } from "@/lib/model/incident";

export type DeclareInput = {
  runbookId: string;
  scope: string;
  severity: Severity;
  title: string;
  personId: string;
  suggestion: Record<string, unknown>;
  audit: AuditInput;
};

/**
 * Opens an incident. The unique index on activeScope makes a second active incident of the scope fail
 * in the database (concurrent declares included): that comes back as `{ ok: false, active }`.
 */
export async function declareIncident(
  db: PrismaClient,
  d: DeclareInput,
): Promise<{ ok: true; incident: IncidentRecord } | { ok: false; active: IncidentRecord | null }> {
  const id = randomUUID();
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.incident.create({
        data: {
          id,
          runbookId: d.runbookId,
          scope: d.scope,
          activeScope: d.scope,
          severity: d.severity,
          title: d.title,
          status: "active",
          declaredBy: d.personId,
          suggestion: toJsonValue(d.suggestion),
        },
      });
      await tx.incidentEvent.create({
        data: {
          incidentId: id,
          at: created.declaredAt,
          kind: "declared",
          actor: d.personId,
          message: `${d.severity} declared: ${d.title}`,
          data: toJsonValue({ severity: d.severity, suggestion: d.suggestion }),
        },
      });
      await appendAudit(tx, { ...d.audit, data: { ...d.audit.data, incidentId: id } });
      return created;
    });
    return { ok: true, incident: toIncidentRecord(row) };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const active = await db.incident.findUnique({ where: { activeScope: d.scope } });
      return { ok: false, active: active ? toIncidentRecord(active) : null };
    }
    throw err;
  }
}
