import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toIncidentRecord } from "@/lib/db/incident-rows";
import { toJsonValue } from "@/lib/db/json";
import type { AuditInput } from "@/lib/db/launch-types";
import type { IncidentRecord, Severity } from "@/lib/model/incident";

export type IncidentChange =
  | { kind: "reclassified"; severity: Severity; from: Severity }
  | { kind: "escalated"; severity: Severity; from: Severity }
  | { kind: "resolved" };

/**
 * Changes an ACTIVE incident conditionally (it must still be active and, for a severity change, still at
 * `from`) and records the timeline event in the same transaction. null: it had moved on (someone else
 * resolved or reclassified it first), nothing was written.
 */
export async function updateIncident(
  db: PrismaClient,
  u: {
    incidentId: string;
    change: IncidentChange;
    personId: string | null;
    message: string;
    data?: Record<string, unknown>;
    audit?: AuditInput;
    at?: Date;
  },
): Promise<IncidentRecord | null> {
  return db.$transaction(async (tx) => {
    const at = u.at ?? new Date();
    const c = u.change;
    const where =
      c.kind === "resolved"
        ? { id: u.incidentId, status: "active" }
        : { id: u.incidentId, status: "active", severity: c.from };
    const data =
      c.kind === "resolved"
        ? { status: "resolved", activeScope: null, resolvedAt: at, resolvedBy: u.personId }
        : { severity: c.severity };
    const { count } = await tx.incident.updateMany({ where, data });
    if (count === 0) return null;
    await tx.incidentEvent.create({
      data: {
        incidentId: u.incidentId,
        at,
        kind: c.kind,
        actor: u.personId,
        message: u.message,
        data: toJsonValue({ ...(c.kind === "resolved" ? {} : { from: c.from, to: c.severity }), ...u.data }),
      },
    });
    if (u.audit) await appendAudit(tx, { ...u.audit, data: { ...u.audit.data, incidentId: u.incidentId } });
    const row = await tx.incident.findUniqueOrThrow({ where: { id: u.incidentId } });
    return toIncidentRecord(row);
  });
}
