import type { ActiveIncident } from "@/lib/model/launch";

// Incidents are tracked by lib/incidents; until a source is registered the gate says "not tracked".
const KEY = Symbol.for("warroom.launch.incidents");
type Source = () => ActiveIncident[];
type GlobalWithSource = typeof globalThis & { [KEY]?: Source };

export function setActiveIncidentSource(source: Source | null): void {
  const g = globalThis as GlobalWithSource;
  if (source) g[KEY] = source;
  else delete g[KEY];
}

/** Active incidents, or null when nothing tracks them (unknown is not "none"). */
export function readActiveIncidents(): ActiveIncident[] | null {
  const source = (globalThis as GlobalWithSource)[KEY];
  if (!source) return null;
  try {
    return source();
  } catch {
    return null;
  }
}
