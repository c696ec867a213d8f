import type { EngagementState, EscalationState, IncidentEventRecord, Severity } from "@/lib/model/incident";
import type { EscalateRule, SeverityScale } from "@/lib/model/severity-scale-schema";

/** What the clocks read from the runbook's scale (lib/model/severity-scale-schema.ts). */
export type EscalationScale = Pick<SeverityScale, "escalate" | "ladder" | "levels">;

/** "Due" lasts this long before it turns overdue. */
const GRACE_MS = 60_000;

/** When the current severity began: the last reclassification/escalation, else the declaration. */
export function severitySince(declaredAt: string, timeline: readonly IncidentEventRecord[]): number {
  const changes = timeline.filter((e) => e.kind === "reclassified" || e.kind === "escalated");
  return Date.parse(changes.at(-1)?.at ?? declaredAt);
}

const ruleFrom = (scale: Pick<EscalationScale, "escalate">, s: Severity) =>
  scale.escalate.find((r) => r.from === s);

/** The automatic escalation that is due now (or null), with the runbook rule behind it. Pure. */
export function dueEscalation(
  scale: Pick<EscalationScale, "escalate">,
  incident: { severity: Severity; declaredAt: string },
  timeline: readonly IncidentEventRecord[],
  nowMs: number,
): { from: Severity; to: Severity; at: number; rule: EscalateRule } | null {
  const rule = ruleFrom(scale, incident.severity);
  if (!rule) return null;
  const at = severitySince(incident.declaredAt, timeline) + rule.afterMinutes * 60_000;
  return nowMs >= at ? { from: incident.severity, to: rule.to, at, rule } : null;
}

/** The next escalation, the response targets and the engagement ladder with due/overdue/done. Pure. */
export function escalationState(
  scale: EscalationScale,
  incident: { severity: Severity; declaredAt: string },
  timeline: readonly IncidentEventRecord[],
  nowMs: number,
): EscalationState {
  const since = severitySince(incident.declaredAt, timeline);
  const rule = ruleFrom(scale, incident.severity);
  const nextAt = rule ? since + rule.afterMinutes * 60_000 : null;
  const engaged = new Set(
    timeline
      .filter((e) => e.kind === "engaged" && Date.parse(e.at) >= since)
      .map((e) => Number(e.data.atMinutes)),
  );
  const engagement: EngagementState[] = scale.ladder[incident.severity].map(({ atMinutes, who }) => {
    const step = { atMinutes, who };
    const due = since + step.atMinutes * 60_000;
    const status = engaged.has(step.atMinutes)
      ? "done"
      : nowMs < due
        ? "upcoming"
        : nowMs < due + GRACE_MS
          ? "due"
          : "overdue";
    return { ...step, dueAt: new Date(due).toISOString(), status };
  });
  return {
    next:
      rule && nextAt !== null
        ? {
            to: rule.to,
            at: new Date(nextAt).toISOString(),
            secondsRemaining: Math.ceil((nextAt - nowMs) / 1000),
          }
        : null,
    engagement,
    targets: responseTargets(scale, incident.severity, since, nowMs),
  };
}

/** The level's response and resolution targets as clocks from when the severity began. */
function responseTargets(
  scale: Pick<EscalationScale, "levels">,
  severity: Severity,
  since: number,
  nowMs: number,
) {
  const level = scale.levels[severity];
  const targets: { label: string; minutes: number | undefined }[] = [
    { label: "respond", minutes: level.respondWithinMinutes },
    { label: "resolve", minutes: level.resolveWithinMinutes },
  ];
  return targets.flatMap(({ label, minutes }) => {
    if (minutes === undefined) return [];
    const at = since + minutes * 60_000;
    return [
      { label, minutes, at: new Date(at).toISOString(), secondsRemaining: Math.ceil((at - nowMs) / 1000) },
    ];
  });
}
