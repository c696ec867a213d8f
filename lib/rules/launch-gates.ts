import type { ActiveIncident, CheckLevel, GateState, WaiverRecord } from "@/lib/model/launch";
import type { Gate } from "@/lib/model/launch-flow-schema";

const SEVERITY_RANK = { P0: 0, P1: 1, P2: 2 } as const;
const PASSING: readonly string[] = ["ok", "warn"];

/** The latest waiver of each gate. */
export function latestWaivers(waivers: readonly WaiverRecord[]): Map<string, WaiverRecord> {
  const byGate = new Map<string, WaiverRecord>();
  for (const w of [...waivers].sort((a, b) => a.id - b.id)) byGate.set(w.gateId, w);
  return byGate;
}

/**
 * A gate is red when any of its checks is crit or unknown (unknown is not green) or a warn it does not
 * accept, when it has nothing
 * live to judge it by, or when an incident of its severity is active or incidents are not tracked.
 * A waiver turns red into "waived" and keeps the reasons visible.
 */
export function evaluateGates(
  gates: readonly Gate[],
  checks: ReadonlyMap<string, CheckLevel>,
  waivers: readonly WaiverRecord[],
  incidents: readonly ActiveIncident[] | null,
): GateState[] {
  const waived = latestWaivers(waivers);
  return gates.map((gate) => {
    const evidence = gate.checks.map(
      (id): CheckLevel =>
        checks.get(id) ?? { id, label: id, level: "unknown", summary: "no reading for this check" },
    );
    const reasons = evidence
      .filter((c) => !(gate.accept ?? PASSING).includes(c.level))
      .map((c) => `${c.label}: ${c.level.toUpperCase()} — ${c.summary}`);
    if (gate.incident) {
      if (incidents === null) {
        reasons.push("incidents are not tracked here yet: cannot confirm none is active");
      } else {
        const limit = SEVERITY_RANK[gate.incident];
        for (const i of incidents.filter((x) => SEVERITY_RANK[x.severity] <= limit)) {
          reasons.push(`active ${i.severity} incident: ${i.title}`);
        }
      }
    } else if (gate.checks.length === 0) {
      reasons.push("not measured: no live check is configured for this gate");
    }
    const waiver = waived.get(gate.id) ?? null;
    const status = reasons.length === 0 ? "green" : waiver ? "waived" : "red";
    return {
      id: gate.id,
      label: gate.label,
      domain: gate.domain,
      source: gate.source ?? null,
      status,
      reasons,
      evidence,
      waiver,
    };
  });
}

/** Gates that block GO: red and not waived. */
export function blockingGates(gates: readonly GateState[]): GateState[] {
  return gates.filter((g) => g.status === "red");
}

/** The refusal's words: each blocking gate with why it is red. */
export function describeBlocking(gates: readonly GateState[]): string {
  return gates.map((g) => `P0 gate "${g.label}" (${g.id}) is red: ${g.reasons.join("; ")}`).join(" · ");
}
