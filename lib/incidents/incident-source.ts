import type { ActiveIncident } from "@/lib/model/launch";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

// Incidents are tracked by lib/incidents; until a source is registered the gate says "not tracked".
type Source = () => ActiveIncident[];

export function setActiveIncidentSource(source: Source | null): void {
  setProcessState<Source>("incidents.source", source ?? undefined);
}

/** Active incidents, or null when nothing tracks them (unknown is not "none"). */
export function readActiveIncidents(): ActiveIncident[] | null {
  const source = peekProcessState<Source>("incidents.source");
  if (!source) return null;
  try {
    return source();
  } catch {
    return null;
  }
}
