import "server-only";
import type Docker from "dockerode";
import { dockerMessage } from "@/lib/probes/infra/docker-client";
import { readStats, type StatsNumbers } from "@/lib/probes/infra/docker-stats";

/** Stats wait for two samples (1–2.5 s): never awaited by a probe, fetched in the background. */
const STATS_TIMEOUT_MS = 5000;
const KEY = "docker-stats";

export type StatsSample = (StatsNumbers | { error: string }) & { containerId: string; at: number };

class StatsCache {
  sample: StatsSample | undefined;
  inflight = false;
  lastStartedAt = Number.NEGATIVE_INFINITY;
}

/**
 * The last stats sample of this check's container (or none yet), and a background refresh started when
 * it is older than `everyMs` and none is running. A sample of another container (recreated) is dropped.
 */
export function latestStats(
  state: Map<string, unknown>,
  docker: Docker,
  containerId: string,
  everyMs: number,
  now: () => number,
): { sample: StatsSample | undefined; refreshing: boolean } {
  const existing = state.get(KEY);
  const cache = existing instanceof StatsCache ? existing : new StatsCache();
  state.set(KEY, cache);
  if (cache.sample && cache.sample.containerId !== containerId) cache.sample = undefined;
  const due = !cache.sample || now() - cache.sample.at >= everyMs;
  if (due && !cache.inflight && now() - cache.lastStartedAt >= Math.min(everyMs, 2000)) {
    refresh(cache, docker, containerId, now);
  }
  return { sample: cache.sample, refreshing: cache.inflight };
}

function refresh(cache: StatsCache, docker: Docker, containerId: string, now: () => number): void {
  cache.inflight = true;
  cache.lastStartedAt = now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), STATS_TIMEOUT_MS);
  timer.unref();
  // dockerode honours abortSignal here; its typings for stats() do not list it.
  const options = { stream: false as const, abortSignal: controller.signal };
  docker
    .getContainer(containerId)
    .stats(options)
    .then((raw: unknown) => ({ ...readStats(raw), containerId, at: now() }))
    .catch((err: unknown) => ({ error: `stats failed: ${dockerMessage(err)}`, containerId, at: now() }))
    .then((sample) => {
      cache.sample = sample;
    })
    .finally(() => {
      clearTimeout(timer);
      cache.inflight = false;
    });
}

/** Whether a background refresh is running (tests wait on it instead of sleeping). */
export function isStatsRefreshing(state: Map<string, unknown>): boolean {
  const cache = state.get(KEY);
  return cache instanceof StatsCache && cache.inflight;
}
