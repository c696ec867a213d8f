import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { StoredReading } from "@/lib/db/types";
import type { Condition, Evidence } from "@/lib/model/probe";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";

export type ListReadingsQuery = {
  checkId: string;
  since: Date;
  /** Exclusive upper bound; default: no bound. */
  until?: Date;
  /** Keep the NEWEST `limit` readings of the window (a live chart wants the latest). Default and max 20 000. */
  limit?: number;
};

const MAX_LIMIT = 20_000;

/** Readings of one check in a time window, oldest first. */
export async function listReadings(db: PrismaClient, q: ListReadingsQuery): Promise<StoredReading[]> {
  const take = Math.min(Math.max(1, Math.floor(q.limit ?? MAX_LIMIT)), MAX_LIMIT);
  const rows = await db.reading.findMany({
    where: { checkId: q.checkId, collectedAt: { gte: q.since, ...(q.until ? { lt: q.until } : {}) } },
    orderBy: [{ collectedAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.reverse().map((row) => ({
    snapshotId: row.snapshotId,
    checkId: row.checkId,
    level: toLevel(row.level),
    value: row.value ?? row.valueText,
    unit: row.unit,
    summary: row.summary,
    conditions: row.conditions as Condition[],
    evidence: row.evidence as Evidence,
    collectedAt: row.collectedAt.toISOString(),
    durationMs: row.durationMs,
  }));
}

function toLevel(level: string): Level {
  return (LEVELS as readonly string[]).includes(level) ? (level as Level) : "unknown";
}
