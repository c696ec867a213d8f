import "server-only";
import type { Prisma, PrismaClient } from "@/lib/db/generated/prisma/client";
import type { BoardState } from "@/lib/model/board";

/** A leadership term: the runbook it leads and the epoch the database gave it (docs/replicas.md). */
export type Fence = { runbookId: string; epoch: number };

/** The leader tells the followers that a new board is stored (payload: runbook, epoch, cycle — never the board). */
export const BOARD_CHANNEL = "warroom_board";
/** A follower asks the leader to re-read what changed outside the cycle (a vote, a rollback step) and publish. */
export const CHANGE_CHANNEL = "warroom_change";

export class FencedError extends Error {
  constructor(
    readonly fence: Fence,
    readonly current: number | null,
  ) {
    super(
      `leadership of ${fence.runbookId} moved on: this term is epoch ${fence.epoch}, the database holds ${current ?? "none"}`,
    );
    this.name = "FencedError";
  }
}

/**
 * Inside a write's transaction: holds the leadership row FOR SHARE, so a successor's claim (an UPDATE of
 * that row) waits until this write commits, and refuses the write once the epoch has moved on.
 */
export async function assertEpoch(tx: Prisma.TransactionClient, fence: Fence): Promise<void> {
  const rows = await tx.$queryRaw<{ epoch: number }[]>`
    SELECT "epoch" FROM "Leadership" WHERE "runbookId" = ${fence.runbookId} FOR SHARE`;
  const current = rows[0]?.epoch ?? null;
  if (current !== fence.epoch) throw new FencedError(fence, current);
}

/** `write` in one transaction that first checks the term; no fence (a single embedded process): no check. */
export function fencedWrite<T>(
  db: PrismaClient,
  fence: Fence | null,
  write: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return db.$transaction(
    async (tx) => {
      if (fence) await assertEpoch(tx, fence);
      return write(tx);
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
}

export type SharedBoard = { cycle: number; snapshotId: string; board: BoardState };

/**
 * The leader's board for every replica: replaces the runbook's LatestBoard (a later term wins whatever the
 * hosts' clocks say; within a term, the later evaluation) and notifies the followers. NOTIFY is delivered at
 * commit, so a follower that reads on it finds the row.
 */
export async function shareBoard(db: PrismaClient, fence: Fence, s: SharedBoard): Promise<void> {
  const evaluatedAt = new Date(s.board.serverNow).toISOString();
  const board = JSON.stringify(s.board);
  const payload = JSON.stringify({ runbookId: fence.runbookId, epoch: fence.epoch, cycle: s.cycle });
  await fencedWrite(db, fence, async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "LatestBoard" ("runbookId", "cycle", "snapshotId", "evaluatedAt", "board", "epoch")
      VALUES (${fence.runbookId}, ${s.cycle}, ${s.snapshotId}, ${evaluatedAt}::timestamptz, ${board}::jsonb, ${fence.epoch})
      ON CONFLICT ("runbookId") DO UPDATE
         SET "cycle" = EXCLUDED."cycle", "snapshotId" = EXCLUDED."snapshotId",
             "evaluatedAt" = EXCLUDED."evaluatedAt", "board" = EXCLUDED."board", "epoch" = EXCLUDED."epoch"
       WHERE "LatestBoard"."epoch" < EXCLUDED."epoch"
          OR ("LatestBoard"."epoch" = EXCLUDED."epoch" AND "LatestBoard"."evaluatedAt" <= EXCLUDED."evaluatedAt")`;
    await tx.$executeRaw`SELECT pg_notify(${BOARD_CHANNEL}, ${payload})`;
  });
}

/** A follower's change (a vote, a rollback step): the leader re-reads and publishes (see CHANGE_CHANNEL). */
export async function requestLeaderPublish(db: PrismaClient, runbookId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${runbookId})`;
}

export type LeadershipRow = { runbookId: string; epoch: number; instance: string; since: Date };

export async function readLeadership(db: PrismaClient, runbookId: string): Promise<LeadershipRow | null> {
  return db.leadership.findUnique({ where: { runbookId } });
}
