import { z } from "zod";
import { CHECK_BASE, thresholdSchema } from "@/lib/model/check-base";
import { url } from "@/lib/model/http-check-schemas";

// Two HTTP checks that judge a pair rather than one answer: the same call made twice (a cache answers the
// second), and a job's start and completion timestamps (a run started and never finished).

const request = {
  url,
  /** POST only for a read-only query that takes a body. */
  method: z.enum(["GET", "POST"]).default("GET"),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().min(1).optional(),
  expectStatus: z.array(z.number().int()).default([200]),
};

/**
 * The same request twice, one after the other: the value is the second's time as a % of the first's.
 * A working cache answers the second from memory (004 P1 cause A: "second should be faster").
 */
export const httpRepeatCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("http-repeat"),
  ...request,
  /** Both calls this fast or faster: the first was a cache answer too, so no comparison is owed. */
  fastMs: z.number().positive().default(50),
  thresholds: thresholdSchema.refine(
    (t) => t.direction === "above",
    "a slower second call is worse: use above",
  ),
});

const jsonPath = z.string().min(1);

/**
 * A job's newest start and completion as JSON timestamps: a start with no completion at or after it is a run
 * in progress, and one older than `maxMinutes` is hung (004 P0 cause E: "Sync started…", no "Sync completed"
 * for > 10 minutes). The value is how long the run in progress has been going, in minutes.
 */
export const httpRunCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("http-run"),
  url,
  headers: z.record(z.string(), z.string()).optional(),
  expectStatus: z.array(z.number().int()).default([200]),
  /** What the job is called in the summary ("sync"). */
  name: z.string().min(1).default("run"),
  startedPath: jsonPath,
  completedPath: jsonPath,
  maxMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
});
