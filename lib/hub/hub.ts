import "server-only";
import type { BoardState } from "@/lib/model/board";
import type { LiveReading } from "@/lib/model/log-push";
import type { Reading } from "@/lib/model/probe";
import type { LoadedRunbook } from "@/lib/runbook/load-runbook";
import { processState } from "@/lib/runtime/process-state";

export type StorageStatus = {
  kind: string | null;
  ready: boolean;
  pending: number;
  lastError: string | null;
};

/** The pipeline's running parts as the rest of the process sees them. */
export type RunningCollector = { isRunning(): boolean; stop(): void };
export type RunningEventPush = { stop(): void };
/** The followed log streams: their live readings at a time, by the check each annotates. */
export type RunningLogPush = { stop(): void; read(nowMs: number): ReadonlyMap<string, LiveReading> };

/**
 * This process among the dashboards on one database (docs/replicas.md): the leader collects and writes,
 * followers serve the board it stores. Alone on an embedded database, the process simply leads.
 */
export type ReplicaStatus = {
  role: "leader" | "follower";
  since: Date;
  /** The leadership term (null: alone on an embedded database, or following). */
  epoch: number | null;
  /** Why the last term ended, if one did. */
  lastStepDown: string | null;
};

/** Server-wide collector state, kept in the process state (instrumentation and route handlers are separate bundles). */
export type Hub = {
  started: boolean;
  loaded: LoadedRunbook | null;
  collector: RunningCollector | null;
  /** Docker engine event streams (null without docker-container checks). */
  eventPush: RunningEventPush | null;
  /** Log streams of the primary containers (null without logPush in the runbook). */
  logPush: RunningLogPush | null;
  collectorError: string | null;
  latest: Map<string, Reading>;
  lastCycle: { number: number; startedAt: Date; finishedAt: Date } | null;
  storage: StorageStatus;
  /** Serialised once per cycle however many viewers listen. */
  listeners: Set<(state: BoardState, json: string) => void>;
  /** The board as last evaluated by the pipeline (immutable); routes serve it with the clock applied. */
  state: Readonly<BoardState> | null;
  /** Set by the pipeline: evaluates and pushes the board now (out of cycle); on a follower, asks the leader. */
  publish: (() => void) | null;
  replica: ReplicaStatus;
};

export function getHub(): Hub {
  return processState<Hub>("hub", () => ({
    started: false,
    loaded: null,
    collector: null,
    eventPush: null,
    logPush: null,
    collectorError: null,
    latest: new Map(),
    lastCycle: null,
    storage: { kind: null, ready: false, pending: 0, lastError: null },
    listeners: new Set(),
    state: null,
    publish: null,
    replica: { role: "follower", since: new Date(), epoch: null, lastStepDown: null },
  }));
}

/** A change made outside the cycle (a post, a rollback step): viewers see it now, not at the next cycle. */
export function requestPublish(): void {
  getHub().publish?.();
}
