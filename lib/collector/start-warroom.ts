import "server-only";
import { CredentialsError } from "@/lib/auth/credentials";
import { installForwardedGuard, ProxyListError, trustedProxies } from "@/lib/auth/forwarded-guard";
import { currentCredentials } from "@/lib/auth/launch-context";
import { readTokenFrom } from "@/lib/auth/read-gate";
import { purgeExpiredSessions } from "@/lib/auth/session-purge";
import { errorText, type Pipeline, startPipeline } from "@/lib/collector/pipeline";
import { type Replica, startReplica } from "@/lib/collector/replica";
import { closeDb, describeDb, getDb, resolveDbConfig } from "@/lib/db/client";
import { RetentionConfigError, retentionDaysFrom, startRetention } from "@/lib/db/retention";
import { getHub } from "@/lib/hub/hub";
import type { Runbook } from "@/lib/model/runbook-schema";
import { recoverRollbackAtStartup } from "@/lib/rollback/server";
import { loadRunbook, RunbookError } from "@/lib/runbook/load-runbook";
import { log } from "@/lib/runtime/log";
import { uptimeKeepSince } from "@/lib/uptime/uptime-engine";

/**
 * Start the collector once per server process: load and validate the runbook (a bad one stops the
 * process with the field named), collect on the interval, publish each cycle to live viewers and
 * write snapshots behind a buffer so a database outage never stops collection.
 */
export async function startWarroom(): Promise<void> {
  const hub = getHub();
  if (hub.started) return;
  hub.started = true;

  try {
    hub.loaded = loadRunbook();
  } catch (err) {
    const message = err instanceof RunbookError ? err.message : `Cannot load runbook: ${String(err)}`;
    refuseToStart(message);
  }
  const { runbook } = hub.loaded;
  const refusal = checkStartupConfig(runbook);
  if (refusal) {
    refuseToStart(refusal);
  }
  installForwardedGuard(trustedProxies(process.env.WARROOM_TRUSTED_PROXIES));

  const alone = resolveDbConfig().kind === "pglite";
  let pipeline: Pipeline | null = null;
  let replica: Replica | null = null;
  let retention: ReturnType<typeof startRetention> | undefined;
  let stopping = false;
  if (alone) {
    // An embedded database has one process: it leads, and nothing needs fencing.
    hub.replica = { role: "leader", since: new Date(), epoch: null, lastStepDown: null };
    pipeline = startPipeline(hub, runbook, { fence: null, firstCycle: 1, onFenced: () => {} });
  }

  // Opening the database is retried until it works: on PostgreSQL a replica joins only once it is open.
  const openStorage = () =>
    getDb()
      .then(async () => {
        const info = await describeDb();
        hub.storage.kind = info.kind;
        hub.storage.ready = true;
        hub.storage.lastError = null;
        // On PostgreSQL any number of dashboards may run: one leads, the others follow (docs/replicas.md).
        if (!alone && !stopping) replica = startReplica(hub, runbook, leaderSessionUrl());
        // A rollback left running by a dashboard that died is marked interrupted (docs/rollback.md).
        void recoverRollbackAtStartup(runbook);
        void getDb().then((db) => purgeExpiredSessions(db, new Date(), true));
        // Raw readings older than WARROOM_RETENTION_DAYS go, in bounded batches (docs/storage.md "Retention").
        // Safe on every replica (SKIP LOCKED, additive rollups); only one needs to.
        retention ??= startRetention({
          db: getDb,
          days: retentionDaysFrom(),
          keepSince: (nowMs) => uptimeKeepSince(runbook, nowMs),
          onError: (err) =>
            log().warn({ event: "retention-failed", error: errorText(err) }, "pruning failed"),
        });
      })
      .catch((err: unknown) => {
        hub.storage.lastError = errorText(err);
        if (err instanceof Error && err.name === "DataDirLockedError") {
          refuseToStart(err.message);
        }
        if (!stopping) setTimeout(openStorage, STORAGE_RETRY_MS).unref();
      });
  void openStorage();

  const shutdown = async (signal: string) => {
    stopping = true;
    retention?.stop();
    log().info(
      { event: "shutdown", signal, pendingSnapshots: pipeline?.pendingSnapshots() ?? 0 },
      "flushing snapshots and closing the database",
    );
    await pipeline?.stop();
    await replica?.stop();
    await closeDb().catch(() => {});
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

/**
 * The credential variables, validated once (and the passwords hashed now, so the first sign-in of the day
 * does not pay for everyone's). The error names the variable and the entry, never a secret.
 */
function checkStartupConfig(runbook: Runbook): string | null {
  try {
    currentCredentials(runbook);
    readTokenFrom(process.env);
    trustedProxies(process.env.WARROOM_TRUSTED_PROXIES);
    retentionDaysFrom();
    return null;
  } catch (err) {
    if (
      err instanceof CredentialsError ||
      err instanceof ProxyListError ||
      err instanceof RetentionConfigError
    ) {
      return err.message;
    }
    throw err;
  }
}

/** The reason names the variable or field, never a secret (the validators see to that). */
function refuseToStart(reason: string): never {
  log().fatal({ event: "refused-start" }, `refusing to start: ${reason}`);
  process.exit(1);
}

const STORAGE_RETRY_MS = 2000;

/** The leader's session goes straight to PostgreSQL: set it when DATABASE_URL goes through PgBouncer. */
function leaderSessionUrl(): string {
  return (process.env.WARROOM_LEADER_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim()) ?? "";
}
