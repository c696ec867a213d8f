import { NextResponse } from "next/server";
import { getHub } from "@/lib/hub/hub";
import { thisInstance } from "@/lib/runtime/instance";

export const dynamic = "force-dynamic";

/**
 * The dashboard's own health: is it collecting (a follower: is the leader's board it serves fresh), and is
 * it storing? `role` says whether this replica leads the collection, and since when (docs/replicas.md).
 */
export function GET() {
  const hub = getHub();
  const now = Date.now();
  const interval = hub.loaded?.runbook.collector.intervalMs ?? 5000;
  const lastCycleAt = hub.lastCycle?.finishedAt.getTime() ?? null;
  const collecting = lastCycleAt !== null && now - lastCycleAt < 3 * interval;
  const body = {
    status: collecting ? (hub.storage.ready && !hub.storage.lastError ? "ok" : "degraded") : "down",
    role: hub.replica.role,
    roleSince: hub.replica.since.toISOString(),
    replica: {
      instance: thisInstance().id,
      epoch: hub.replica.epoch,
      lastStepDown: hub.replica.lastStepDown,
    },
    runbook: hub.loaded ? { id: hub.loaded.runbook.id, source: hub.loaded.source } : null,
    collector: {
      running: hub.collector?.isRunning() ?? false,
      intervalMs: interval,
      lastCycle: hub.lastCycle?.number ?? null,
      lastCycleAgeMs: lastCycleAt === null ? null : now - lastCycleAt,
      lastError: hub.collectorError,
    },
    storage: hub.storage,
    viewers: hub.listeners.size,
  };
  return NextResponse.json(body, {
    status: collecting ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
