"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DiskViewCard } from "@/components/disk/disk-view-card";
import { LEVEL_CLASSES, LEVEL_LABEL } from "@/components/format";
import { useMe } from "@/components/launch/use-me";
import { RollbackDialog } from "@/components/rollback/rollback-dialog";
import type { BoardState } from "@/lib/model/board";
import type { DiskView } from "@/lib/model/disk-view";

async function fetchDiskViews(): Promise<DiskView[]> {
  const res = await fetch("/api/disk", { cache: "no-store" });
  const json = (await res.json().catch(() => ({}))) as { views?: DiskView[]; error?: string };
  if (!res.ok) throw new Error(json.error ?? `/api/disk answered ${res.status}`);
  return json.views ?? [];
}

/** A signed-in person's look at the disk while no disk check is warn or crit (GET /api/disk, read-only). */
function OnDemandViews({ nowMs }: { nowMs: number }) {
  const views = useQuery({ queryKey: ["disk-views"], queryFn: fetchDiskViews, staleTime: 0 });
  if (views.isLoading) return <p className="text-gray-400">Walking the disk…</p>;
  if (views.error) return <p className="text-crit">{(views.error as Error).message}</p>;
  return (
    <div className="flex flex-col gap-4">
      {(views.data ?? []).map((v) => (
        <DiskViewCard key={v.checkId} view={v} nowMs={nowMs} />
      ))}
    </div>
  );
}

/**
 * What uses the disk: on the board for everyone while a disk check is warn or crit (the pipeline takes
 * the view), on request for the signed-in otherwise. The lead, and the owner the runbook names, get the
 * cleanup: the same confirmed, audited, one-at-a-time run as the rollback.
 */
export function DiskPanel({ state, nowMs }: { state: BoardState; nowMs: number }) {
  const me = useMe();
  const [asked, setAsked] = useState(false);
  const [cleaning, setCleaning] = useState(false);
  const person = me.data?.person;
  const slots = state.disk ?? [];
  const mayClean = person?.role === "lead" || person?.role === "owner";
  if (slots.length === 0 && !person) return null;
  const running = state.rollback?.run?.status === "running";
  return (
    <section className="rounded-xl bg-panel p-4" aria-label="disk view" data-testid="disk-panel">
      <header className="mb-2 flex flex-wrap items-center gap-3">
        <h2 className="text-xl font-bold text-white">Disk — what uses the space</h2>
        {slots.map((s) => {
          const level = state.checks.find((c) => c.id === s.checkId)?.level ?? "unknown";
          return (
            <span
              key={s.checkId}
              className={`rounded px-2 py-0.5 text-sm font-bold ${LEVEL_CLASSES[level].soft} ${LEVEL_CLASSES[level].text}`}
            >
              {s.label} {LEVEL_LABEL[level]}
            </span>
          );
        })}
        {slots.length === 0 && !asked && (
          <button
            type="button"
            className="rounded border border-gray-600 px-3 py-1"
            onClick={() => setAsked(true)}
            data-testid="disk-view-open"
          >
            Show the disk view
          </button>
        )}
        {mayClean && (
          <button
            type="button"
            className="rounded-lg border border-warn px-4 py-1 text-warn disabled:opacity-40"
            disabled={running}
            onClick={() => setCleaning(true)}
            data-testid="disk-cleanup-open"
          >
            Clean up…
          </button>
        )}
      </header>
      <div className="flex flex-col gap-4">
        {slots.map((s) =>
          s.view ? (
            <DiskViewCard key={s.checkId} view={s.view} nowMs={nowMs} />
          ) : (
            <p key={s.checkId} className="text-gray-400">
              {s.label}: taking the disk view…
            </p>
          ),
        )}
        {slots.length === 0 && asked && <OnDemandViews nowMs={nowMs} />}
      </div>
      {cleaning && <RollbackDialog kind="disk-cleanup" onClose={() => setCleaning(false)} />}
    </section>
  );
}
