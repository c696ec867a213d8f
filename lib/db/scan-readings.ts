import "server-only";
import { checkKeyOf } from "@/lib/db/check-keys";
import type { DbClient } from "@/lib/db/launch-types";
import { decodeSummary, levelOfLetter } from "@/lib/db/reading-codec";
import { detailAt, detailsForWindow, type StoredDetail } from "@/lib/db/reading-details";
import type { Level } from "@/lib/model/runbook-schema";

/**
 * A reading is looked for in cycles that started up to this long before `since` or after `until`: a cycle
 * lasts at most its interval, so its readings are collected well within it.
 */
export const CYCLE_SLACK = "1 hour";

/** One check's reading as unpacked from its cycle's row. */
export type ScannedReading = {
  snapshotId: string;
  at: number;
  level: Level;
  number: number | null;
  text: string | null;
  durationMs: number;
  /** The summary's digit code (reading-codec), told against the check's detail at `at`. */
  digits: string;
};

type Row = {
  snapshotId: string;
  startedAt: Date;
  offsetMs: number;
  number: number | string | null;
  durationMs: number;
  level: string;
  digits: string;
  text: string | null;
};

/**
 * One check's readings collected in [since, until) (until null: no bound), the newest `limit` of them (null:
 * all), oldest first. Null when the check has never been stored.
 */
export async function scanCheck(
  db: DbClient,
  checkId: string,
  since: Date,
  until: Date | null,
  limit: number | null,
): Promise<{ key: number; rows: ScannedReading[] } | null> {
  const key = await checkKeyOf(db, checkId);
  if (key === null) return null;
  // array_positions, not unnest: a cycle's other readings are never expanded into rows.
  const rows = await db.$queryRaw<Row[]>`
    SELECT x."snapshotId", x."startedAt", x."offsetMs", x."number", x."durationMs", x."level", x."digits", x."text"
    FROM (
      SELECT s."id" AS "snapshotId", s."startedAt", s."offsetsMs"[p.i] AS "offsetMs", s."numbers"[p.i] AS "number",
        s."durationsMs"[p.i] AS "durationMs", substr(s."levels", p.i, 1) AS "level",
        split_part(s."summaryDigits", ';', p.i) AS "digits", s."texts" ->> ((p.i - 1)::text) AS "text", p.i,
        s."startedAt" + s."offsetsMs"[p.i] * interval '1 millisecond' AS "at"
      FROM "Snapshot" s
      CROSS JOIN LATERAL unnest(array_positions(s."checkKeys", ${key}::smallint)) AS p(i)
      WHERE s."startedAt" >= ${since}::timestamptz - ${CYCLE_SLACK}::interval
        AND (${until}::timestamptz IS NULL OR s."startedAt" < ${until}::timestamptz + ${CYCLE_SLACK}::interval)
    ) x
    WHERE x."at" >= ${since}::timestamptz AND (${until}::timestamptz IS NULL OR x."at" < ${until}::timestamptz)
    ORDER BY x."at" DESC, x."startedAt" DESC, x."snapshotId" DESC, x.i DESC
    LIMIT ${limit}::bigint`;
  return { key, rows: rows.reverse().map(unpack) };
}

export function unpack(r: Row): ScannedReading {
  const n = r.number === null ? null : Number(r.number);
  return {
    snapshotId: r.snapshotId,
    at: new Date(r.startedAt).getTime() + Number(r.offsetMs),
    level: levelOfLetter(r.level),
    number: n !== null && Number.isFinite(n) ? n : null,
    text: r.text,
    durationMs: Number(r.durationMs),
    digits: r.digits ?? "",
  };
}

/** The details that tell these readings (sorted oldest first), read in one query; `full`: with evidence. */
export async function detailsFor(
  db: DbClient,
  key: number,
  rows: ScannedReading[],
  full = true,
): Promise<StoredDetail[]> {
  const first = rows[0];
  const last = rows.at(-1);
  if (!first || !last) return [];
  return detailsForWindow(db, key, new Date(first.at), new Date(last.at + 1), full);
}

/** The reading's summary and detail; a reading without a stored detail reads as an empty summary. */
export function tell(
  details: StoredDetail[],
  r: ScannedReading,
): { summary: string; detail: StoredDetail | null } {
  const detail = detailAt(details, r.at);
  return { summary: detail ? decodeSummary(detail.summary, r.digits) : "", detail };
}
