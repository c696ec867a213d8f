import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import { detailsFor, scanCheck, tell } from "@/lib/db/scan-readings";
import type { HistoryPoint } from "@/lib/model/board";

/** A public chart reads at most this many rows per call (a day at 5 s is 17,280). */
export const HISTORY_MAX_ROWS = 5_000;

/**
 * The newest readings of one check since `since`, oldest first, with only what the chart draws (time,
 * value, level, summary): never the evidence or conditions, never more than HISTORY_MAX_ROWS rows.
 */
export async function listHistoryPoints(db: DbClient, checkId: string, since: Date): Promise<HistoryPoint[]> {
  const scanned = await scanCheck(db, checkId, since, null, HISTORY_MAX_ROWS);
  if (!scanned) return [];
  const details = await detailsFor(db, scanned.key, scanned.rows, false);
  return scanned.rows.map((r) => ({
    t: new Date(r.at).toISOString(),
    value: r.number,
    level: r.level,
    summary: tell(details, r).summary,
  }));
}
