import "server-only";
import type { Redis } from "ioredis";
import type { RedisCheck } from "@/lib/model/infra-checks";
import type { Evidence, ProbeContext, ProbeResult } from "@/lib/model/probe";
import {
  measureCeleryQueues,
  measureCeleryReserved,
  measureCeleryStats,
} from "@/lib/probes/infra/celery-detail-measures";
import { measureCeleryActive, measureCeleryWorkers } from "@/lib/probes/infra/celery-measures";
import { elapsedSince, errorMessage } from "@/lib/probes/infra/deadline";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { endpointOf, redactUrl } from "@/lib/probes/infra/redact-url";
import {
  formatBytes,
  type HitCounters,
  hitCounters,
  hitRate,
  infoNumber,
  memoryUsage,
  parseRedisInfo,
} from "@/lib/probes/infra/redis-info";
import { measureFragmentation, measurePersistence } from "@/lib/probes/infra/redis-memory-measures";
import { withRedis } from "@/lib/probes/infra/redis-session";
import { finishResult, thresholdVerdict, unknownResult, verdict, withUnit } from "@/lib/probes/result";

export type RedisMeasureName = RedisCheck["measure"];
export type RedisCheckOf<M extends RedisMeasureName> = Extract<RedisCheck, { measure: M }>;
export type MeasureCtx = { endpoint: string; evidence: Evidence; ctx: ProbeContext };
export type RedisMeasure<M extends RedisMeasureName> = (
  check: RedisCheckOf<M>,
  redis: Redis,
  mc: MeasureCtx,
) => Promise<ProbeResult>;

const HITS_KEY = "redis-hit-counters";

const measurePing: RedisMeasure<"ping"> = async (check, redis, { endpoint, evidence }) => {
  const started = performance.now();
  const reply = await redis.ping();
  const ms = elapsedSince(started);
  evidence.latencyMs = ms;
  evidence.reply = reply;
  const pong = verdict(
    "[PING] == PONG",
    reply,
    reply === "PONG",
    "crit",
    `PING to ${endpoint} answered ${reply}`,
  );
  return finishResult({
    verdicts: [
      pong,
      ...(check.thresholds ? [thresholdVerdict("PING latency", ms, "ms", check.thresholds)] : []),
    ],
    value: ms,
    unit: "ms",
    evidence,
    okSummary: `PONG from ${endpoint} in ${withUnit(ms, "ms")}`,
  });
};

const measureMemory: RedisMeasure<"memory"> = async (check, redis, { endpoint, evidence }) => {
  const usage = memoryUsage(parseRedisInfo(await redis.info("memory")));
  if (usage.kind === "unreadable")
    return unknownResult(`INFO memory from ${endpoint} has no ${usage.field}`, evidence);
  evidence.usedMemory = formatBytes(usage.usedBytes);
  if (usage.kind === "no-limit") {
    evidence.maxmemory = 0;
    return unknownResult(
      `no maxmemory set on ${endpoint} (used ${formatBytes(usage.usedBytes)}); usage % has no limit to compare with`,
      evidence,
    );
  }
  evidence.maxmemory = formatBytes(usage.maxBytes);
  return finishResult({
    verdicts: [thresholdVerdict("Redis memory", usage.percent, "%", check.thresholds)],
    value: usage.percent,
    unit: "%",
    evidence,
    okSummary: `Redis memory ${withUnit(usage.percent, "%")} (${formatBytes(usage.usedBytes)} of ${formatBytes(usage.maxBytes)})`,
  });
};

/** Over the interval since the previous reading when there were lookups in it, else since the server started. */
const measureHitRate: RedisMeasure<"hit-rate"> = async (check, redis, { endpoint, evidence, ctx }) => {
  const fields = parseRedisInfo(await redis.info("stats"));
  const now = hitCounters(fields);
  if (now === null)
    return unknownResult(`INFO stats from ${endpoint} has no keyspace_hits/keyspace_misses`, evidence);
  const runId = fields.get("run_id") ?? "";
  const previous = ctx.state.get(HITS_KEY);
  ctx.state.set(HITS_KEY, { ...now, runId });
  let counters: HitCounters = now;
  evidence.window = "since start";
  if (isHitSample(previous) && previous.runId === runId) {
    const delta = { hits: now.hits - previous.hits, misses: now.misses - previous.misses };
    if (delta.hits >= 0 && delta.misses >= 0 && delta.hits + delta.misses > 0) {
      counters = delta;
      evidence.window = "since previous reading";
    }
  }
  Object.assign(evidence, { hits: counters.hits, misses: counters.misses });
  const rate = hitRate(counters);
  if (rate === null) return unknownResult(`no keyspace lookups on ${endpoint} yet (hit rate 0/0)`, evidence);
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict("hit rate", rate, "%", check.thresholds)] : [],
    value: rate,
    unit: "%",
    evidence,
    okSummary: `hit rate ${withUnit(rate, "%")} (${counters.hits} hits, ${counters.misses} misses ${evidence.window})`,
  });
};

const measureQueueLength: RedisMeasure<"queue-length"> = async (check, redis, { endpoint, evidence }) => {
  evidence.key = check.key;
  let length: number;
  try {
    length = await redis.llen(check.key);
  } catch (err) {
    const message = errorMessage(err);
    if (!/WRONGTYPE/.test(message)) throw err;
    return unknownResult(
      `key ${check.key} on ${endpoint} is not a list (${await redis.type(check.key)})`,
      evidence,
    );
  }
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict(`LLEN ${check.key}`, length, "", check.thresholds)] : [],
    value: length,
    unit: "",
    evidence,
    okSummary: `${length} item${length === 1 ? "" : "s"} queued in ${check.key}`,
  });
};

const measureClients: RedisMeasure<"clients"> = async (check, redis, { endpoint, evidence }) => {
  const fields = parseRedisInfo(await redis.info("clients"));
  const clients = infoNumber(fields, "connected_clients");
  if (clients === null)
    return unknownResult(`INFO clients from ${endpoint} has no connected_clients`, evidence);
  evidence.blockedClients = infoNumber(fields, "blocked_clients");
  evidence.maxclients = infoNumber(fields, "maxclients");
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict("connected clients", clients, "", check.thresholds)] : [],
    value: clients,
    unit: "",
    evidence,
    okSummary: `${clients} connected client${clients === 1 ? "" : "s"} on ${endpoint} (this probe included)`,
  });
};

const MEASURES: { [M in RedisMeasureName]: RedisMeasure<M> } = {
  ping: measurePing,
  memory: measureMemory,
  "hit-rate": measureHitRate,
  "queue-length": measureQueueLength,
  clients: measureClients,
  "celery-workers": measureCeleryWorkers,
  "celery-active": measureCeleryActive,
  fragmentation: measureFragmentation,
  persistence: measurePersistence,
  "celery-stats": measureCeleryStats,
  "celery-queues": measureCeleryQueues,
  "celery-reserved": measureCeleryReserved,
};

/** PING latency, memory %, hit rate, LLEN or connected clients; one short-lived connection per reading. */
export const probeRedis: InfraProbe<"redis"> = async (check, ctx) => {
  const endpoint = endpointOf(check.url, 6379);
  const evidence: Evidence = { url: redactUrl(check.url), measure: check.measure };
  const session = await withRedis(check.url, endpoint, ctx, (redis) =>
    dispatch(check, redis, { endpoint, evidence, ctx }),
  );
  if (!session.ok) return failedResult(session, evidence);
  return { ...session.value, evidence: { ...session.value.evidence, connectMs: session.connectMs } };
};

function dispatch<M extends RedisMeasureName>(check: RedisCheckOf<M>, redis: Redis, mc: MeasureCtx) {
  const measure: RedisMeasure<M> = MEASURES[check.measure];
  return measure(check, redis, mc);
}

function isHitSample(v: unknown): v is HitCounters & { runId: string } {
  return typeof v === "object" && v !== null && "hits" in v && "misses" in v && "runId" in v;
}
