import { type InfraCheckKind, type InfraCheckOf, infraCheckSchema } from "@/lib/model/infra-checks";
import type { ProbeResult } from "@/lib/model/probe";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { INFRA_PROBES } from "@/lib/probes/infra/registry";

/**
 * Test-only stand-in for runProbe until the infra kinds join checkSchema: parse the check, give the probe
 * a signal that aborts at timeoutMs, and record how long it took. Unlike runProbe it does NOT cut off a
 * probe that ignores its deadline, so tests see such a probe hang instead of being rescued.
 */
export async function runInfraProbe(
  input: Record<string, unknown>,
  options: { timeoutMs?: number; state?: Map<string, unknown>; now?: () => number } = {},
): Promise<ProbeResult & { durationMs: number }> {
  const check = infraCheckSchema.parse({ id: "c", label: "c", ...input });
  const timeoutMs = options.timeoutMs ?? 3000;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`probe timed out after ${timeoutMs} ms`)),
    timeoutMs,
  );
  const started = performance.now();
  try {
    const result = await dispatch(check, {
      signal: controller.signal,
      timeoutMs,
      state: options.state ?? new Map(),
      now: options.now ?? Date.now,
    });
    return { ...result, durationMs: performance.now() - started };
  } finally {
    clearTimeout(timer);
    controller.abort(new Error("probe finished"));
  }
}

function dispatch<K extends InfraCheckKind>(check: InfraCheckOf<K>, ctx: Parameters<InfraProbe<K>>[1]) {
  const probe: InfraProbe<K> = INFRA_PROBES[check.kind];
  return probe(check, ctx);
}

/** Nothing in a result (summary, conditions, evidence) may contain this text. */
export function resultText(result: ProbeResult): string {
  return JSON.stringify(result);
}
