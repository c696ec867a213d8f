"use client";

import { useMutation } from "@tanstack/react-query";
import { postJson } from "@/components/launch/use-me";

/** The lead's abort, beside the running steps: the run stops after the step in progress. */
export function AbortRunButton({ runId }: { runId: string }) {
  const abort = useMutation({ mutationFn: () => postJson("/api/rollback/abort", { runId }) });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        className="rounded-lg border-2 border-crit px-4 py-1 text-lg font-bold text-crit disabled:opacity-40"
        disabled={abort.isPending || abort.isSuccess}
        onClick={() => abort.mutate()}
        data-testid="rollback-abort"
      >
        {abort.isSuccess
          ? "Stopping after this step…"
          : abort.isPending
            ? "Asking to stop…"
            : "Abort after this step"}
      </button>
      {abort.error && (
        <span className="text-crit" role="alert">
          {abort.error.message}
        </span>
      )}
    </div>
  );
}
