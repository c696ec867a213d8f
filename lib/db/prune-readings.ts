import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { CYCLE_SLACK } from "@/lib/db/scan-readings";

/** Readings in [from, to] (to null: open-ended) are kept whatever their age. */
export type KeepSpan = { from: Date; to: Date | null };

export type PruneResult = { cycles: number; readings: number; details: number };

/**
 * Deletes at most `batch` of the oldest cycles that started before `before` (their readings with them),
 * outside every kept span, and adds their readings to the hourly rollups (ReadingHour) in the same
 * transaction; then at most `batch` ReadingDetail rows that no stored reading is told against any more.
 */
export async function pruneReadings(
  db: PrismaClient,
  opts: { before: Date; keep: KeepSpan[]; batch: number },
): Promise<PruneResult> {
  const batch = Math.max(1, Math.floor(opts.batch));
  const keepFrom = opts.keep.map((k) => k.from.toISOString());
  const keepTo = opts.keep.map((k) => (k.to ? k.to.toISOString() : "infinity"));
  return db.$transaction(
    async (tx) => {
      const [counts] = await tx.$queryRaw<{ cycles: number; readings: number }[]>`
        WITH doomed AS (
          SELECT s."id" FROM "Snapshot" s
          WHERE s."startedAt" < ${opts.before}::timestamptz
            AND NOT EXISTS (
              SELECT 1 FROM unnest(${keepFrom}::timestamptz[], ${keepTo}::timestamptz[]) AS k(f, t)
              WHERE s."startedAt" >= k.f - ${CYCLE_SLACK}::interval AND s."startedAt" <= k.t)
          ORDER BY s."startedAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED
        ), gone AS (
          DELETE FROM "Snapshot" s USING doomed d WHERE s."id" = d."id"
          RETURNING s."startedAt", s."checkKeys", s."levels", s."numbers", s."offsetsMs"
        ), r AS (
          SELECT u.k, g."startedAt" + u.o * interval '1 millisecond' AS at, substr(g."levels", u.i::int, 1) AS l,
            CASE WHEN u.v = 'NaN'::float8 THEN NULL ELSE u.v END AS v
          FROM gone g
          CROSS JOIN LATERAL unnest(g."checkKeys", g."numbers", g."offsetsMs") WITH ORDINALITY AS u(k, v, o, i)
        ), rolled AS (
          INSERT INTO "ReadingHour" AS h ("checkKey", "hour", "ok", "warn", "crit", "unknown", "firstAt",
            "lastAt", "valueCount", "valueMin", "valueMax", "valueSum")
          SELECT r.k, date_trunc('hour', r.at, 'UTC'), count(*) FILTER (WHERE r.l = 'o'),
            count(*) FILTER (WHERE r.l = 'w'), count(*) FILTER (WHERE r.l = 'c'),
            count(*) FILTER (WHERE r.l NOT IN ('o', 'w', 'c')), min(r.at), max(r.at), count(r.v), min(r.v),
            max(r.v), coalesce(sum(r.v), 0)
          FROM r GROUP BY 1, 2
          ON CONFLICT ("checkKey", "hour") DO UPDATE SET
            "ok" = h."ok" + EXCLUDED."ok", "warn" = h."warn" + EXCLUDED."warn",
            "crit" = h."crit" + EXCLUDED."crit", "unknown" = h."unknown" + EXCLUDED."unknown",
            "firstAt" = least(h."firstAt", EXCLUDED."firstAt"), "lastAt" = greatest(h."lastAt", EXCLUDED."lastAt"),
            "valueCount" = h."valueCount" + EXCLUDED."valueCount",
            "valueMin" = least(h."valueMin", EXCLUDED."valueMin"),
            "valueMax" = greatest(h."valueMax", EXCLUDED."valueMax"),
            "valueSum" = h."valueSum" + EXCLUDED."valueSum"
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM gone)::int AS cycles, (SELECT count(*) FROM r)::int AS readings`;
      // A detail is needed while a stored cycle may hold a reading told against it: from its time to the
      // next detail of the check. The last one before the cut stays (it tells the readings after it).
      const details = await tx.$executeRaw`
        DELETE FROM "ReadingDetail" d USING (
          SELECT x."checkKey", x."at" FROM (
            SELECT "checkKey", "at", lead("at") OVER (PARTITION BY "checkKey" ORDER BY "at") AS next
            FROM "ReadingDetail" WHERE "at" < ${opts.before}::timestamptz
          ) x
          WHERE x.next IS NOT NULL
            AND NOT EXISTS (
              SELECT 1 FROM "Snapshot" s
              WHERE s."startedAt" >= x."at" - ${CYCLE_SLACK}::interval
                AND s."startedAt" < x.next + ${CYCLE_SLACK}::interval)
          LIMIT ${batch}
        ) o
        WHERE d."checkKey" = o."checkKey" AND d."at" = o."at"`;
      return { cycles: counts?.cycles ?? 0, readings: counts?.readings ?? 0, details };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

export type ReadingHourRow = {
  hour: Date;
  ok: number;
  warn: number;
  crit: number;
  unknown: number;
  firstAt: Date;
  lastAt: Date;
  valueCount: number;
  valueMin: number | null;
  valueMax: number | null;
  valueSum: number;
};

/** One check's hourly rollups in [since, until), oldest first. */
export async function listReadingHours(
  db: PrismaClient,
  checkId: string,
  since: Date,
  until: Date,
): Promise<ReadingHourRow[]> {
  return db.$queryRaw<ReadingHourRow[]>`
    SELECT h."hour", h."ok", h."warn", h."crit", h."unknown", h."firstAt", h."lastAt", h."valueCount",
      h."valueMin", h."valueMax", h."valueSum"
    FROM "ReadingHour" h JOIN "CheckKey" k ON k."id" = h."checkKey"
    WHERE k."key" = ${checkId} AND h."hour" >= ${since}::timestamptz AND h."hour" < ${until}::timestamptz
    ORDER BY h."hour"`;
}
