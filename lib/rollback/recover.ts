import type Docker from "dockerode";
import type { Db } from "@/lib/db/client";
import type { AuditInput } from "@/lib/db/launch-types";
import type { RollbackRun } from "@/lib/db/rollback-runs";
import {
  finishRun,
  listRunningRuns,
  markStepInterrupted,
  markStepsNotRun,
  readRun,
} from "@/lib/db/rollback-runs";
import type { RollbackTarget } from "@/lib/model/rollback";
import { describeLiveState } from "@/lib/rollback/live-state";
import { type Instance, thisInstance } from "@/lib/runtime/instance";
import { processState } from "@/lib/runtime/process-state";

/** A heartbeat older than this means the owner stopped beating (it beats every 2 s). */
export const STALE_HEARTBEAT_MS = 15_000;

/** Runs this process is executing right now (they are never recovered from under themselves). */
export function liveRuns(): Set<string> {
  return processState("rollback.live-runs", () => new Set<string>());
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Why the run's owner is gone, or null if it may still be working. A pid is evidence only where it means
 * the same process (same boot, same pid namespace); a replica on another host or in another container is
 * judged by its heartbeat alone — its pid, looked up here, would name some unrelated process or none.
 */
export function ownerGoneReason(
  run: Pick<RollbackRun, "id" | "ownerPid" | "ownerInstance" | "ownerScope" | "heartbeatAt">,
  now: Date,
  self: Instance,
): string | null {
  if (liveRuns().has(run.id)) return null;
  const beat = run.heartbeatAt ? `last heartbeat ${run.heartbeatAt.toISOString()}` : "no heartbeat";
  if (run.ownerInstance === self.id)
    return `owner ${self.id} is this process, which no longer runs it (${beat})`;
  if (run.ownerScope === self.scope && run.ownerPid !== null) {
    // Our own pid but another instance: this process was restarted and got the same pid (containers).
    if (run.ownerPid === self.pid) return `owner process ${run.ownerPid} is this restarted process (${beat})`;
    if (!isPidAlive(run.ownerPid)) return `owner process ${run.ownerPid} is gone (${beat})`;
  }
  const age = run.heartbeatAt ? now.getTime() - run.heartbeatAt.getTime() : Number.POSITIVE_INFINITY;
  const who = run.ownerInstance ? `owner ${run.ownerInstance}` : `owner process ${run.ownerPid ?? "unknown"}`;
  if (age > STALE_HEARTBEAT_MS) return `${who} stopped beating (${beat}, ${Math.round(age / 1000)} s ago)`;
  return null;
}

/**
 * Why an orphaned run is marked `interrupted` and never resumed: the step in flight may or may not have
 * taken effect (a tag moved, a container renamed or half-created), minutes may have passed, and someone
 * may have acted by hand since. Repeating blindly could undo their fix; the lead re-confirms instead, on a
 * plan built from what the engine holds now (every step is idempotent against the live state).
 */
export const NOT_RESUMED_WHY =
  "not resumed: the step in flight may or may not have taken effect and the stack may have changed since; preview and confirm a new run, planned from the live state";

/** Marks every orphaned running run `interrupted` with its exact state (steps done, the one in flight, the engine now). */
export async function recoverOrphanedRuns(
  db: Db,
  docker: Docker,
  target: RollbackTarget | null,
  audit: (message: string, data: Record<string, string | number | null>) => AuditInput,
  now = new Date(),
  self: Instance = thisInstance(),
): Promise<string[]> {
  const recovered: string[] = [];
  for (const run of await listRunningRuns(db)) {
    const gone = ownerGoneReason(run, now, self);
    if (!gone) continue;
    const view = await readRun(db, run.id);
    const steps = view?.steps ?? [];
    const done = steps.filter((s) => s.status === "ok").map((s) => s.index + 1);
    const inFlight = steps.find((s) => s.status === "running");
    if (inFlight) {
      await markStepInterrupted(
        db,
        run.id,
        inFlight.index,
        `${inFlight.output}\nINTERRUPTED: the dashboard stopped while this step ran; its effect is unknown (see the run's outcome for the engine's state)`.trim(),
        now,
      );
    }
    const firstOpen = inFlight
      ? inFlight.index + 1
      : (steps.find((s) => s.status === "pending")?.index ?? steps.length);
    await markStepsNotRun(db, run.id, firstOpen, "skipped", "not run: the run was interrupted");
    const left = target ? await describeLiveState(docker, target) : "no Docker stack in the runbook";
    const at = inFlight
      ? `during step ${inFlight.index + 1} (${inFlight.name})`
      : `after step ${done.at(-1) ?? 0}`;
    const outcome = `interrupted ${at}: ${gone}. Steps done: ${done.length ? done.join(", ") : "none"}. Engine now — ${left}. ${NOT_RESUMED_WHY}`;
    const ok = await finishRun(
      db,
      run.id,
      {
        status: "interrupted",
        outcome,
        at: now,
        audit: audit(`${run.kind} ${run.id} interrupted`, { runId: run.id, outcome }),
      },
      run.heartbeatAt,
    );
    if (ok) recovered.push(run.id);
  }
  return recovered;
}
