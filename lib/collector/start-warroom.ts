import "server-only";
import { CredentialsError } from "@/lib/auth/credentials";
import { installForwardedGuard, ProxyListError, trustedProxies } from "@/lib/auth/forwarded-guard";
import { currentCredentials } from "@/lib/auth/launch-context";
import { readTokenFrom } from "@/lib/auth/read-gate";
import { purgeExpiredSessions } from "@/lib/auth/session-purge";
import { boardStoreGate } from "@/lib/collector/board-store-gate";
import { type Cycle, startCollector } from "@/lib/collector/collector";
import { startDeployWatch } from "@/lib/collector/deploy-watch-push";
import { describeCause, type PushCause, startDockerEventPush } from "@/lib/collector/docker-event-push";
import { startLogPush } from "@/lib/collector/log-push";
import { evaluateBoard, publishBoard, publishState } from "@/lib/collector/publish-board";
import { appendEvent } from "@/lib/db/append-event";
import { closeDb, describeDb, getDb } from "@/lib/db/client";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import { createSnapshotWriter, DEFAULT_MAX_BUFFERED } from "@/lib/db/snapshot-writer";
import { getHub } from "@/lib/hub/hub";
import type { Reading } from "@/lib/model/probe";
import type { Level, Runbook } from "@/lib/model/runbook-schema";
import { recoverRollbackAtStartup } from "@/lib/rollback/server";
import { loadRunbook, RunbookError } from "@/lib/runbook/load-runbook";
import { log } from "@/lib/runtime/log";
import { metrics } from "@/lib/runtime/metrics";

type LevelChange = { checkId: string; fromLevel: Level | null; toLevel: Level; message: string };

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

  const snapshots = createSnapshotWriter({
    write: async (batch) => {
      await recordSnapshots(await getDb(), batch);
      metrics().readingsWritten.inc(batch.reduce((n, s) => n + s.readings.length, 0));
    },
    onError: (err) => {
      hub.storage.lastError = errorText(err);
    },
  });
  // Every snapshot of this process carries one reading per check of the runbook.
  metrics().pendingReadings = () => snapshots.pending() * runbook.checks.length;
  const changes: LevelChange[] = [];
  hub.publish = publishBoard;

  const publish = () => {
    const now = new Date();
    const state = evaluateBoard(hub, now);
    if (state) publishState(hub, state);
  };

  /** Keeps the newest observation: a cycle reading that started before an event's re-read must not undo it. */
  const accept = (reading: Reading, note?: string) => {
    const previous = hub.latest.get(reading.checkId);
    if (previous && startedAtMs(previous) > startedAtMs(reading)) return;
    if (previous?.level !== reading.level) {
      const change = {
        checkId: reading.checkId,
        fromLevel: previous?.level ?? null,
        toLevel: reading.level,
        message: note ? `${reading.summary} (${note})` : reading.summary,
      };
      changes.push(change);
      log()[reading.level === "crit" ? "warn" : "info"](
        { event: "level-change", ...change },
        "check level changed",
      );
    }
    hub.latest.set(reading.checkId, reading);
  };

  const boardToStore = boardStoreGate();
  const onCycle = (cycle: Cycle) => {
    for (const reading of cycle.readings) accept(reading);
    hub.lastCycle = { number: cycle.number, startedAt: cycle.startedAt, finishedAt: cycle.finishedAt };
    // Evaluate, then store the board with its snapshot: the board already counts that snapshot as waiting.
    hub.storage.pending = Math.min(snapshots.pending() + 1, DEFAULT_MAX_BUFFERED);
    if (!snapshots.lastError()) hub.storage.lastError = null;
    const now = new Date();
    const state = evaluateBoard(hub, now);
    snapshots.enqueue({
      id: cycle.id,
      runbookId: runbook.id,
      cycle: cycle.number,
      startedAt: cycle.startedAt,
      finishedAt: cycle.finishedAt,
      readings: cycle.readings,
      board: boardToStore(state, now.getTime()),
    });
    hub.storage.pending = snapshots.pending();
    if (state) publishState(hub, state);
    void flushChanges();
  };

  // Level changes go to the append-only event log; kept in order and retried with the next cycle.
  let flushing = false;
  async function flushChanges() {
    if (flushing || changes.length === 0 || !hub.storage.ready) return;
    flushing = true;
    try {
      const db = await getDb();
      while (changes.length > 0) {
        const change = changes[0];
        if (!change) break;
        await appendEvent(db, { kind: "level-change", ...change });
        changes.shift();
      }
    } catch (err) {
      hub.storage.lastError = errorText(err);
    } finally {
      flushing = false;
    }
  }

  const collector = startCollector({
    runbook,
    onCycle,
    // A level change is pushed the moment its probe returns, not when the slowest probe of the cycle does:
    // detection time is then the wait for the next cycle plus that one probe.
    onReading: (reading) => {
      if (hub.latest.get(reading.checkId)?.level === reading.level) return;
      accept(reading);
      publish();
    },
    onError: (err) => {
      hub.collectorError = errorText(err);
    },
  });

  hub.collector = collector;
  // Viewers get a board (every check "no reading yet") before the first cycle ends.
  publish();
  // Container state/health changes reach viewers when the engine reports them; snapshots stay per cycle.
  hub.eventPush = startDockerEventPush({
    runbook,
    runCheck: (checkId) => collector.runCheck(checkId),
    onReading: (reading: Reading, cause: PushCause) => {
      accept(reading, describeCause(cause));
      publish();
      void flushChanges();
    },
  });

  // The primary containers' logs: a live error rate that can raise its tiles at once (docs/log-push.md).
  hub.logPush = startLogPush({ runbook, onChange: publish });

  // A new image on the primary: recorded, rollback state written, smoke suite run at once (docs/deploy-watch.md).
  const deployWatch = startDeployWatch({
    runbook,
    runCheck: (checkId) => collector.runCheck(checkId),
    onReading: (reading, note) => {
      accept(reading, note);
      void flushChanges();
    },
    publish,
  });

  getDb()
    .then(async () => {
      const info = await describeDb();
      hub.storage.kind = info.kind;
      hub.storage.ready = true;
      // A rollback left running by a dashboard that died is marked interrupted (docs/rollback.md).
      void recoverRollbackAtStartup(runbook);
      void getDb().then((db) => purgeExpiredSessions(db, new Date(), true));
    })
    .catch((err: unknown) => {
      hub.storage.lastError = errorText(err);
      if (err instanceof Error && err.name === "DataDirLockedError") {
        refuseToStart(err.message);
      }
    });

  const shutdown = async (signal: string) => {
    hub.collector?.stop();
    hub.eventPush?.stop();
    hub.logPush?.stop();
    deployWatch?.stop();
    log().info(
      { event: "shutdown", signal, pendingSnapshots: snapshots.pending() },
      "flushing snapshots and closing the database",
    );
    await Promise.race([snapshots.flush(), new Promise((r) => setTimeout(r, 3000))]);
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
    return null;
  } catch (err) {
    if (err instanceof CredentialsError || err instanceof ProxyListError) return err.message;
    throw err;
  }
}

/** The reason names the variable or field, never a secret (the validators see to that). */
function refuseToStart(reason: string): never {
  log().fatal({ event: "refused-start" }, `refusing to start: ${reason}`);
  process.exit(1);
}

function startedAtMs(reading: Reading): number {
  return Date.parse(reading.collectedAt) - reading.durationMs;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
