"use client";

import { useState } from "react";
import { postJson } from "@/components/launch/use-me";

/** The lead's abort, beside the running steps: the run stops after the step in progress. */
export function AbortRunButton({ runId }: { runId: string }) {
  const [state, setState] = useState<"idle" | "busy" | "asked">("idle");
  const [error, setError] = useState<string | null>(null);
  const abort = async () => {
    setState("busy");
    setError(null);
    try {
      await postJson("/api/rollback/abort", { runId });
      setState("asked");
    } catch (err) {
      setError((err as Error).message);
      setState("idle");
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        className="rounded-lg border-2 border-crit px-4 py-1 text-lg font-bold text-crit disabled:opacity-40"
        disabled={state !== "idle"}
        onClick={() => void abort()}
        data-testid="rollback-abort"
      >
        {state === "asked" ? "Stopping after this step…" : "Abort after this step"}
      </button>
      {error && (
        <span className="text-crit" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
