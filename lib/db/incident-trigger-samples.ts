import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";
import type { Sample } from "@/lib/rules/sustained";

/** Stored readings of one check since `since` as rule samples, oldest first (index checkId, collectedAt). */
export async function listIncidentTriggerSamples(
  db: DbClient,
  checkId: string,
  since: Date,
): Promise<Sample[]> {
  const rows = await db.reading.findMany({
    where: { checkId, collectedAt: { gte: since } },
    select: { level: true, value: true, collectedAt: true },
    orderBy: [{ collectedAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({
    at: r.collectedAt.getTime(),
    level: (LEVELS as readonly string[]).includes(r.level) ? (r.level as Level) : "unknown",
    value: r.value,
  }));
}
