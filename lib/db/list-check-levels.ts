import "server-only";
import { checkKeyOf } from "@/lib/db/check-keys";
import type { DbClient } from "@/lib/db/launch-types";
import { levelOfLetter } from "@/lib/db/reading-codec";
import { CYCLE_SLACK } from "@/lib/db/scan-readings";
import type { Level } from "@/lib/model/runbook-schema";

export type LevelRow = { at: number; level: Level };
/** The last cycle a page looked at (its start and id). */
export type LevelCursor = { at: Date; id: string };

type Row = { id: string; startedAt: Date; offsetMs: number | null; level: string | null };

/**
 * One page of a check's stored levels since `since`, oldest first: `take` cycles at a time, read in the
 * order of the cycles' starts. Paged because an uptime window may hold a month of readings; only time and
 * level are read. (listIncidentTriggerSamples reads a trigger's minutes-long window in one query.)
 */
export async function listCheckLevels(
  db: DbClient,
  checkId: string,
  since: Date,
  after: LevelCursor | null,
  take: number,
): Promise<{ rows: LevelRow[]; next: LevelCursor | null }> {
  const key = await checkKeyOf(db, checkId);
  if (key === null) return { rows: [], next: null };
  const afterAt = after?.at ?? null;
  const afterId = after?.id ?? "";
  const page = await db.$queryRaw<Row[]>`
    SELECT s."id", s."startedAt", x.o AS "offsetMs", x.l AS "level"
    FROM (
      SELECT "id", "startedAt", "checkKeys", "offsetsMs", "levels" FROM "Snapshot"
      WHERE "startedAt" >= ${since}::timestamptz - ${CYCLE_SLACK}::interval
        AND (${afterAt}::timestamptz IS NULL OR ("startedAt" >= ${afterAt}::timestamptz
          AND ("startedAt", "id") > (${afterAt}::timestamptz, ${afterId})))
      ORDER BY "startedAt", "id" LIMIT ${take}
    ) s
    LEFT JOIN LATERAL (
      SELECT s."offsetsMs"[p.i] AS o, substr(s."levels", p.i, 1) AS l, p.i
      FROM unnest(array_positions(s."checkKeys", ${key}::smallint)) AS p(i)
      WHERE s."startedAt" + s."offsetsMs"[p.i] * interval '1 millisecond' >= ${since}::timestamptz
    ) x ON true
    ORDER BY s."startedAt", s."id", x.i`;
  const rows: LevelRow[] = [];
  const cycles = new Set<string>();
  let last: Row | undefined;
  for (const r of page) {
    cycles.add(r.id);
    last = r;
    if (r.offsetMs === null) continue;
    rows.push({ at: new Date(r.startedAt).getTime() + Number(r.offsetMs), level: levelOfLetter(r.level) });
  }
  return {
    rows,
    next: last && cycles.size === take ? { at: new Date(last.startedAt), id: last.id } : null,
  };
}
