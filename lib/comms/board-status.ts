import type { CommsCheck, CommsIncident } from "@/lib/model/comms";
import { worstLevel } from "@/lib/rules/levels";

export type Derived = { value: string } | { unknown: string };

export const STATUS_COLOURS = { GREEN: "🟢", YELLOW: "🟡", RED: "🔴" } as const;
export type StatusColour = keyof typeof STATUS_COLOURS;

function labelsOf(checks: readonly CommsCheck[]): string {
  return checks.map((c) => c.label).join(", ");
}

/**
 * GREEN/YELLOW/RED: RED on any critical check or an active P0/P1; otherwise a check without a trustworthy
 * reading makes the colour unknown, since it could hide a red.
 */
export function statusColour(checks: readonly CommsCheck[], incident: CommsIncident | null): Derived {
  if (checks.length === 0) return { unknown: "no checks to judge" };
  const worst = worstLevel(checks.map((c) => c.level));
  const severity = incident && !incident.resolvedAt ? incident.severity : null;
  if (worst === "crit" || severity === "P0" || severity === "P1") return { value: "RED" };
  const unknown = checks.filter((c) => c.level === "unknown");
  if (unknown.length > 0) return { unknown: `no current reading for ${labelsOf(unknown)}` };
  if (worst === "warn" || severity === "P2") return { value: "YELLOW" };
  return { value: "GREEN" };
}

/** Incident §5.1: 🔴 DOWN (P0) / 🟡 DEGRADED (P1, P2) / 🟢 RECOVERING once every listed check is ok. */
export function incidentStatus(checks: readonly CommsCheck[], incident: CommsIncident | null): Derived {
  if (!incident) return { unknown: "no active incident" };
  if (checks.length > 0 && checks.every((c) => c.level === "ok")) return { value: "🟢 RECOVERING" };
  return { value: incident.severity === "P0" ? "🔴 DOWN" : "🟡 DEGRADED" };
}

/** "API /health: connection refused; P99 latency: 3400 ms > 2000 ms" — what the board says is wrong. */
export function failingChecks(checks: readonly CommsCheck[], okText: string): Derived {
  if (checks.length === 0) return { unknown: "no checks to judge" };
  const failing = checks.filter((c) => c.level !== "ok");
  if (failing.length === 0) return { value: okText };
  return { value: failing.map((c) => `${c.label}: ${c.summary}`).join("; ") };
}
