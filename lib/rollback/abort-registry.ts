import { processState } from "@/lib/runtime/process-state";

/** Who asked a run to stop, and why (shown in its outcome and audited). */
export type AbortRequest = { by: string; reason: string };

type Entry = { controller: AbortController; request: AbortRequest | null };

function entries(): Map<string, Entry> {
  return processState("rollback.aborts", () => new Map<string, Entry>());
}

/** The executor registers its run while it executes in this process; the signal fires on abort. */
export function registerRun(runId: string): { signal: AbortSignal; request: () => AbortRequest | null } {
  const entry: Entry = { controller: new AbortController(), request: null };
  entries().set(runId, entry);
  return { signal: entry.controller.signal, request: () => entry.request };
}

export function unregisterRun(runId: string): void {
  entries().delete(runId);
}

/**
 * Asks the run to stop after its current step. Returns "not-here" when this process is not executing it
 * and "already" when someone asked before (the first request stands).
 */
export function requestAbort(runId: string, request: AbortRequest): "ok" | "already" | "not-here" {
  const entry = entries().get(runId);
  if (!entry) return "not-here";
  if (entry.request) return "already";
  entry.request = request;
  entry.controller.abort(new Error(`aborted by ${request.by}`));
  return "ok";
}
