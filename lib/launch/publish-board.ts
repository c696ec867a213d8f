import "server-only";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { getHub } from "@/lib/collector/hub";

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
