import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import { scanCheck } from "@/lib/db/scan-readings";
import type { Sample } from "@/lib/rules/sustained";

/** Stored readings of one check since `since` as rule samples, oldest first (level and value only). */
export async function listIncidentTriggerSamples(
  db: DbClient,
  checkId: string,
  since: Date,
): Promise<Sample[]> {
  const scanned = await scanCheck(db, checkId, since, null, null);
  return (scanned?.rows ?? []).map((r) => ({ at: r.at, level: r.level, value: r.number }));
}
