import "server-only";
import type { Evidence, ProbeResult } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";
import { finishResult, unknownResult, verdict } from "@/lib/probes/result";

/** Why a measurement failed: `crit` when the target itself is down or refusing, `unknown` when we could not look. */
export type InfraFailure = {
  level: Extract<Level, "crit" | "unknown">;
  /** The gatus-style condition that failed, e.g. "[CONNECTED] == true". */
  condition: string;
  reason: string;
};

export function failedResult(failure: InfraFailure, evidence: Evidence = {}): ProbeResult {
  const withError = { ...evidence, error: failure.reason };
  if (failure.level === "unknown") return unknownResult(failure.reason, withError);
  return finishResult({
    verdicts: [verdict(failure.condition, failure.reason, false, "crit", failure.reason)],
    value: null,
    unit: null,
    evidence: withError,
    okSummary: failure.reason,
  });
}
