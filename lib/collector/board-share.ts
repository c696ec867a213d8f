import "server-only";
import { getDb } from "@/lib/db/client";
import { type Fence, FencedError, shareBoard } from "@/lib/db/leadership";
import type { BoardState } from "@/lib/model/board";

export type BoardSharer = { share: (board: BoardState, cycle: number, snapshotId: string) => void };

/**
 * The leader's boards for its followers, one write at a time: while one is being written only the newest
 * waits (a follower needs the latest board, not every one). A refused term stops sharing and says so; a
 * failed write is forgotten — the next board (at the latest the next cycle's) replaces it.
 */
export function createBoardSharer(
  fence: Fence,
  on: { fenced: (err: FencedError) => void; error: (err: unknown) => void },
): BoardSharer {
  let writing = false;
  let waiting: { board: BoardState; cycle: number; snapshotId: string } | null = null;
  let refused = false;

  async function drain() {
    writing = true;
    try {
      while (waiting && !refused) {
        const next = waiting;
        waiting = null;
        try {
          await shareBoard(await getDb(), fence, next);
        } catch (err) {
          if (err instanceof FencedError) {
            refused = true;
            on.fenced(err);
          } else on.error(err);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    share(board, cycle, snapshotId) {
      if (refused) return;
      waiting = { board, cycle, snapshotId };
      if (!writing) void drain();
    },
  };
}
