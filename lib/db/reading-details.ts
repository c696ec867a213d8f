import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import type { CurrentDetail } from "@/lib/db/pack-cycle";
import type { Condition, Evidence } from "@/lib/model/probe";

/** Each check's newest ReadingDetail (one index probe per check), as the writer compares against it. */
export async function latestDetails(db: DbClient, keys: number[]): Promise<Map<number, CurrentDetail>> {
  if (keys.length === 0) return new Map();
  const rows = await db.$queryRaw<
    { checkKey: number; at: Date; level: string; unit: string | null; summary: string }[]
  >`
    SELECT d."checkKey", d."at", d."level", d."unit", d."summary"
    FROM unnest(${keys}::int[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT * FROM "ReadingDetail" x WHERE x."checkKey" = k.key ORDER BY x."at" DESC LIMIT 1
    ) d`;
  return new Map(
    rows.map((r) => [
      Number(r.checkKey),
      { at: new Date(r.at).getTime(), level: r.level, unit: r.unit, summary: r.summary },
    ]),
  );
}

export type StoredDetail = {
  at: number;
  level: string;
  unit: string | null;
  summary: string;
  conditions: Condition[];
  evidence: Evidence;
};

/**
 * The details of one check that tell readings collected in [since, until): the one in effect at `since`
 * and every later one before `until`, oldest first. Without `full`, conditions and evidence are not read
 * (they come back empty): a chart needs only the summary.
 */
export async function detailsForWindow(
  db: DbClient,
  key: number,
  since: Date,
  until: Date | null,
  full = true,
): Promise<StoredDetail[]> {
  const rows = await db.$queryRaw<
    {
      at: Date;
      level: string;
      unit: string | null;
      summary: string;
      conditions: Condition[] | null;
      evidence: Evidence | null;
    }[]
  >`
    SELECT "at", "level", "unit", "summary",
      CASE WHEN ${full} THEN "conditions" END AS "conditions", CASE WHEN ${full} THEN "evidence" END AS "evidence"
    FROM "ReadingDetail"
    WHERE "checkKey" = ${key} AND (${until}::timestamptz IS NULL OR "at" < ${until}::timestamptz)
      AND "at" >= coalesce(
        (SELECT max("at") FROM "ReadingDetail" WHERE "checkKey" = ${key} AND "at" <= ${since}::timestamptz),
        '-infinity'::timestamptz)
    ORDER BY "at"`;
  return rows.map((r) => ({
    ...r,
    at: new Date(r.at).getTime(),
    conditions: r.conditions ?? [],
    evidence: r.evidence ?? {},
  }));
}

/** The detail in effect at `at` (the last one at or before it); details sorted oldest first. */
export function detailAt(details: StoredDetail[], at: number): StoredDetail | null {
  let lo = 0;
  let hi = details.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((details[mid]?.at ?? 0) <= at) lo = mid + 1;
    else hi = mid;
  }
  return details[lo - 1] ?? null;
}
