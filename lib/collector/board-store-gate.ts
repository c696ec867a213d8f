import type { BoardState } from "@/lib/model/board";

/** A stored board older than this is replaced even when no level changed. */
export const BOARD_STORE_EVERY_MS = 10_000;

/**
 * Decides which cycles' boards are stored with their snapshot. A board is tens of KB of JSON: writing it
 * every cycle cost a tenth of the server's CPU at a 1 s interval, for a row only another replica or a
 * restart reads. So it is stored when any check's level (or the board's headline state) differs from the
 * last stored board, and otherwise at most every `everyMs`. Readings carry their own times, so a board
 * read back later still ages honestly.
 */
export function boardStoreGate(everyMs = BOARD_STORE_EVERY_MS) {
  let lastKey: string | null = null;
  let lastAtMs = -Infinity;
  return (state: BoardState | null, nowMs: number): BoardState | null => {
    if (!state) return null;
    const key = headline(state);
    if (key === lastKey && nowMs - lastAtMs < everyMs) return null;
    lastKey = key;
    lastAtMs = nowMs;
    return state;
  };
}

function headline(state: BoardState): string {
  return JSON.stringify([
    state.checks.map((c) => `${c.id}:${c.level}`),
    state.launchFlow.phase,
    state.launchFlow.revision,
    state.incidents?.active?.id ?? null,
    state.incidents?.active?.severity ?? null,
    state.triggers?.rollbackRecommended.length ?? 0,
    state.rollback?.run?.status ?? null,
    state.mode?.mode ?? null,
  ]);
}
