import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { detailsFor, scanCheck, tell } from "@/lib/db/scan-readings";
import type { StoredReading } from "@/lib/db/types";

export type ListReadingsQuery = {
  checkId: string;
  since: Date;
  /** Exclusive upper bound; default: no bound. */
  until?: Date;
  /** Keep the NEWEST `limit` readings of the window (a live chart wants the latest). Default and max 20 000. */
  limit?: number;
};

const MAX_LIMIT = 20_000;

/**
 * Readings of one check in a time window, oldest first. Unit, conditions and evidence are those stored when
 * the check's level, unit or summary shape last changed (docs/storage.md "Readings").
 */
export async function listReadings(db: PrismaClient, q: ListReadingsQuery): Promise<StoredReading[]> {
  const take = Math.min(Math.max(1, Math.floor(q.limit ?? MAX_LIMIT)), MAX_LIMIT);
  const scanned = await scanCheck(db, q.checkId, q.since, q.until ?? null, take);
  if (!scanned) return [];
  const details = await detailsFor(db, scanned.key, scanned.rows);
  return scanned.rows.map((r) => {
    const { summary, detail } = tell(details, r);
    return {
      snapshotId: r.snapshotId,
      checkId: q.checkId,
      level: r.level,
      value: r.number ?? r.text,
      unit: detail?.unit ?? null,
      summary,
      conditions: detail?.conditions ?? [],
      evidence: detail?.evidence ?? {},
      collectedAt: new Date(r.at).toISOString(),
      durationMs: r.durationMs,
    };
  });
}
