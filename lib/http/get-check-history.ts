import "server-only";
import { getDb } from "@/lib/db/client";
import { listHistoryPoints } from "@/lib/db/list-history-points";
import type { HistoryPoint } from "@/lib/model/board";

export type { HistoryPoint };

const MAX_POINTS = 2000;

/**
 * Stored readings of one check over the last `minutes`, oldest first, thinned to at most MAX_POINTS (the
 * query itself reads only the drawn columns of a bounded number of rows).
 */
export async function getCheckHistory(
  checkId: string,
  minutes: number,
  now = new Date(),
): Promise<HistoryPoint[]> {
  const db = await getDb();
  const since = new Date(now.getTime() - minutes * 60_000);
  const rows = await listHistoryPoints(db, checkId, since);
  const step = Math.max(1, Math.ceil(rows.length / MAX_POINTS));
  const points: HistoryPoint[] = [];
  for (let i = 0; i < rows.length; i += step) {
    const r = rows[i];
    if (r) points.push(r);
  }
  return points;
}
