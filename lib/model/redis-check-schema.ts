import { z } from "zod";
import { CHECK_BASE, optionalThresholds, thresholdsOr } from "@/lib/model/check-base";

const redisUrl = z.string().regex(/^rediss?:\/\//, "must be a URL like redis://127.0.0.1:6379/0");
const redisBase = { ...CHECK_BASE, kind: z.literal("redis"), url: redisUrl };

export const REDIS_MEASURES = [
  "ping",
  "memory",
  "hit-rate",
  "queue-length",
  "clients",
  "celery-workers",
  "celery-active",
  "fragmentation",
  "persistence",
  "celery-stats",
  "celery-queues",
  "celery-reserved",
] as const;

/** How long `celery inspect` waits for workers' replies (celery's own -t default: 1 s). */
const celeryWait = z.number().int().min(100).max(10_000).default(1000);

export const redisCheckSchema = z.discriminatedUnion("measure", [
  z.object({ ...redisBase, measure: z.literal("ping"), thresholds: optionalThresholds() }),
  z.object({
    ...redisBase,
    measure: z.literal("memory"),
    thresholds: thresholdsOr({
      direction: "above",
      warn: 70,
      crit: 85,
      source: "launch-day §3.4 Redis memory",
    }),
  }),
  z.object({ ...redisBase, measure: z.literal("hit-rate"), thresholds: optionalThresholds() }),
  z.object({
    ...redisBase,
    measure: z.literal("queue-length"),
    key: z.string().min(1),
    thresholds: optionalThresholds(),
  }),
  z.object({ ...redisBase, measure: z.literal("clients"), thresholds: optionalThresholds() }),
  z.object({
    ...redisBase,
    measure: z.literal("celery-workers"),
    /** Workers answering `celery inspect ping`; none answering is critical. */
    waitMs: celeryWait,
    thresholds: thresholdsOr({
      direction: "below",
      crit: 1,
      source: "celery inspect ping: no worker answers",
    }),
  }),
  z.object({
    ...redisBase,
    measure: z.literal("celery-active"),
    /** Tasks the workers report running (`celery inspect active`); unknown when no worker answers. */
    waitMs: celeryWait,
    thresholds: optionalThresholds(),
  }),
  z.object({
    ...redisBase,
    /** INFO memory's mem_fragmentation_ratio (RSS / used memory). */
    measure: z.literal("fragmentation"),
    /**
     * Below this many fragmented bytes the ratio is not judged: a nearly empty Redis has a high ratio that
     * means nothing (Redis' own active-defrag-ignore-bytes default, 100 MB).
     */
    ignoreBytes: z
      .number()
      .int()
      .nonnegative()
      .default(100 * 1024 * 1024),
    thresholds: thresholdsOr({
      direction: "above",
      warn: 1.5,
      source: "no level in 003: Redis' guidance (ratio > 1.5)",
    }),
  }),
  z.object({
    ...redisBase,
    /** INFO persistence: the RDB file's last save and its status; the value is its age in minutes. */
    measure: z.literal("persistence"),
    thresholds: optionalThresholds(),
  }),
  z.object({
    ...redisBase,
    /**
     * `celery inspect stats`: every worker's task counters; the value is tasks processed per minute over
     * the last windowSec (003 recovery: new tasks being processed).
     */
    measure: z.literal("celery-stats"),
    /** The rate is taken over this long (a few readings: tasks arrive in bursts of the beat's schedule). */
    windowSec: z.number().int().min(1).max(3600).default(60),
    waitMs: celeryWait,
    thresholds: optionalThresholds(),
  }),
  z.object({
    ...redisBase,
    /**
     * `celery inspect active_queues` and `active`: the workers consuming `queue` (the value; none is
     * critical) and the tasks running longer than stuckAfterSec (warning, with their details).
     */
    measure: z.literal("celery-queues"),
    queue: z.string().min(1).default("celery"),
    stuckAfterSec: z.number().int().positive().default(300),
    waitMs: celeryWait,
  }),
  z.object({
    ...redisBase,
    /** `celery inspect reserved`: tasks prefetched by the workers, waiting to run. */
    measure: z.literal("celery-reserved"),
    waitMs: celeryWait,
    thresholds: optionalThresholds(),
  }),
]);
