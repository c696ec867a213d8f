import type { BoardState, CheckState } from "@/lib/model/board";
import { LEVELS, type Level } from "@/lib/model/runbook-schema";
import { describeStaleness } from "@/lib/rules/staleness";

export type CollectorStatus = { running: boolean; lastError: string | null };

/**
 * The evaluated board as it must be shown at `now`: a reading that has grown too old since the board was
 * evaluated is served as unknown with its age, so a stalled collector still shows stale. Pure.
 */
export function boardAt(state: Readonly<BoardState>, now: Date, collector: CollectorStatus): BoardState {
  const nowMs = now.getTime();
  const cause = collector.running ? "collector has not reported this check" : "collector stopped";
  const checks = state.checks.map((c): CheckState => {
    const stale = describeStaleness(c.collectedAt, nowMs, c.staleAfterMs, cause);
    if (!stale) return c;
    return { ...c, level: "unknown", value: null, summary: stale.reason, stale, gauge: null };
  });
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const c of checks) counts[c.level] += 1;
  return { ...state, serverNow: now.toISOString(), checks, counts, collector };
}
