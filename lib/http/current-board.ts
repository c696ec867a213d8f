import "server-only";
import { getHub, type Hub } from "@/lib/hub/hub";
import type { BoardState } from "@/lib/model/board";
import { boardAt } from "@/lib/rules/board-at";

/** The latest evaluated board with the clock applied at `now` (null: nothing evaluated yet). Never writes. */
export function currentBoard(hub: Hub = getHub(), now: Date = new Date()): BoardState | null {
  const state = hub.state;
  if (!state) return null;
  return boardAt(state, now, { running: hub.collector?.isRunning() ?? false, lastError: hub.collectorError });
}

/**
 * The current board exactly as the stream sends it (plain JSON), for a page's server-rendered first paint:
 * the client then starts from what it would have received, not from a blank "Connecting…".
 */
export function currentBoardForPage(): BoardState | null {
  const board = currentBoard();
  return board && (JSON.parse(JSON.stringify(board)) as BoardState);
}
