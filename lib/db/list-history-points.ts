import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { HistoryPoint } from "@/lib/model/board";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";

/** A public chart reads at most this many rows per call (a day at 5 s is 17,280). */
export const HISTORY_MAX_ROWS = 5_000;

type Db = Pick<PrismaClient, "reading">;

/**
 * The newest readings of one check since `since`, oldest first, with only what the chart draws (time,
 * value, level, summary): never the evidence or conditions, never more than HISTORY_MAX_ROWS rows.
 */
export async function listHistoryPoints(db: Db, checkId: string, since: Date): Promise<HistoryPoint[]> {
  const rows = await db.reading.findMany({
    where: { checkId, collectedAt: { gte: since } },
    orderBy: [{ collectedAt: "desc" }, { id: "desc" }],
    take: HISTORY_MAX_ROWS,
    select: { collectedAt: true, value: true, level: true, summary: true },
  });
  return rows.reverse().map((r) => ({
    t: r.collectedAt.toISOString(),
    value: r.value ?? null,
    level: (LEVELS as readonly string[]).includes(r.level) ? (r.level as Level) : "unknown",
    summary: r.summary,
  }));
}
