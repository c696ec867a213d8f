import "server-only";
import { celeryInspect, dbOfRedisUrl } from "@/lib/probes/infra/celery-inspect";
import { noWorkerAnswered } from "@/lib/probes/infra/celery-measures";
import {
  type ProcessedSample,
  parseActiveQueues,
  parseStats,
  parseTasks,
  processedOf,
  processedRate,
  runningFor,
  statsIdentity,
} from "@/lib/probes/infra/celery-parse";
import type { RedisMeasure } from "@/lib/probes/infra/redis-probe";
import { finishResult, thresholdVerdict, unknownResult, verdict } from "@/lib/probes/result";

const STATS_KEY = "celery-processed";
const SEEN_KEY = "celery-active-first-seen";
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * `celery inspect stats`: every worker's counters in evidence; the value is tasks processed per minute
 * over the last windowSec (unknown on the first reading, and after a worker restarts).
 */
export const measureCeleryStats: RedisMeasure<"celery-stats"> = async (
  check,
  redis,
  { endpoint, evidence, ctx },
) => {
  const stats = parseStats(await celeryInspect(redis, dbOfRedisUrl(check.url), "stats", check.waitMs));
  if (stats.length === 0) {
    ctx.state.delete(STATS_KEY);
    return noWorkerAnswered("stats", endpoint, check.waitMs, evidence);
  }
  for (const s of stats) {
    const counters = Object.entries(s.total)
      .map(([task, n]) => `${task} ${n}`)
      .join(", ");
    evidence[s.worker] = `pid ${s.pid ?? "?"}, up ${s.uptime ?? "?"} s, processed: ${counters || "none"}`;
  }
  const processed = stats.reduce((a, s) => a + processedOf(s), 0);
  evidence.processedTotal = processed;
  const now: ProcessedSample = { at: ctx.now(), identity: statsIdentity(stats), processed };
  const kept = (ctx.state.get(STATS_KEY) as ProcessedSample[] | undefined) ?? [];
  const { keep, rate } = processedRate(kept, now, check.windowSec * 1000);
  ctx.state.set(STATS_KEY, keep);
  if (typeof rate === "string") {
    return unknownResult(
      `${plural(processed, "task")} processed by ${plural(stats.length, "worker")}; ${rate}`,
      evidence,
    );
  }
  Object.assign(evidence, { processedInWindow: rate.tasks, windowSec: Math.round(rate.seconds * 10) / 10 });
  return finishResult({
    verdicts: check.thresholds
      ? [thresholdVerdict("tasks processed per minute", rate.perMinute, "/min", check.thresholds)]
      : [],
    value: rate.perMinute,
    unit: "/min",
    evidence,
    okSummary: `${plural(rate.tasks, "task")} processed in the last ${Math.round(rate.seconds)} s (${rate.perMinute}/min; ${processed} since the workers started)`,
  });
};

/**
 * `celery inspect active_queues` and `active` (003: identify stuck tasks): how many workers consume
 * `queue` (none is critical: tasks only pile up), and the active tasks running longer than stuckAfterSec.
 */
export const measureCeleryQueues: RedisMeasure<"celery-queues"> = async (
  check,
  redis,
  { endpoint, evidence, ctx },
) => {
  const db = dbOfRedisUrl(check.url);
  const queues = parseActiveQueues(await celeryInspect(redis, db, "active_queues", check.waitMs));
  if (queues.size === 0) {
    return noWorkerAnswered("active_queues", endpoint, check.waitMs, evidence);
  }
  for (const [worker, names] of queues) evidence[`${worker} consumes`] = names.join(", ") || "nothing";
  const consumers = [...queues].filter(([, names]) => names.includes(check.queue)).map(([w]) => w);
  const active = parseTasks(await celeryInspect(redis, db, "active", check.waitMs));
  const running = runningFor(
    active,
    (ctx.state.get(SEEN_KEY) as Map<string, number>) ?? new Map(),
    ctx.now(),
  );
  ctx.state.set(SEEN_KEY, running.seen);
  const stuck = running.filter((r) => r.ms >= check.stuckAfterSec * 1000).sort((a, b) => b.ms - a.ms);
  running
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .forEach((r, i) => {
      evidence[`active ${i + 1}`] =
        `${r.task.name}[${r.task.id}] on ${r.task.worker}, running ≥ ${Math.round(r.ms / 1000)} s`;
    });
  evidence.active = running.length;
  const none = `no worker consumes queue ${check.queue} (${plural(queues.size, "worker")} answered): its tasks only pile up`;
  const oldest = stuck[0];
  const stuckWhy = oldest
    ? `${plural(stuck.length, "task")} running ≥ ${check.stuckAfterSec} s: ${oldest.task.name}[${oldest.task.id}] on ${oldest.task.worker} for ${Math.round(oldest.ms / 1000)} s`
    : "";
  return finishResult({
    verdicts: [
      verdict(
        `[consumers of ${check.queue}] >= 1`,
        String(consumers.length),
        consumers.length > 0,
        "crit",
        none,
      ),
      verdict(
        `[tasks running >= ${check.stuckAfterSec} s] == 0`,
        String(stuck.length),
        stuck.length === 0,
        "warn",
        stuckWhy,
      ),
    ],
    value: consumers.length,
    unit: "",
    evidence,
    okSummary: `${plural(consumers.length, "worker")} consume${consumers.length === 1 ? "s" : ""} ${check.queue} (${consumers.join(", ")}); ${plural(running.length, "active task")}, none running ≥ ${check.stuckAfterSec} s`,
  });
};

/** `celery inspect reserved`: tasks the workers prefetched and have not started. */
export const measureCeleryReserved: RedisMeasure<"celery-reserved"> = async (
  check,
  redis,
  { endpoint, evidence },
) => {
  const replies = await celeryInspect(redis, dbOfRedisUrl(check.url), "reserved", check.waitMs);
  if (Object.keys(replies).length === 0) {
    return noWorkerAnswered("reserved", endpoint, check.waitMs, evidence);
  }
  const tasks = parseTasks(replies);
  for (const worker of Object.keys(replies))
    evidence[`${worker} reserved`] = tasks.filter((t) => t.worker === worker).length;
  tasks.slice(0, 5).forEach((t, i) => {
    evidence[`reserved ${i + 1}`] = `${t.name}[${t.id}] on ${t.worker}`;
  });
  return finishResult({
    verdicts: check.thresholds
      ? [thresholdVerdict("reserved tasks", tasks.length, "", check.thresholds)]
      : [],
    value: tasks.length,
    unit: "",
    evidence,
    okSummary: `${plural(tasks.length, "reserved task")} on ${plural(Object.keys(replies).length, "worker")}`,
  });
};
