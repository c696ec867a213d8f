import type { RollbackBoard } from "@/lib/model/rollback";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

export type { RollbackBoard };

/** A finished run stays on the board this long (the post-mortem keeps it for good). */
export const SHOW_FINISHED_MS = 60 * 60_000;

export function getRollbackBoard(now = Date.now()): RollbackBoard | undefined {
  const board = peekProcessState<RollbackBoard>("rollback.board");
  if (!board) return undefined;
  const run = board.run;
  if (run?.finishedAt && now - Date.parse(run.finishedAt) > SHOW_FINISHED_MS) return { ...board, run: null };
  return board;
}

export function setRollbackBoard(board: RollbackBoard): void {
  setProcessState("rollback.board", board);
}
