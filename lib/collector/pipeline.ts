import "server-only";
import { createBoardSharer } from "@/lib/collector/board-share";
import { boardStoreGate } from "@/lib/collector/board-store-gate";
import { type Cycle, startCollector } from "@/lib/collector/collector";
import { startDeployWatch } from "@/lib/collector/deploy-watch-push";
import { describeCause, type PushCause, startDockerEventPush } from "@/lib/collector/docker-event-push";
import { startLogPush } from "@/lib/collector/log-push";
import { evaluateBoard, publishState } from "@/lib/collector/publish-board";
import { appendEvent } from "@/lib/db/append-event";
import { getDb } from "@/lib/db/client";
import { type Fence, FencedError, fencedWrite } from "@/lib/db/leadership";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import { createSnapshotWriter, DEFAULT_MAX_BUFFERED } from "@/lib/db/snapshot-writer";
import type { Hub } from "@/lib/hub/hub";
import type { Reading } from "@/lib/model/probe";
import type { Level, Runbook } from "@/lib/model/runbook-schema";
import { log } from "@/lib/runtime/log";
import { metrics } from "@/lib/runtime/metrics";

type LevelChange = { checkId: string; fromLevel: Level | null; toLevel: Level; message: string };

export type PipelineTerm = {
  /** The leadership term every write checks; null: the single embedded-database process, nothing to check. */
  fence: Fence | null;
  /** Number of the first cycle (a new leader continues the numbering of the board it served). */
  firstCycle: number;
  /** The database refused a write of this term: another replica leads now. */
  onFenced: (reason: string) => void;
};

export type Pipeline = { stop: () => Promise<void>; pendingSnapshots: () => number };

/**
 * The collector leader's work: collect → evaluate → store → publish, for as long as its term lasts. Writes
 * go behind a buffer so a database outage never stops collection. With a fence (PostgreSQL, replicas
 * possible) every write checks the term, and every board is shared with the followers; without one the
 * board is stored with its snapshot when it changed (board-store-gate.ts).
 */
export function startPipeline(hub: Hub, runbook: Runbook, term: PipelineTerm): Pipeline {
  const { fence } = term;
  let fenced = false;
  const refuse = (err: FencedError) => {
    if (fenced) return;
    fenced = true;
    log().warn({ event: "leader-fenced", epoch: fence?.epoch }, err.message);
    term.onFenced(err.message);
  };
  const snapshots = createSnapshotWriter({
    write: async (batch) => {
      try {
        await recordSnapshots(await getDb(), batch, fence);
      } catch (err) {
        // Refused for good: another replica leads; these cycles are its to record, not ours to retry.
        if (err instanceof FencedError) return refuse(err);
        throw err;
      }
      metrics().readingsWritten.inc(batch.reduce((n, s) => n + s.readings.length, 0));
    },
    onError: (err) => {
      hub.storage.lastError = errorText(err);
    },
  });
  // Every snapshot of this process carries one reading per check of the runbook.
  metrics().pendingReadings = () => snapshots.pending() * runbook.checks.length;
  const changes: LevelChange[] = [];
  const sharer =
    fence &&
    createBoardSharer(fence, {
      fenced: refuse,
      error: (err) => {
        hub.storage.lastError = errorText(err);
      },
    });
  let lastCycleId = "";

  /** Evaluate, push to this process's viewers, and hand the board to the followers. */
  const publishNow = (now = new Date()) => {
    const state = evaluateBoard(hub, now);
    if (!state) return null;
    publishState(hub, state);
    sharer?.share(state, hub.lastCycle?.number ?? term.firstCycle - 1, lastCycleId);
    return state;
  };
  const publish = () => void publishNow();
  hub.publish = publish;

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
    lastCycleId = cycle.id;
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
      board: sharer ? null : boardToStore(state, now.getTime()),
    });
    hub.storage.pending = snapshots.pending();
    if (state) {
      publishState(hub, state);
      sharer?.share(state, cycle.number, cycle.id);
    }
    void flushChanges();
  };

  // Level changes go to the append-only event log; kept in order and retried with the next cycle.
  let flushing = false;
  async function flushChanges() {
    if (flushing || fenced || changes.length === 0 || !hub.storage.ready) return;
    flushing = true;
    try {
      const db = await getDb();
      while (changes.length > 0) {
        const change = changes[0];
        if (!change) break;
        await fencedWrite(db, fence, (tx) => appendEvent(tx, { kind: "level-change", ...change }));
        changes.shift();
      }
    } catch (err) {
      if (err instanceof FencedError) refuse(err);
      else hub.storage.lastError = errorText(err);
    } finally {
      flushing = false;
    }
  }

  const collector = startCollector({
    runbook,
    onCycle,
    firstCycle: term.firstCycle,
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
  // Viewers get a board (every check "no reading yet", or the last leader's readings) before the first cycle ends.
  publish();
  // Container state/health changes reach viewers when the engine reports them; snapshots stay per cycle.
  const eventPush = startDockerEventPush({
    runbook,
    runCheck: (checkId) => collector.runCheck(checkId),
    onReading: (reading: Reading, cause: PushCause) => {
      accept(reading, describeCause(cause));
      publish();
      void flushChanges();
    },
  });
  hub.eventPush = eventPush;
  // The primary containers' logs: a live error rate that can raise its tiles at once (docs/log-push.md).
  const logPush = startLogPush({ runbook, onChange: publish });
  hub.logPush = logPush;

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

  return {
    pendingSnapshots: () => snapshots.pending(),
    async stop() {
      collector.stop();
      eventPush?.stop();
      logPush?.stop();
      deployWatch?.stop();
      if (hub.collector === collector) hub.collector = null;
      if (hub.eventPush === eventPush) hub.eventPush = null;
      if (hub.logPush === logPush) hub.logPush = null;
      if (hub.publish === publish) hub.publish = null;
      await Promise.race([snapshots.close(), new Promise((r) => setTimeout(r, 3000))]);
    },
  };
}

function startedAtMs(reading: Reading): number {
  return Date.parse(reading.collectedAt) - reading.durationMs;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
