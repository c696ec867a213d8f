"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { postJson } from "@/components/launch/use-me";
import { CleanupTable } from "@/components/rollback/cleanup-table";
import { KIND_TEXT } from "@/components/rollback/run-kinds";
import type { RollbackPlan, RunKind } from "@/lib/model/rollback";

type Preview = { plan: RollbackPlan; canStart: { ok: boolean; reason?: string } };

async function fetchPlan(kind: RunKind, action?: string): Promise<Preview> {
  const query = `kind=${kind}${action ? `&action=${encodeURIComponent(action)}` : ""}`;
  const res = await fetch(`/api/rollback/plan?${query}`, { cache: "no-store" });
  const json = (await res.json().catch(() => ({}))) as Preview & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `/api/rollback/plan answered ${res.status}`);
  return json;
}

const short = (id: string) => id.replace(/^sha256:/, "").slice(0, 12);

function PlanTable({ plan }: { plan: RollbackPlan }) {
  return (
    <table className="w-full text-left text-base" data-testid="rollback-plan-services">
      <thead className="text-gray-400">
        <tr>
          <th className="pr-3">container</th>
          <th className="pr-3">now runs</th>
          <th className="pr-3">will run</th>
          <th>where that image came from</th>
        </tr>
      </thead>
      <tbody>
        {plan.services.map((s) => (
          <tr key={s.container} className="align-top">
            <td className="pr-3 font-mono">{s.container}</td>
            <td className="pr-3 font-mono">
              {s.current ? `${s.current.tag ?? short(s.current.id)} (${s.current.state})` : "missing"}
            </td>
            <td className="pr-3 font-mono font-bold text-white">
              {s.skipped ? "skipped" : s.target ? (s.target.tag ?? short(s.target.id)) : "same image"}
              <span className="block text-xs font-normal text-gray-400">
                {s.skipped
                  ? "left out"
                  : s.action === "recreate"
                    ? "recreated, same config"
                    : "started again"}
              </span>
            </td>
            <td className="text-sm text-gray-300" data-testid="rollback-plan-why">
              {s.skipped ?? s.target?.source ?? s.note ?? "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The exact plan, then a typed confirmation and a one-sentence reason. The server checks everything again. */
export function RollbackDialog({
  kind,
  action,
  title,
  onClose,
}: {
  kind: RunKind;
  /** A service action's id (kind service-action) and its label. */
  action?: string;
  title?: string;
  onClose: () => void;
}) {
  const preview = useQuery({
    queryKey: ["rollback-plan", kind, action],
    queryFn: () => fetchPlan(kind, action),
    staleTime: 0,
  });
  const [confirm, setConfirm] = useState("");
  const [reason, setReason] = useState("");
  const plan = preview.data?.plan;
  const text = KIND_TEXT[kind];
  // A service action carries its own word.
  const word = text.word || plan?.confirmWords[0] || "";
  const denied =
    preview.data && !preview.data.canStart.ok ? (preview.data.canStart.reason ?? "not yours to start") : null;
  const confirmed = !!plan && plan.confirmWords.includes(confirm.trim());
  const start = useMutation({
    mutationFn: (p: RollbackPlan) =>
      postJson(text.path, {
        confirm: confirm.trim(),
        reason: reason.trim(),
        planHash: p.planHash,
        ...(action ? { action } : {}),
      }),
    onSuccess: onClose,
    // The refusal may mean the plan changed under us (planHash): show the one the server holds now.
    onError: () => void preview.refetch(),
  });
  const busy = start.isPending;
  const ready = confirmed && reason.trim().length >= 8 && !busy && !plan?.blocked && !denied;
  // A native modal dialog: the page behind is inert (focus stays inside) and Esc cancels it. Unmounting
  // removes it from the top layer; closing it here would fire a close event the parent reads as Cancel.
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      onCancel={(e) => {
        if (busy) e.preventDefault();
      }}
      onClose={onClose}
      className="m-auto max-h-[calc(100vh-3rem)] w-full max-w-5xl overflow-y-auto rounded-xl border-2 border-crit bg-panel p-0 text-gray-200 backdrop:bg-black/70"
      aria-label={`${kind} plan`}
    >
      <div className="p-6" data-testid="rollback-dialog">
        <header className="flex items-baseline justify-between">
          <h2 className="text-3xl font-bold text-white">{title ?? text.title}</h2>
          <button
            type="button"
            className="rounded px-3 py-1 text-lg hover:bg-white/10 disabled:opacity-40"
            onClick={onClose}
            disabled={busy}
          >
            Cancel
          </button>
        </header>
        {preview.isLoading && <p className="mt-4 text-xl">Building the plan from the engine…</p>}
        {preview.error && <p className="mt-4 text-xl text-crit">{(preview.error as Error).message}</p>}
        {plan && (
          <>
            {plan.blocked ? (
              <p className="mt-4 text-xl text-crit" data-testid="rollback-blocked">
                Nothing to run: {plan.blocked}
              </p>
            ) : (
              <p className="mt-3 text-lg">
                Source: <b className="text-white">{plan.sourceDetail}</b>
              </p>
            )}
            <div className="mt-3">
              {plan.cleanup ? <CleanupTable cleanup={plan.cleanup} /> : <PlanTable plan={plan} />}
            </div>
            {denied && (
              <p className="mt-3 text-lg text-warn" data-testid="rollback-denied">
                {denied}
              </p>
            )}
            <ol
              className="mt-4 flex max-h-[32vh] flex-col gap-1 overflow-y-auto rounded border border-gray-700 p-2"
              data-testid="rollback-plan-steps"
            >
              {plan.steps.map((s, i) => (
                <li key={s.name} className={s.kind === "manual" ? "rounded border border-warn p-2" : ""}>
                  <span className="text-white">
                    {i + 1}. {s.name}
                  </span>
                  <code className="block break-all font-mono text-sm text-gray-400">$ {s.command}</code>
                  {s.warning && <p className="text-sm text-warn">⚠ {s.warning}</p>}
                </li>
              ))}
            </ol>
            {!plan.blocked && (
              <div className="mt-5 grid grid-cols-1 gap-3 md:grid-cols-2">
                <label className="flex flex-col gap-1 text-lg">
                  <span>
                    Type <b className="font-mono text-white">{word}</b>
                    {plan.confirmWords[1] && (
                      <>
                        {" "}
                        or <b className="font-mono text-white">{plan.confirmWords[1]}</b>
                      </>
                    )}{" "}
                    to confirm
                  </span>
                  <input
                    className="rounded border border-gray-600 bg-black px-3 py-2 font-mono text-xl text-white"
                    value={confirm}
                    onChange={(e) => setConfirm(e.target.value)}
                    autoComplete="off"
                    data-testid="rollback-confirm"
                  />
                </label>
                <label className="flex flex-col gap-1 text-lg">
                  Reason (one sentence, goes to the audit log)
                  <input
                    className="rounded border border-gray-600 bg-black px-3 py-2 text-xl text-white"
                    value={reason}
                    maxLength={300}
                    onChange={(e) => setReason(e.target.value)}
                    data-testid="rollback-reason"
                  />
                </label>
              </div>
            )}
            {start.error && (
              <p className="mt-3 text-lg text-crit" role="alert">
                {start.error.message}
              </p>
            )}
            {!plan.blocked && (
              <button
                type="button"
                disabled={!ready}
                onClick={() => plan && start.mutate(plan)}
                className="mt-4 rounded-lg bg-crit px-6 py-3 text-2xl font-bold text-white disabled:opacity-40"
                data-testid="rollback-go"
              >
                {busy ? "Starting…" : text.go}
              </button>
            )}
          </>
        )}
      </div>
    </dialog>
  );
}
