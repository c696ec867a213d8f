import "server-only";
import { buildBoardState } from "@/lib/collector/build-board-state";
import { refreshDiskViews } from "@/lib/collector/disk-views";
import { getHub, type Hub } from "@/lib/hub/hub";
import type { BoardState } from "@/lib/model/board";

/**
 * The pipeline's evaluate step, and the only caller of buildBoardState: the readings in the hub become
 * one immutable board, kept in the hub. Every write the rules cause (rule-fired events, escalations)
 * happens here, once per cycle, per pushed reading or per change made outside the cycle; readers of the
 * board (routes, the request context) only read hub.state.
 */
export function evaluateBoard(hub: Hub = getHub(), now: Date = new Date()): Readonly<BoardState> | null {
  const state = buildBoardState(hub, now);
  hub.state = state ? Object.freeze(state) : null;
  // A disk check at warn or crit gets its disk view; it lands on the board with the next evaluation.
  if (state && hub.loaded) refreshDiskViews(hub.loaded.runbook, state.checks, now, () => hub.publish?.());
  return hub.state;
}

/** Sends the board to every live viewer, serialised once however many listen. */
export function publishState(hub: Hub, state: Readonly<BoardState>): void {
  if (hub.listeners.size === 0) return;
  const json = JSON.stringify(state);
  for (const listener of hub.listeners) {
    try {
      listener(state, json);
    } catch {
      hub.listeners.delete(listener);
    }
  }
}

/** A change outside the cycle (a vote, a post): evaluate now and push, so the TV does not wait a cycle. */
export function publishBoard(): void {
  const hub = getHub();
  const state = evaluateBoard(hub, new Date());
  if (state) publishState(hub, state);
}

export function subscribeBoard(listener: (state: BoardState, json: string) => void): () => void {
  const hub = getHub();
  hub.publish ??= publishBoard;
  hub.listeners.add(listener);
  return () => hub.listeners.delete(listener);
}
