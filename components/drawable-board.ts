import type { BoardState } from "@/lib/model/board";
import { LEVELS } from "@/lib/model/runbook-schema";

/**
 * A board the screens cannot draw truthfully is refused with what was wrong, instead of being drawn half
 * (a level without a colour would read as nothing wrong). The kiosk's error boundary shows the reason.
 */
export function assertDrawable(state: BoardState): BoardState {
  if (!Array.isArray(state.checks)) throw new Error("the board has no list of checks");
  for (const c of state.checks) {
    if (!(LEVELS as readonly string[]).includes(c.level)) {
      throw new Error(`check "${c.id}" has level "${String(c.level)}", not one of ${LEVELS.join(", ")}`);
    }
  }
  if (!state.launchFlow || !state.launch) throw new Error("the board has no launch section");
  return state;
}
