import type { CommsPrompt, CommsPromptSpec } from "@/lib/model/comms-prompt-schema";
import type { IncidentEventRecord, Severity } from "@/lib/model/incident";

/** A timeline entry answers a prompt when it names it, or posts its template. */
function answers(spec: CommsPromptSpec, e: IncidentEventRecord): boolean {
  if (e.data.prompt === spec.id) return true;
  return spec.template !== undefined && e.kind === "status-post" && e.data.template === spec.template;
}

/**
 * The runbook's timed messages for the active incident: each is first due `afterMinutes` after the
 * declaration; a one-off is done once a timeline entry answers it, a repeating one is due again
 * `everyMinutes` after the last answer. Prompts for other severities are left out. Pure.
 */
export function commsPrompts(
  specs: readonly CommsPromptSpec[],
  incident: { severity: Severity; declaredAt: string },
  timeline: readonly IncidentEventRecord[],
  nowMs: number,
): CommsPrompt[] {
  const declared = Date.parse(incident.declaredAt);
  return specs
    .filter((s) => s.severities.includes(incident.severity))
    .map((spec): CommsPrompt => {
      const answered = timeline.filter((e) => Date.parse(e.at) >= declared && answers(spec, e));
      const last = answered.at(-1)?.at ?? null;
      const base = {
        id: spec.id,
        label: spec.label,
        to: spec.to ?? null,
        template: spec.template ?? null,
        lastAnsweredAt: last,
        source: spec.source ?? null,
      };
      if (last && spec.everyMinutes === undefined) return { ...base, dueAt: null, status: "done" };
      const first = (spec.afterMinutes ?? spec.everyMinutes ?? 0) * 60_000;
      const due = last ? Date.parse(last) + (spec.everyMinutes ?? 0) * 60_000 : declared + first;
      return { ...base, dueAt: new Date(due).toISOString(), status: nowMs >= due ? "due" : "upcoming" };
    });
}
