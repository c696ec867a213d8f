import "server-only";
import type { Event, PrismaClient } from "@/lib/db/generated/prisma/client";
import type { JsonObject, StoredEvent } from "@/lib/db/types";

export type ListEventsQuery = {
  /** Inclusive lower bound on `at`. */
  since?: Date;
  /** Default 100, at most 1000. */
  limit?: number;
};

/** The event log, newest first. */
export async function listEvents(db: PrismaClient, q: ListEventsQuery = {}): Promise<StoredEvent[]> {
  const take = Math.min(Math.max(1, Math.floor(q.limit ?? 100)), 1000);
  const rows = await db.event.findMany({
    where: q.since ? { at: { gte: q.since } } : {},
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map(toStoredEvent);
}

export function toStoredEvent(row: Event): StoredEvent {
  const data = row.data;
  return {
    id: Number(row.id),
    at: row.at,
    kind: row.kind,
    checkId: row.checkId,
    fromLevel: row.fromLevel,
    toLevel: row.toLevel,
    message: row.message,
    data:
      data !== null && typeof data === "object" && !Array.isArray(data)
        ? (data as JsonObject)
        : { value: data },
  };
}
