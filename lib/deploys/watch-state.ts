import type { DeployRecord, ImageRef, SmokeRun } from "@/lib/model/deploy-watch";
import type { Sample } from "@/lib/rules/sustained";
import { processState } from "@/lib/runtime/process-state";

/** What the deploy watch keeps for the life of the process (the store keeps the records for good). */
export type WatchState = {
  /** The primary's image as last seen; null until the engine answered. */
  current: ImageRef | null;
  /** Set once the stored deploys were read: the baseline is the last recorded image, not today's start. */
  loaded: boolean;
  error: string | null;
  /** Newest first, at most RECENT. */
  recent: DeployRecord[];
  /** Post-deploy window samples, since the latest deploy: each go gate's status and the health check. */
  gateSamples: Map<string, Sample[]>;
  health: Sample[];
  /**
   * Health readings count toward the window's failure rule from here: the deploy itself, or, while the new
   * container's Docker health is still `starting` (its start period), its first health report. Null: not yet.
   */
  healthFrom: number | null;
};

export const RECENT = 6;

export function getWatchState(): WatchState {
  return processState<WatchState>("deploys.watch", () => ({
    current: null,
    loaded: false,
    error: null,
    recent: [],
    gateSamples: new Map(),
    health: [],
    healthFrom: null,
  }));
}

/** A new record goes on top; a deploy starts its window's samples over. */
export function addRecord(state: WatchState, record: DeployRecord): void {
  state.recent = [record, ...state.recent.filter((r) => r.id !== record.id)].slice(0, RECENT);
  state.current = record.to;
  if (record.kind === "deploy") {
    state.gateSamples = new Map();
    state.health = [];
    state.healthFrom = null;
  }
}

/** The primary's health is known (not `starting`): health failures count from `atMs` on, once per deploy. */
export function markHealthKnown(state: WatchState, atMs: number): void {
  state.healthFrom ??= atMs;
}

export function setSmoke(state: WatchState, deployId: string, smoke: SmokeRun): void {
  state.recent = state.recent.map((r) => (r.id === deployId ? { ...r, smoke } : r));
}
