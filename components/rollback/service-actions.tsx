"use client";

import { useQuery } from "@tanstack/react-query";

type Listed = { serviceActions?: { id: string; label: string; confirm: string }[] };

async function fetchActions(): Promise<Listed> {
  const res = await fetch("/api/rollback/plan?kind=service-action", { cache: "no-store" });
  if (!res.ok) return {};
  return (await res.json().catch(() => ({}))) as Listed;
}

/** The runbook's service actions (restart postgres, recreate the worker …): one button each, for the lead. */
export function ServiceActionButtons({
  disabled,
  onOpen,
}: {
  disabled: boolean;
  onOpen: (action: { id: string; label: string }) => void;
}) {
  const listed = useQuery({ queryKey: ["service-actions"], queryFn: fetchActions, staleTime: 60_000 });
  const actions = listed.data?.serviceActions ?? [];
  if (actions.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="service-actions">
      <span className="text-gray-400">runbook actions:</span>
      {actions.map((a) => (
        <button
          key={a.id}
          type="button"
          title={a.label}
          className="rounded border border-gray-500 px-3 py-1 text-gray-200 disabled:opacity-40"
          disabled={disabled}
          onClick={() => onOpen(a)}
          data-testid={`service-action-${a.id}`}
        >
          {a.label.split(":")[0]}…
        </button>
      ))}
    </div>
  );
}
