import "server-only";
import type { BoardState } from "@/lib/board/types";
import type { Collector } from "@/lib/collector/collector";
import type { EventPush } from "@/lib/collector/docker-event-push";
import type { Reading } from "@/lib/probes/types";
import type { LoadedRunbook } from "@/lib/runbook/load-runbook";

export type StorageStatus = {
  kind: string | null;
  ready: boolean;
  pending: number;
  lastError: string | null;
};

/** Server-wide collector state. Lives on globalThis: instrumentation and route handlers are separate bundles. */
export type Hub = {
  started: boolean;
  loaded: LoadedRunbook | null;
  collector: Collector | null;
  /** Docker engine event streams (null without docker-container checks). */
  eventPush: EventPush | null;
  collectorError: string | null;
  latest: Map<string, Reading>;
  lastCycle: { number: number; startedAt: Date; finishedAt: Date } | null;
  storage: StorageStatus;
  /** Serialised once per cycle however many viewers listen. */
  listeners: Set<(state: BoardState, json: string) => void>;
};

const KEY = Symbol.for("warroom.hub");
type GlobalWithHub = typeof globalThis & { [KEY]?: Hub };

export function getHub(): Hub {
  const g = globalThis as GlobalWithHub;
  g[KEY] ??= {
    started: false,
    loaded: null,
    collector: null,
    eventPush: null,
    collectorError: null,
    latest: new Map(),
    lastCycle: null,
    storage: { kind: null, ready: false, pending: 0, lastError: null },
    listeners: new Set(),
  };
  return g[KEY];
}

export function subscribeBoard(listener: (state: BoardState, json: string) => void): () => void {
  const hub = getHub();
  hub.listeners.add(listener);
  return () => hub.listeners.delete(listener);
}
