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

/** Why the run's owner is gone, or null if it may still be working. */
export function ownerGoneReason(
  run: Pick<RollbackRun, "id" | "ownerPid" | "heartbeatAt">,
  now: Date,
  selfPid: number,
): string | null {
  if (liveRuns().has(run.id)) return null;
  const beat = run.heartbeatAt ? `last heartbeat ${run.heartbeatAt.toISOString()}` : "no heartbeat";
  if (run.ownerPid === null) return `no owner process recorded (${beat})`;
  // Our own pid but not one of our runs: this process was restarted and got the same pid (containers).
  if (run.ownerPid === selfPid) return `owner process ${run.ownerPid} is this restarted process (${beat})`;
  if (!isPidAlive(run.ownerPid)) return `owner process ${run.ownerPid} is gone (${beat})`;
  const age = run.heartbeatAt ? now.getTime() - run.heartbeatAt.getTime() : Number.POSITIVE_INFINITY;
  if (age > STALE_HEARTBEAT_MS)
    return `owner process ${run.ownerPid} stopped beating (${beat}, ${Math.round(age / 1000)} s ago)`;
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
  selfPid = process.pid,
): Promise<string[]> {
  const recovered: string[] = [];
  for (const run of await listRunningRuns(db)) {
    const gone = ownerGoneReason(run, now, selfPid);
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
