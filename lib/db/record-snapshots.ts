import "server-only";
import type { Prisma, PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import { assertEpoch, type Fence } from "@/lib/db/leadership";
import type { SnapshotRecord } from "@/lib/db/types";
import type { BoardState } from "@/lib/model/board";
import type { Reading } from "@/lib/model/probe";

export type RecordSnapshotsResult = { snapshots: number; readings: number };

/**
 * Inserts snapshots and their readings in one transaction. Idempotent on snapshot id: a snapshot
 * already stored (a retry after a lost acknowledgement) is skipped together with its readings. The newest
 * board of the batch, per runbook, becomes the runbook's latest board in the same transaction. With a fence,
 * the leadership term is checked first (a deposed leader's batch is refused with FencedError).
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
  return db.$transaction(
    async (tx) => {
      if (fence) await assertEpoch(tx, fence);
      const created = await tx.snapshot.createManyAndReturn({
        data: unique.map(({ readings: _readings, board: _board, ...s }) => s),
        skipDuplicates: true,
        select: { id: true },
      });
      const fresh = new Set(created.map((c) => c.id));
      const rows = unique
        .filter((s) => fresh.has(s.id))
        .flatMap((s) => s.readings.map((r) => toRow(s.id, r)));
      if (rows.length > 0) await tx.reading.createMany({ data: rows });
      for (const s of newestBoards(unique)) await storeLatestBoard(tx, s);
      return { snapshots: fresh.size, readings: rows.length };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
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

function toRow(snapshotId: string, r: Reading) {
  const isNumber = typeof r.value === "number" && Number.isFinite(r.value);
  return {
    snapshotId,
    checkId: r.checkId,
    level: r.level,
    value: isNumber ? (r.value as number) : null,
    valueText: r.value === null || isNumber ? null : String(r.value),
    unit: r.unit,
    summary: r.summary,
    conditions: toJsonValue(r.conditions),
    evidence: toJsonValue(r.evidence),
    collectedAt: new Date(r.collectedAt),
    durationMs: Math.round(r.durationMs),
  };
}
