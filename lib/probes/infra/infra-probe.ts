import type { InfraCheckKind, InfraCheckOf } from "@/lib/model/infra-checks";
import type { ProbeContext, ProbeResult } from "@/lib/model/probe";

/** Same contract as `Probe<K>` in lib/probes/types.ts, typed against the infra schemas. */
export type InfraProbe<K extends InfraCheckKind> = (
  check: InfraCheckOf<K>,
  ctx: ProbeContext,
) => Promise<ProbeResult>;

/** Exhaustive: an infra kind without a probe fails to compile. */
export type InfraProbeRegistry = { [K in InfraCheckKind]: InfraProbe<K> };
