import type { EngagementState, EscalationState, IncidentEventRecord, Severity } from "@/lib/model/incident";
import type { ConditionRung, EscalateRule, SeverityScale } from "@/lib/model/severity-scale-schema";

/** What the clocks read from the runbook's scale (lib/model/severity-scale-schema.ts). */
export type EscalationScale = Pick<SeverityScale, "escalate" | "ladder" | "levels"> & {
  conditionRungs?: readonly ConditionRung[];
};

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
  const engagedSince = timeline.filter((e) => e.kind === "engaged" && Date.parse(e.at) >= since);
  const engaged = new Set(engagedSince.map((e) => Number(e.data.atMinutes)));
  const engagedRungs = new Set(engagedSince.map((e) => e.data.rung).filter((r) => typeof r === "string"));
  const statusOf = (done: boolean, due: number) =>
    done ? "done" : nowMs < due ? "upcoming" : nowMs < due + GRACE_MS ? "due" : "overdue";
  const ladder: EngagementState[] = scale.ladder[incident.severity].map(({ atMinutes, who }) => {
    const due = since + atMinutes * 60_000;
    return {
      atMinutes,
      who,
      dueAt: new Date(due).toISOString(),
      status: statusOf(engaged.has(atMinutes), due),
    };
  });
  const conditional = (scale.conditionRungs ?? []).flatMap((r): EngagementState[] => {
    const when = conditionDue(r, scale.levels[incident.severity].resolveWithinMinutes, incident, since);
    if (!when) return [];
    return [
      {
        atMinutes: Math.max(0, Math.round((when.at - since) / 60_000)),
        who: r.who,
        rung: r.id,
        when: when.why,
        dueAt: new Date(when.at).toISOString(),
        status: statusOf(engagedRungs.has(r.id), when.at),
      },
    ];
  });
  const engagement = [...ladder, ...conditional];
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

const span = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`);

/**
 * When a condition rung falls due: the first of its conditions, the current level's resolution target
 * (counted from when the severity began, as the target's clock is) or the incident open `openMinutes`
 * (counted from its declaration). Null when none applies (no resolution target, no open time).
 */
function conditionDue(
  r: ConditionRung,
  resolveWithinMinutes: number | undefined,
  incident: { declaredAt: string },
  since: number,
): { at: number; why: string } | null {
  const options: { at: number; why: string }[] = [];
  if (r.resolveOverdue && resolveWithinMinutes !== undefined)
    options.push({
      at: since + resolveWithinMinutes * 60_000,
      why: `unresolved past ${span(resolveWithinMinutes)} (SLA)`,
    });
  if (r.openMinutes !== undefined)
    options.push({
      at: Date.parse(incident.declaredAt) + r.openMinutes * 60_000,
      why: `open ${span(r.openMinutes)}`,
    });
  if (options.length === 0) return null;
  const first = Math.min(...options.map((o) => o.at));
  return { at: first, why: options.map((o) => o.why).join(" or ") };
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
