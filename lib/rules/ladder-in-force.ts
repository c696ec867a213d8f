import type { Ladder, SeverityScale } from "@/lib/model/severity-scale-schema";

/** The launch window's bounds (lib/rules/screen-mode.ts launchWindowOf). */
export type WindowBounds = { opensMs: number; closesMs: number };

/**
 * The engagement ladder for an incident: the scale's own, or its launch-window ladder when the incident
 * was declared inside the launch window. `source` names the other runbook's ladder when that one is in
 * force, so the screen can say why the minutes differ from the scale's. Pure.
 */
export function ladderInForce(
  scale: Pick<SeverityScale, "ladder" | "launchWindowLadder">,
  declaredAt: string,
  window: WindowBounds | null,
): { ladder: Ladder; source: string | null } {
  const alt = scale.launchWindowLadder;
  const at = Date.parse(declaredAt);
  if (alt && window && at >= window.opensMs && at <= window.closesMs) {
    return { ladder: alt.ladder, source: `${alt.source}: declared in the launch window` };
  }
  return { ladder: scale.ladder, source: null };
}
