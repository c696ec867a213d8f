import type { Severity, Template } from "@/lib/model/comms-schema";
import { STATUS_UPDATE_EVERY_MINUTES } from "@/lib/rules/status-cadence";

type WithTemplates = { templates?: readonly Template[] };

/** The runbook's communication templates, in runbook order. */
export function listTemplates(runbook: WithTemplates): readonly Template[] {
  return runbook.templates ?? [];
}

export function findTemplate(runbook: WithTemplates, id: string): Template | null {
  return listTemplates(runbook).find((t) => t.id === id) ?? null;
}

/**
 * Minutes between status updates for an incident of this severity: the shortest cadence among the
 * templates that repeat for it (the runbooks say 15 and 30; the stricter one wins), 15 when none does.
 */
export function statusCadenceMinutes(runbook: WithTemplates, severity: Severity): number {
  const minutes = listTemplates(runbook)
    .filter((t) => t.cadence?.severities.includes(severity))
    .map((t) => t.cadence?.everyMinutes ?? STATUS_UPDATE_EVERY_MINUTES);
  return minutes.length > 0 ? Math.min(...minutes) : STATUS_UPDATE_EVERY_MINUTES;
}
