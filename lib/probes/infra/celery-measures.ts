import "server-only";
import type { Evidence, ProbeResult } from "@/lib/model/probe";
import { celeryInspect, dbOfRedisUrl } from "@/lib/probes/infra/celery-inspect";
import type { RedisMeasure } from "@/lib/probes/infra/redis-probe";
import { finishResult, thresholdVerdict, unknownResult } from "@/lib/probes/result";

/** No worker replied to an inspect command within the wait: the board cannot tell, it does not guess. */
export function noWorkerAnswered(
  command: string,
  endpoint: string,
  waitMs: number,
  evidence: Evidence,
): ProbeResult {
  return unknownResult(
    `no celery worker answered inspect ${command} on ${endpoint} within ${waitMs} ms`,
    evidence,
  );
}

/** `celery inspect ping`: how many workers answer on this broker; zero is a reading (no worker alive). */
export const measureCeleryWorkers: RedisMeasure<"celery-workers"> = async (
  check,
  redis,
  { endpoint, evidence },
) => {
  const replies = await celeryInspect(redis, dbOfRedisUrl(check.url), "ping", check.waitMs);
  const workers = Object.keys(replies).sort();
  evidence.workers = workers.join(", ");
  evidence.waitedMs = check.waitMs;
  return finishResult({
    verdicts: [thresholdVerdict("celery workers answering ping", workers.length, "", check.thresholds)],
    value: workers.length,
    unit: "",
    evidence,
    okSummary: `${workers.length} celery worker${workers.length === 1 ? "" : "s"} answered ping on ${endpoint}: ${workers.join(", ")}`,
  });
};

/** `celery inspect active`: tasks running now, summed over the workers that answer. */
export const measureCeleryActive: RedisMeasure<"celery-active"> = async (
  check,
  redis,
  { endpoint, evidence },
) => {
  const replies = await celeryInspect(redis, dbOfRedisUrl(check.url), "active", check.waitMs);
  const perWorker = Object.fromEntries(
    Object.entries(replies).map(([worker, tasks]) => [worker, Array.isArray(tasks) ? tasks.length : 0]),
  );
  evidence.activeByWorker = Object.entries(perWorker)
    .map(([w, n]) => `${w}: ${n}`)
    .join(", ");
  if (Object.keys(perWorker).length === 0) {
    return noWorkerAnswered("active", endpoint, check.waitMs, evidence);
  }
  const active = Object.values(perWorker).reduce((a, b) => a + b, 0);
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict("active celery tasks", active, "", check.thresholds)] : [],
    value: active,
    unit: "",
    evidence,
    okSummary: `${active} active task${active === 1 ? "" : "s"} on ${Object.keys(perWorker).length} worker(s)`,
  });
};
