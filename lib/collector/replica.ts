import "server-only";
import { errorText, type Pipeline, startPipeline } from "@/lib/collector/pipeline";
import { publishState } from "@/lib/collector/publish-board";
import { getDb } from "@/lib/db/client";
import { refreshLaunchRecord } from "@/lib/db/launch-cache";
import { type LeaderSession, startLeaderSession, type Term } from "@/lib/db/leader-session";
import { BOARD_CHANNEL, CHANGE_CHANNEL, requestLeaderPublish } from "@/lib/db/leadership";
import { readLatestBoard } from "@/lib/db/read-latest-board";
import type { StoredBoard } from "@/lib/db/types";
import type { Hub } from "@/lib/hub/hub";
import { refreshIncidents } from "@/lib/incidents/incident-section";
import type { BoardState } from "@/lib/model/board";
import type { Reading } from "@/lib/model/probe";
import type { Runbook } from "@/lib/model/runbook-schema";
import { refreshRollbackBoard } from "@/lib/rollback/server";
import { thisInstance } from "@/lib/runtime/instance";
import { log } from "@/lib/runtime/log";

export type Replica = { stop: () => Promise<void> };

/**
 * This process as one of several dashboards on one PostgreSQL (docs/replicas.md). It follows until its
 * session gets the leader lock: then it runs the pipeline under the term's epoch; when the session is lost
 * or the database refuses the term, it stops the pipeline and follows again. A follower never probes: it
 * serves the board the leader stores, read when the leader's NOTIFY says a new one is there, and passes
 * changes made on it (a vote, a rollback step) to the leader, which re-reads them and publishes.
 */
export function startReplica(hub: Hub, runbook: Runbook, url: string): Replica {
  const runbookId = runbook.id;
  let pipeline: Pipeline | null = null;
  // Role changes one at a time: a new term never starts before the last one has stopped.
  let turn: Promise<void> = Promise.resolve();
  const inTurn = (step: () => Promise<void> | void) => {
    turn = turn
      .then(step)
      .catch((err: unknown) => log().error({ event: "replica", err: errorText(err) }, "role change failed"));
  };

  const follow = (reason: string | null) => {
    hub.replica = {
      role: "follower",
      since: new Date(),
      epoch: null,
      lastStepDown: reason ?? hub.replica.lastStepDown,
    };
    hub.collector = { isRunning: () => hub.state?.collector.running ?? false, stop() {} };
    hub.publish = () => {
      void getDb()
        .then((db) => requestLeaderPublish(db, runbookId))
        .catch((err: unknown) =>
          log().warn({ event: "replica", err: errorText(err) }, "could not tell the leader"),
        );
    };
    boards.read();
  };

  const boards = followerBoards(hub, runbookId);
  const changes = coalesced(async () => {
    // What a follower changed is in the database: read it into this process's caches, then publish.
    await Promise.all([refreshLaunchRecord(runbookId), refreshIncidents(runbookId)]);
    await refreshRollbackBoard(runbookId);
  });

  const lead = (term: Term) =>
    inTurn(() => {
      if (!session.isLeader()) return;
      seedFromBoard(hub, hub.state);
      const firstCycle = Math.max(hub.state?.cycle?.number ?? 0, hub.lastCycle?.number ?? 0) + 1;
      hub.replica = {
        role: "leader",
        since: term.since,
        epoch: term.epoch,
        lastStepDown: hub.replica.lastStepDown,
      };
      log().info({ event: "replica-lead", epoch: term.epoch, firstCycle }, "leading the collection");
      pipeline = startPipeline(hub, runbook, {
        fence: { runbookId, epoch: term.epoch },
        firstCycle,
        onFenced: (reason) => session.abandon(reason),
      });
    });
  const stepDown = (reason: string) =>
    inTurn(async () => {
      log().warn({ event: "replica-step-down", epoch: hub.replica.epoch, reason }, "stepped down: following");
      const running = pipeline;
      pipeline = null;
      await running?.stop();
      follow(reason);
    });

  follow(null);
  const session: LeaderSession = startLeaderSession({
    url,
    runbookId,
    instanceId: thisInstance().id,
    tickMs: Math.min(runbook.collector.intervalMs, 1000),
    onLead: lead,
    onStepDown: stepDown,
    onConnected: () => boards.read(),
    onError: (message) => log().warn({ event: "replica" }, message),
    onNotification: (channel, payload) => {
      if (channel === BOARD_CHANNEL && hub.replica.role === "follower" && boardFor(payload) === runbookId)
        boards.read();
      if (channel === CHANGE_CHANNEL && hub.replica.role === "leader" && payload === runbookId) changes();
    },
  });

  return {
    // The last snapshots are written under the term before the lock is given up (then they would be fenced).
    async stop() {
      const running = pipeline;
      pipeline = null;
      await running?.stop();
      await session.stop();
    },
  };
}

/** A follower's board: the newest stored one (a later term, or a later evaluation within one). */
function followerBoards(hub: Hub, runbookId: string) {
  let held: { epoch: number; at: number } | null = null;
  const adopt = (stored: StoredBoard) => {
    const at = stored.evaluatedAt.getTime();
    if (held && (stored.epoch < held.epoch || (stored.epoch === held.epoch && at <= held.at))) return;
    held = { epoch: stored.epoch, at };
    const state = Object.freeze(stored.board);
    hub.state = state;
    const c = state.cycle;
    hub.lastCycle = c && {
      number: c.number,
      startedAt: new Date(c.startedAt),
      finishedAt: new Date(c.finishedAt),
    };
    publishState(hub, state);
  };
  const read = coalesced(async () => {
    const stored = await readLatestBoard(await getDb(), runbookId);
    if (stored && hub.replica.role === "follower") adopt(stored);
  });
  return { read };
}

/** Runs `work` one at a time; calls while it runs make exactly one more run after it. */
function coalesced(work: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    work()
      .catch((err: unknown) => log().warn({ event: "replica", err: errorText(err) }, "replica read failed"))
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}

function boardFor(payload: string): string | null {
  try {
    return (JSON.parse(payload) as { runbookId?: string }).runbookId ?? null;
  } catch {
    return null;
  }
}

/**
 * A new leader starts from the board it was serving: the readings on it are the last leader's, so its first
 * cycle logs a level change only where the level really changed (events are written once) and the
 * readings age honestly until they are replaced.
 */
function seedFromBoard(hub: Hub, board: Readonly<BoardState> | null): void {
  for (const c of board?.checks ?? []) {
    if (!c.collectedAt || c.stale || c.durationMs === null) continue;
    const own = hub.latest.get(c.id);
    if (own && Date.parse(own.collectedAt) >= Date.parse(c.collectedAt)) continue;
    const reading: Reading = {
      checkId: c.id,
      level: c.level,
      value: c.value,
      unit: c.unit,
      summary: c.summary,
      conditions: c.conditions,
      evidence: c.evidence,
      collectedAt: c.collectedAt,
      durationMs: c.durationMs,
      ...(c.gauge ? { gauge: c.gauge } : {}),
    };
    hub.latest.set(c.id, reading);
  }
}
