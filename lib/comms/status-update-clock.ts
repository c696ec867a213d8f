import type { Severity } from "@/lib/model/comms-schema";
import type { ActiveIncident, StatusUpdateClock } from "@/lib/model/launch";
import { statusUpdateDue } from "@/lib/rules/status-cadence";

const RANK: Record<Severity, number> = { P0: 0, P1: 1, P2: 2 };

function latest(a: string | null, b: string | null): string | null {
  if (!a || Number.isNaN(Date.parse(a))) return b;
  if (!b || Number.isNaN(Date.parse(b))) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** The incident the status updates are about: the most severe, then the longest running. */
export function leadingIncident(incidents: readonly ActiveIncident[] | null): ActiveIncident | null {
  if (!incidents || incidents.length === 0) return null;
  return [...incidents].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      (Date.parse(a.declaredAt ?? "") || Infinity) - (Date.parse(b.declaredAt ?? "") || Infinity),
  )[0] as ActiveIncident;
}

/**
 * When the next status update is due (incident §5.1), or null when no incident is active. Pure.
 * Incidents not tracked (null) also give null: the P0 "no active P1" gate already says so.
 */
export function statusUpdateClock(
  incidents: readonly ActiveIncident[] | null,
  lastPostedAt: string | null,
  cadenceMinutes: (severity: Severity) => number,
): StatusUpdateClock | null {
  const incident = leadingIncident(incidents);
  if (!incident) return null;
  const everyMinutes = cadenceMinutes(incident.severity);
  const lastPosted = latest(lastPostedAt, incident.lastStatusPostAt ?? null);
  const base = {
    severity: incident.severity,
    title: incident.title,
    declaredAt: incident.declaredAt ?? null,
    everyMinutes,
    lastPostedAt: lastPosted,
  };
  if (!incident.declaredAt || Number.isNaN(Date.parse(incident.declaredAt))) {
    return { ...base, declaredAt: null, dueAt: null, unknown: "the incident has no declaration time" };
  }
  // `now` does not change dueAt; only the due time is served, clients count down on their own clock.
  const due = statusUpdateDue(
    { declaredAt: incident.declaredAt, lastPostedAt: lastPosted },
    new Date(0),
    everyMinutes,
  );
  return {
    ...base,
    lastPostedAt: due.basis === "last-post" ? lastPosted : null,
    dueAt: due.dueAt,
    unknown: null,
  };
}
