import "server-only";
import { checkKeysFor, rememberCheckKeys } from "@/lib/db/check-keys";
import type { Prisma, PrismaClient } from "@/lib/db/generated/prisma/client";
import { assertEpoch, type Fence } from "@/lib/db/leadership";
import { type DetailRow, type Packed, packCycle } from "@/lib/db/pack-cycle";
import { latestDetails } from "@/lib/db/reading-details";
import type { SnapshotRecord } from "@/lib/db/types";
import type { BoardState } from "@/lib/model/board";

export type RecordSnapshotsResult = { snapshots: number; readings: number };

/** Writers of readings take turns: each decides its ReadingDetail rows from the ones already stored. */
const WRITER_LOCK = 72707370;

/**
 * Inserts snapshots, one row per cycle with its readings packed (docs/storage.md "Readings"), in one
 * transaction. Idempotent on snapshot id: a snapshot already stored (a retry after a lost acknowledgement) is
 * skipped together with its readings. The newest board of the batch, per runbook, becomes the runbook's
 * latest board in the same transaction. With a fence, the leadership term is checked first (a deposed
 * leader's batch is refused with FencedError).
 */
export async function recordSnapshots(
  db: PrismaClient,
  snapshots: SnapshotRecord[],
  fence: Fence | null = null,
): Promise<RecordSnapshotsResult> {
  const unique = [...new Map(snapshots.map((s) => [s.id, s] as const)).values()];
  if (unique.length === 0) return { snapshots: 0, readings: 0 };
  // Inside the callback only `tx` may be used: a root-client query would wait for this very
  // transaction (PGlite has one connection) until it times out.
  const { result, keys } = await db.$transaction(
    async (tx) => {
      if (fence) await assertEpoch(tx, fence);
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${WRITER_LOCK}::bigint)`;
      const ids = unique.map((s) => s.id);
      const stored = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Snapshot" WHERE "id" = ANY(${ids}::text[])`;
      const skip = new Set(stored.map((r) => r.id));
      const fresh = unique.filter((s) => !skip.has(s.id));
      const keys = await checkKeysFor(
        tx,
        fresh.flatMap((s) => s.readings.map((r) => r.checkId)),
        db,
      );
      const details = await latestDetails(tx, [...keys.values()]);
      const packed: Packed[] = [];
      const newDetails: DetailRow[] = [];
      for (const s of fresh) {
        const p = packCycle(s, keys, details);
        packed.push(p.cycle);
        newDetails.push(...p.details);
      }
      if (packed.length > 0) await insertCycles(tx, packed);
      if (newDetails.length > 0) await insertDetails(tx, newDetails);
      for (const s of newestBoards(unique)) await storeLatestBoard(tx, s);
      const readings = fresh.reduce((n, s) => n + s.readings.length, 0);
      return { result: { snapshots: fresh.length, readings }, keys };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  rememberCheckKeys(db, keys);
  return result;
}

const ordered = (field: string, cast: string) =>
  `ARRAY(SELECT e::${cast} FROM jsonb_array_elements_text(s."${field}") WITH ORDINALITY AS a(e, i) ORDER BY i)`;

async function insertCycles(tx: Prisma.TransactionClient, cycles: Packed[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "Snapshot" ("id", "runbookId", "cycle", "startedAt", "finishedAt", "checkKeys", "levels",
       "numbers", "offsetsMs", "durationsMs", "summaryDigits", "texts")
     SELECT s."id", s."runbookId", s."cycle", s."startedAt"::timestamptz, s."finishedAt"::timestamptz,
       ${ordered("checkKeys", "smallint")}, s."levels", ${ordered("numbers", "float8")},
       ${ordered("offsetsMs", "int")}, ${ordered("durationsMs", "int")}, s."summaryDigits", s."texts"
     FROM jsonb_to_recordset($1::jsonb) AS s("id" text, "runbookId" text, "cycle" int, "startedAt" text,
       "finishedAt" text, "checkKeys" jsonb, "levels" text, "numbers" jsonb, "offsetsMs" jsonb,
       "durationsMs" jsonb, "summaryDigits" text, "texts" jsonb)`,
    JSON.stringify(cycles),
  );
}

async function insertDetails(tx: Prisma.TransactionClient, rows: DetailRow[]): Promise<void> {
  // Two details of one check at the same millisecond: the later one holds from then on.
  await tx.$executeRawUnsafe(
    `INSERT INTO "ReadingDetail" ("checkKey", "at", "level", "unit", "summary", "conditions", "evidence")
     SELECT d."checkKey", d."at"::timestamptz, d."level", d."unit", d."summary", d."conditions", d."evidence"
     FROM jsonb_to_recordset($1::jsonb) AS d("checkKey" smallint, "at" text, "level" text, "unit" text,
       "summary" text, "conditions" jsonb, "evidence" jsonb)
     ON CONFLICT ("checkKey", "at") DO UPDATE SET "level" = EXCLUDED."level", "unit" = EXCLUDED."unit",
       "summary" = EXCLUDED."summary", "conditions" = EXCLUDED."conditions", "evidence" = EXCLUDED."evidence"`,
    JSON.stringify(lastPerKeyAndTime(rows)),
  );
}

/** ON CONFLICT cannot touch one row twice in a statement: keep the last detail per (check, time). */
function lastPerKeyAndTime(rows: DetailRow[]): DetailRow[] {
  return [...new Map(rows.map((r) => [`${r.checkKey}@${r.at}`, r] as const)).values()];
}

type BoardSnapshot = SnapshotRecord & { board: BoardState };

/** Per runbook, the snapshot whose board was evaluated last: only the latest board is kept. */
function newestBoards(snapshots: SnapshotRecord[]): BoardSnapshot[] {
  const newest = new Map<string, BoardSnapshot>();
  for (const s of snapshots) {
    if (!s.board) continue;
    const held = newest.get(s.runbookId);
    if (!held || Date.parse(held.board.serverNow) <= Date.parse(s.board.serverNow)) {
      newest.set(s.runbookId, s as BoardSnapshot);
    }
  }
  return [...newest.values()];
}

/** Replaces the runbook's board unless the stored one was evaluated later (a late retry, another writer). */
async function storeLatestBoard(tx: Prisma.TransactionClient, s: BoardSnapshot): Promise<void> {
  const evaluatedAt = new Date(s.board.serverNow).toISOString();
  const board = JSON.stringify(s.board);
  await tx.$executeRaw`
    INSERT INTO "LatestBoard" ("runbookId", "cycle", "snapshotId", "evaluatedAt", "board")
    VALUES (${s.runbookId}, ${s.cycle}, ${s.id}, ${evaluatedAt}::timestamptz, ${board}::jsonb)
    ON CONFLICT ("runbookId") DO UPDATE
       SET "cycle" = EXCLUDED."cycle", "snapshotId" = EXCLUDED."snapshotId",
           "evaluatedAt" = EXCLUDED."evaluatedAt", "board" = EXCLUDED."board"
     WHERE "LatestBoard"."evaluatedAt" <= EXCLUDED."evaluatedAt"`;
}
