import type { IncidentEventRecord, RollbackRecommendation, Severity } from "@/lib/model/incident";
import type { IncidentRollbackRule } from "@/lib/model/incident-rules-schema";

const RANK: Record<Severity, number> = { P0: 0, P1: 1, P2: 2 };
const isSeverity = (v: unknown): v is Severity => v === "P0" || v === "P1" || v === "P2";

/**
 * Since when the incident has been at `atLeast` or worse without a break (declared, reclassified and
 * escalated events give its severity over time), or null when it is not now. A P1 escalated to P0 keeps
 * its start: it is still the P1 that went unresolved.
 */
export function atSeveritySince(
  incident: { severity: Severity; declaredAt: string },
  timeline: readonly IncidentEventRecord[],
  atLeast: Severity,
): number | null {
  const isBad = (s: Severity) => RANK[s] <= RANK[atLeast];
  const changes = timeline.filter((e) => e.kind === "reclassified" || e.kind === "escalated");
  const declared = timeline.find((e) => e.kind === "declared")?.data.severity;
  const first = changes[0]?.data.from;
  const initial: Severity = isSeverity(declared) ? declared : isSeverity(first) ? first : incident.severity;
  let since: number | null = isBad(initial) ? Date.parse(incident.declaredAt) : null;
  for (const e of changes) {
    const to = e.data.to;
    if (!isSeverity(to)) continue;
    if (isBad(to) && since === null) since = Date.parse(e.at);
    if (!isBad(to)) since = null;
  }
  return isBad(incident.severity) ? since : null;
}

/** The incident rules that recommend a rollback now (the active incident unresolved too long). Pure. */
export function incidentRollbackRecommendations(
  rules: readonly IncidentRollbackRule[],
  incident: { title: string; severity: Severity; declaredAt: string } | null,
  timeline: readonly IncidentEventRecord[],
  nowMs: number,
): RollbackRecommendation[] {
  if (!incident) return [];
  return rules.flatMap((rule) => {
    const since = atSeveritySince(incident, timeline, rule.atLeast);
    if (since === null) return [];
    const dueAt = since + rule.afterMinutes * 60_000;
    if (nowMs < dueAt) return [];
    const worse = rule.atLeast === "P0" ? "" : " or worse";
    return [
      {
        ruleId: rule.id,
        label: rule.label,
        level: "crit" as const,
        source: rule.source ?? null,
        condition: `incident "${incident.title}" at ${rule.atLeast}${worse} unresolved for ${rule.afterMinutes} min (since ${new Date(since).toISOString().slice(11, 16)} UTC)`,
        firedAt: new Date(dueAt).toISOString(),
        samples: [],
        sampleCount: 0,
      },
    ];
  });
}
