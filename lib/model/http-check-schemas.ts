import { z } from "zod";

// The HTTP checks' request and response matchers. The rollback's verification requests reuse them
// (actions-schema.ts), so they live apart from the runbook schema that also imports the actions.

export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

export const url = z.string().url("must be an absolute URL such as http://127.0.0.1:8000/health");

/**
 * Warning/critical levels for a numeric value. `above`: higher is worse (latency, error rate);
 * `below`: lower is worse (days of certificate left, product count).
 */
export const thresholdSchema = z
  .object({
    direction: z.enum(["above", "below"]),
    warn: z.number().optional(),
    crit: z.number().optional(),
    /** Where the numbers come from, e.g. "launch-day §3.4". Shown next to the gauge. */
    source: z.string().optional(),
  })
  .refine((t) => t.warn !== undefined || t.crit !== undefined, "needs at least one of warn or crit")
  .refine(
    (t) =>
      t.warn === undefined ||
      t.crit === undefined ||
      (t.direction === "above" ? t.warn <= t.crit : t.warn >= t.crit),
    "warn must be reached before crit (warn <= crit when direction is above, warn >= crit when below)",
  );
export type Threshold = z.infer<typeof thresholdSchema>;

/** A JSON field assertion, gatus-style: `path` is dotted (`catalog.total_products`, `products.0.name`). */
export const jsonAssertionSchema = z.object({
  path: z.string().min(1),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  exists: z.boolean().optional(),
  /** Level given when this assertion fails (default crit). */
  failLevel: z.enum(["warn", "crit"]).default("crit"),
});
export type JsonAssertion = z.infer<typeof jsonAssertionSchema>;

export const checkBase = {
  id,
  label: z.string().min(1),
  /** Owner domain (person id) shown on the tile; used by the launch flow. */
  owner: z.string().optional(),
  /** Runbook section the check comes from, e.g. "deploy §3 test 2". */
  source: z.string().optional(),
  timeoutMs: z.number().int().positive().max(60_000).optional(),
};

export const httpCheckSchema = z.object({
  ...checkBase,
  kind: z.literal("http"),
  url,
  method: z.enum(["GET", "HEAD"]).default("GET"),
  headers: z.record(z.string(), z.string()).optional(),
  expectStatus: z.array(z.number().int()).default([200]),
  json: z.array(jsonAssertionSchema).default([]),
  bodyContains: z.string().optional(),
  /**
   * The number shown on the tile: a JSON field, or the request latency when absent. `of` turns it into a
   * percentage of another field (DB pool checked_out of pool_size); `age` reads a timestamp and reports
   * how old it is (data_status.last_sync_at).
   */
  value: z
    .object({
      path: z.string(),
      unit: z.string().default(""),
      of: z.string().optional(),
      age: z.enum(["seconds", "minutes", "hours"]).optional(),
    })
    .refine((v) => !(v.of && v.age), "use either of or age, not both")
    .optional(),
  thresholds: thresholdSchema.optional(),
});

export const redirectCheckSchema = z.object({
  ...checkBase,
  kind: z.literal("redirect"),
  url,
  /** The Location must point to this host or a subdomain of it (never followed off this machine). */
  expectHost: z.string().min(1),
  expectParams: z.record(z.string(), z.string()).default({}),
});
