"use client";

import { useState } from "react";
import { useMe } from "@/components/launch/use-me";
import type { BoardState } from "@/lib/model/board";
import type { RunKind } from "@/lib/model/rollback";
import { AbortRunButton } from "./abort-button";
import { RollbackRecommended } from "./recommended-banner";
import { RollbackDialog } from "./rollback-dialog";
import { KIND_TEXT } from "./run-kinds";
import { ServiceActionButtons } from "./service-actions";
import { RollbackStepLog } from "./step-log";

/** Board section: ROLLBACK RECOMMENDED, the lead's buttons (only Rex sees them) and the live step log. */
export function RollbackPanel({ state, nowMs }: { state: BoardState; nowMs: number }) {
  const me = useMe();
  const [open, setOpen] = useState<RunKind | null>(null);
  const [action, setAction] = useState<{ id: string; label: string } | null>(null);
  const isLead = me.data?.person?.role === "lead";
  const running = state.rollback?.run?.status === "running";
  const recommended = (state.triggers?.rollbackRecommended?.length ?? 0) > 0;
  if (!isLead && !state.rollback?.run && !recommended) return null;
  return (
    <div className="flex flex-col gap-3" data-testid="rollback-panel">
      <RollbackRecommended triggers={state.triggers} timeZone={state.launch.timeZone} />
      {isLead && (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className={`rounded-lg px-5 py-2 text-xl font-bold text-white disabled:opacity-40 ${recommended ? "bg-crit" : "bg-crit/60"}`}
            disabled={running}
            onClick={() => setOpen("rollback")}
            data-testid="rollback-open"
          >
            Roll back…
          </button>
          <button
            type="button"
            className="rounded-lg border border-warn px-4 py-2 text-lg text-warn disabled:opacity-40"
            disabled={running}
            onClick={() => setOpen("restart-api")}
            data-testid="restart-api-open"
          >
            Restart API container…
          </button>
          {running && <span className="text-gray-400">a run is in progress — one at a time</span>}
        </div>
      )}
      {isLead && (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="rollback-more">
          <span className="text-gray-400">last resort / DB restore / backup:</span>
          {(
            [
              "pause-us",
              "resume-us",
              "restart-stack",
              "stop-ingestion",
              "resume-ingestion",
              "backup",
            ] as const
          ).map((kind) => (
            <button
              key={kind}
              type="button"
              className="rounded border border-gray-500 px-3 py-1 text-gray-200 disabled:opacity-40"
              disabled={running}
              onClick={() => setOpen(kind)}
              data-testid={`${kind}-open`}
            >
              {KIND_TEXT[kind].go}…
            </button>
          ))}
        </div>
      )}
      {isLead && (
        <ServiceActionButtons
          disabled={running}
          onOpen={(a) => {
            setAction(a);
            setOpen("service-action");
          }}
        />
      )}
      {isLead && running && state.rollback?.run && <AbortRunButton runId={state.rollback.run.id} />}
      <RollbackStepLog board={state.rollback} nowMs={nowMs} />
      {open && (
        <RollbackDialog
          kind={open}
          {...(open === "service-action" && action ? { action: action.id, title: action.label } : {})}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
