import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import type { StoredBoard } from "@/lib/db/types";
import type { BoardState } from "@/lib/model/board";

/** The runbook's latest evaluated board as the collector stored it; null before its first stored cycle. */
export async function readLatestBoard(db: DbClient, runbookId: string): Promise<StoredBoard | null> {
  const row = await db.latestBoard.findUnique({ where: { runbookId } });
  if (!row) return null;
  return {
    runbookId: row.runbookId,
    cycle: row.cycle,
    snapshotId: row.snapshotId,
    evaluatedAt: row.evaluatedAt,
    board: row.board as unknown as BoardState,
    epoch: row.epoch,
  };
}
