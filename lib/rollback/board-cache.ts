import type { RunView } from "./types";

/** What every viewer sees of the rollback: the latest run with its steps (board and TV, via the stream). */
export type RollbackBoard = {
  run: RunView | null;
  /** Set when the runs could not be read: the board then says so instead of showing nothing. */
  error: string | null;
};

const KEY = Symbol.for("warroom.rollback.board");
type G = typeof globalThis & { [KEY]?: RollbackBoard };

/** A finished run stays on the board this long (the post-mortem keeps it for good). */
export const SHOW_FINISHED_MS = 60 * 60_000;

export function getRollbackBoard(now = Date.now()): RollbackBoard | undefined {
  const board = (globalThis as G)[KEY];
  if (!board) return undefined;
  const run = board.run;
  if (run?.finishedAt && now - Date.parse(run.finishedAt) > SHOW_FINISHED_MS) return { ...board, run: null };
  return board;
}

export function setRollbackBoard(board: RollbackBoard): void {
  (globalThis as G)[KEY] = board;
}
