import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toIncidentEventRecord, toIncidentRecord } from "@/lib/db/incident-rows";
import type { IncidentEventRecord, IncidentRecord } from "@/lib/model/incident";

export type IncidentWithTimeline = { incident: IncidentRecord; timeline: IncidentEventRecord[] };

/** The active incident of a scope with its timeline, and the most recent ones of the runbook. */
export async function readIncidents(
  db: PrismaClient,
  runbookId: string,
  scope: string,
  recent = 5,
): Promise<{ active: IncidentWithTimeline | null; recent: IncidentRecord[] }> {
  const [active, rows] = await Promise.all([
    db.incident.findUnique({ where: { activeScope: scope } }),
    db.incident.findMany({ where: { runbookId }, orderBy: { declaredAt: "desc" }, take: recent }),
  ]);
  const timeline = active
    ? await db.incidentEvent.findMany({
        where: { incidentId: active.id },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      })
    : [];
  return {
    active: active
      ? { incident: toIncidentRecord(active), timeline: timeline.map(toIncidentEventRecord) }
      : null,
    recent: rows.map(toIncidentRecord),
  };
}

/** One incident by id with its timeline, or null. */
export async function readIncident(db: PrismaClient, id: string): Promise<IncidentWithTimeline | null> {
  const row = await db.incident.findUnique({ where: { id } });
  if (!row) return null;
  const events = await db.incidentEvent.findMany({
    where: { incidentId: id },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  return { incident: toIncidentRecord(row), timeline: events.map(toIncidentEventRecord) };
}

/** The runbook's active incident (one per scope), or null. */
export async function findActiveIncidentId(db: PrismaClient, runbookId: string): Promise<string | null> {
  const row = await db.incident.findFirst({
    where: { runbookId, activeScope: { not: null } },
    select: { id: true },
  });
  return row?.id ?? null;
}
