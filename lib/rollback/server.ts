import "server-only";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { getDb } from "@/lib/db/client";
import { listRunningRuns, listRuns, readRun } from "@/lib/db/rollback-runs";
import { requestPublish } from "@/lib/hub/hub";
import type { Runbook } from "@/lib/model/runbook-schema";
import { setRollbackBoard } from "@/lib/rollback/board-cache";
import { assertEngineReachable, connectDocker } from "@/lib/rollback/docker-engine";
import { liveRuns, STALE_HEARTBEAT_MS } from "@/lib/rollback/recover";
import type { RollbackEnv } from "@/lib/rollback/start-run";
import { recover } from "@/lib/rollback/start-run";
import { resolveActions } from "@/lib/rollback/target";
import { log } from "@/lib/runtime/log";

type Json = Parameters<typeof auditEntry>[5];

let refreshing: Promise<void> = Promise.resolve();

/** Re-reads the latest run into the board cache and pushes the board to every viewer; calls are serialised. */
export function refreshRollbackBoard(runbookId: string): Promise<void> {
  refreshing = refreshing.then(async () => {
    try {
      const db = await getDb();
      const [latest] = await listRuns(db, runbookId, 1);
      setRollbackBoard({ run: latest ?? null, error: null });
    } catch (err) {
      setRollbackBoard({
        run: null,
        error: `rollback runs unreadable: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
    requestPublish();
  });
  return refreshing;
}

const schedule = { running: false, again: false };

/** Coalesces bursts (a health wait's lines) into one refresh at a time, never dropping the last change. */
export function scheduleRefresh(runbookId: string): void {
  if (schedule.running) {
    schedule.again = true;
    return;
  }
  schedule.running = true;
  void refreshRollbackBoard(runbookId).finally(() => {
    schedule.running = false;
    if (schedule.again) {
      schedule.again = false;
      scheduleRefresh(runbookId);
    }
  });
}

/**
 * The executor's environment for a request by `actor`: the target comes from the loaded runbook's
 * actions (and the environment's overrides). The engine is checked first when the runbook names a stack.
 */
export async function rollbackEnv(
  runbook: Runbook,
  actor: Actor | null,
  meta: RequestMeta | null,
): Promise<RollbackEnv> {
  const runbookId = runbook.id;
  const { target, manual } = resolveActions(runbook.actions);
  const docker = connectDocker();
  // Service actions that only send requests need no engine.
  if (target && target.services.length > 0) await assertEngineReachable(docker);
  const db = await getDb();
  const m: RequestMeta = meta ?? {
    ip: null,
    userAgent: "warroom",
    origin: null,
    selfOrigin: "",
    secure: false,
    bearer: null,
    sessionToken: null,
  };
  return {
    db,
    docker,
    target,
    manual,
    runbookId,
    audit: (action, message, data) => auditEntry(runbookId, actor, m, action, message, data as Json),
    onChange: () => scheduleRefresh(runbookId),
  };
}

/**
 * At start-up: a run left `running` by a dead dashboard is marked interrupted; the board shows the latest.
 * A run whose owner may still be alive elsewhere (another replica, judged by its heartbeat) is looked at
 * again once that heartbeat could have gone stale, until no such run is left.
 */
export async function recoverRollbackAtStartup(runbook: Runbook): Promise<void> {
  const runbookId = runbook.id;
  try {
    const env = await rollbackEnv(runbook, null, null);
    const ids = await recover(env);
    if (ids.length)
      log().warn(
        { event: "rollback-recovered", runIds: ids },
        "marked interrupted rollback runs (owner process gone)",
      );
    const elsewhere = (await listRunningRuns(env.db)).filter((r) => !liveRuns().has(r.id));
    if (elsewhere.length > 0)
      setTimeout(() => void recoverRollbackAtStartup(runbook), STALE_HEARTBEAT_MS + 1000).unref();
  } catch (err) {
    log().warn(
      { event: "rollback-recovery-skipped", err: err instanceof Error ? err.message : String(err) },
      "rollback recovery skipped",
    );
  }
  await refreshRollbackBoard(runbookId);
}

export { readRun };
