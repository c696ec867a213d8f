import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { postmortemReadingSpan } from "@/lib/db/incident-postmortem-data";
import { type KeepSpan, type PruneResult, pruneReadings } from "@/lib/db/prune-readings";

export const DEFAULT_RETENTION_DAYS = 14;
/** Cycles per pruning transaction: ~20,000 readings with the preset's 43 checks. */
export const DEFAULT_PRUNE_BATCH = 500;
const DAY_MS = 86_400_000;
const FULL_VACUUM_EVERY_MS = 10 * 60_000;

export class RetentionConfigError extends Error {
  override name = "RetentionConfigError";
}

/** WARROOM_RETENTION_DAYS: how long raw readings are kept (default 14, at least 1). */
export function retentionDaysFrom(env: Record<string, string | undefined> = process.env): number {
  const raw = env.WARROOM_RETENTION_DAYS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isFinite(days) || days < 1) {
    throw new RetentionConfigError(
      `WARROOM_RETENTION_DAYS must be a number of days, at least 1 (got "${raw}")`,
    );
  }
  return days;
}

/** Every incident's post-mortem reads its readings: incidents are never pruned, nor are those readings. */
export async function incidentKeepSpans(db: PrismaClient, nowMs: number): Promise<KeepSpan[]> {
  const rows = await db.$queryRaw<{ declaredAt: Date; resolvedAt: Date | null; fired: Date | null }[]>`
    SELECT i."declaredAt", i."resolvedAt",
      (SELECT min(e."at") FROM "IncidentEvent" e WHERE e."incidentId" = i."id" AND e."kind" = 'rule-fired') AS fired
    FROM "Incident" i`;
  return rows.map((r) => {
    const span = postmortemReadingSpan(
      new Date(r.declaredAt).getTime(),
      r.resolvedAt ? new Date(r.resolvedAt).getTime() : null,
      r.fired ? new Date(r.fired).getTime() : null,
      nowMs,
    );
    return { from: new Date(span.from), to: span.to === null ? null : new Date(span.to) };
  });
}

export type RetentionOptions = {
  db: () => Promise<PrismaClient>;
  days: number;
  batch?: number;
  /** Between passes once nothing is left to prune. */
  everyMs?: number;
  /** Between batches while a backlog is pruned: the snapshot writer's transactions go in between. */
  backlogPauseMs?: number;
  /** The oldest reading something else still counts on (an uptime window), or null. */
  keepSince?: (nowMs: number) => Date | null;
  now?: () => number;
  onPruned?: (result: PruneResult) => void;
  onError?: (err: unknown) => void;
};

/**
 * Prunes raw readings older than the retention, one bounded batch per step, in the background: a step is one
 * short transaction, so a cycle's write waits at most for one batch. PGlite has no autovacuum, so the
 * pruned tables and the latest board (rewritten every few seconds) are vacuumed here.
 */
export function startRetention(o: RetentionOptions) {
  const batch = o.batch ?? DEFAULT_PRUNE_BATCH;
  const everyMs = o.everyMs ?? 60_000;
  const pauseMs = o.backlogPauseMs ?? 1_000;
  const now = o.now ?? Date.now;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let prunedSinceVacuum = false;
  let lastFullVacuumMs = Number.NEGATIVE_INFINITY;

  async function step(): Promise<PruneResult> {
    const db = await o.db();
    const nowMs = now();
    const keep = await incidentKeepSpans(db, nowMs);
    const since = o.keepSince?.(nowMs);
    if (since) keep.push({ from: since, to: null });
    const result = await pruneReadings(db, { before: new Date(nowMs - o.days * DAY_MS), keep, batch });
    if (result.cycles > 0 || result.details > 0) {
      prunedSinceVacuum = true;
      o.onPruned?.(result);
    }
    const backlog = result.cycles >= batch || result.details >= batch;
    // The pruned tables once a backlog is done, and then at most every 10 minutes (a minute's prune is small).
    const full = !backlog && prunedSinceVacuum && nowMs - lastFullVacuumMs >= FULL_VACUUM_EVERY_MS;
    await db.$executeRawUnsafe(
      full ? 'VACUUM "LatestBoard", "Snapshot", "ReadingDetail", "ReadingHour"' : 'VACUUM "LatestBoard"',
    );
    if (full) {
      prunedSinceVacuum = false;
      lastFullVacuumMs = nowMs;
    }
    return result;
  }

  function schedule(ms: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      step().then(
        (r) => schedule(r.cycles >= batch || r.details >= batch ? pauseMs : everyMs),
        (err) => {
          o.onError?.(err);
          schedule(everyMs);
        },
      );
    }, ms);
    timer.unref?.();
  }
  schedule(pauseMs);

  return {
    /** One step now (tests, the bench). */
    step,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
