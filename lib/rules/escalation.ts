import type { EngagementState, EscalationState, IncidentEventRecord, Severity } from "@/lib/model/incident";

/** Incident §1: a P1 unresolved after 30 min is a P0; a P2 after 2 h is a P1. */
export const ESCALATE: Partial<Record<Severity, { to: Severity; afterMinutes: number }>> = {
  P1: { to: "P0", afterMinutes: 30 },
  P2: { to: "P1", afterMinutes: 120 },
};

/** Incident §4.2: who must be engaged by when, counted from the moment the current severity began. */
export const ENGAGEMENT: Record<Severity, { atMinutes: number; who: string }[]> = {
  P0: [
    { atMinutes: 0, who: "Rex acknowledges, posts to #incidents-critical" },
    { atMinutes: 5, who: "Bolt engaged on infra diagnosis" },
    { atMinutes: 10, who: "Domain owner (Sol/Link/Atlas) engaged" },
    { atMinutes: 20, who: "Vera notified (DM)" },
    { atMinutes: 30, who: "All-hands war room; consider public status update" },
  ],
  P1: [
    { atMinutes: 0, who: "Domain owner notified in #incidents" },
    { atMinutes: 10, who: "Rex engaged" },
    { atMinutes: 20, who: "Rex posts status to #us-launch-ops" },
  ],
  P2: [
    { atMinutes: 0, who: "Domain owner triages in #us-launch-ops" },
    { atMinutes: 30, who: "Rex aware (check-in comment)" },
  ],
};

/** "Due" lasts this long before it turns overdue. */
const GRACE_MS = 60_000;

/** When the current severity began: the last reclassification/escalation, else the declaration. */
export function severitySince(declaredAt: string, timeline: readonly IncidentEventRecord[]): number {
  const changes = timeline.filter((e) => e.kind === "reclassified" || e.kind === "escalated");
  return Date.parse(changes.at(-1)?.at ?? declaredAt);
}

/** The automatic escalation that is due now (or null). Pure. */
export function dueEscalation(
  incident: { severity: Severity; declaredAt: string },
  timeline: readonly IncidentEventRecord[],
  nowMs: number,
): { from: Severity; to: Severity; at: number } | null {
  const rule = ESCALATE[incident.severity];
  if (!rule) return null;
  const at = severitySince(incident.declaredAt, timeline) + rule.afterMinutes * 60_000;
  return nowMs >= at ? { from: incident.severity, to: rule.to, at } : null;
}

/** The next escalation and the engagement ladder with due/overdue/done. Pure. */
export function escalationState(
  incident: { severity: Severity; declaredAt: string },
  timeline: readonly IncidentEventRecord[],
  nowMs: number,
): EscalationState {
  const since = severitySince(incident.declaredAt, timeline);
  const rule = ESCALATE[incident.severity];
  const nextAt = rule ? since + rule.afterMinutes * 60_000 : null;
  const engaged = new Set(
    timeline
      .filter((e) => e.kind === "engaged" && Date.parse(e.at) >= since)
      .map((e) => Number(e.data.atMinutes)),
  );
  const engagement: EngagementState[] = ENGAGEMENT[incident.severity].map((step) => {
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
  };
}
