import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import type { AuditInput } from "@/lib/db/launch-types";

/** Appends to an incident's timeline (a message, an engagement, a rule firing, a status post). */
export async function appendIncidentEvent(
  db: PrismaClient,
  e: {
    incidentId: string;
    kind: string;
    actor: string | null;
    message: string;
    data?: Record<string, unknown>;
    audit?: AuditInput;
  },
): Promise<number> {
  return db.$transaction(async (tx) => {
    const row = await tx.incidentEvent.create({
      data: {
        incidentId: e.incidentId,
        kind: e.kind,
        actor: e.actor,
        message: e.message,
        data: toJsonValue(e.data ?? {}),
      },
      select: { id: true },
    });
    if (e.audit) await appendAudit(tx, { ...e.audit, data: { ...e.audit.data, incidentId: e.incidentId } });
    return Number(row.id);
  });
}
