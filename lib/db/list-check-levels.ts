import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";

export type LevelRow = { at: number; level: Level };
export type LevelCursor = { at: Date; id: bigint };

/**
 * One page of a check's stored levels since `since`, oldest first (index checkId, collectedAt). Paged
 * because an uptime window may hold a month of readings; only time and level are read.
 * (listIncidentTriggerSamples reads a trigger's minutes-long window in one query, values included.)
 */
export async function listCheckLevels(
  db: DbClient,
  checkId: string,
  since: Date,
  after: LevelCursor | null,
  take: number,
): Promise<{ rows: LevelRow[]; next: LevelCursor | null }> {
  const page = await db.reading.findMany({
    where: {
      checkId,
      collectedAt: { gte: since },
      ...(after
        ? { OR: [{ collectedAt: { gt: after.at } }, { collectedAt: after.at, id: { gt: after.id } }] }
        : {}),
    },
    select: { id: true, level: true, collectedAt: true },
    orderBy: [{ collectedAt: "asc" }, { id: "asc" }],
    take,
  });
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      at: r.collectedAt.getTime(),
      level: (LEVELS as readonly string[]).includes(r.level) ? (r.level as Level) : "unknown",
    })),
    next: last && page.length === take ? { at: last.collectedAt, id: last.id } : null,
  };
}
