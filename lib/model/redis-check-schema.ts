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
]);

// ── Host ─────────────────────────────────────────────────────────────────────────────────────────────
