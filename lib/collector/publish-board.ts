import "server-only";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { getHub } from "@/lib/hub/hub";
import type { BoardState } from "@/lib/model/board";

/** Pushes the board to every live viewer now, so the TV shows a vote without waiting for the next cycle. */
export function publishBoard(): void {
  const hub = getHub();
  if (hub.listeners.size === 0) return;
  const state = buildBoardState(hub, new Date());
  if (!state) return;
  const json = JSON.stringify(state);
  for (const listener of hub.listeners) {
    try {
      listener(state, json);
    } catch {
      hub.listeners.delete(listener);
    }
  }
}

export function subscribeBoard(listener: (state: BoardState, json: string) => void): () => void {
  const hub = getHub();
  hub.publish = publishBoard;
  hub.listeners.add(listener);
  return () => hub.listeners.delete(listener);
}
