import { z } from "zod";
import { CHECK_BASE, id, type Threshold, thresholdSchema } from "@/lib/model/check-base";

export { id, type Threshold, thresholdSchema };

// The HTTP checks' request and response matchers. The rollback's verification requests reuse them
// (actions-schema.ts), so they live apart from the runbook schema that also imports the actions.

export const url = z.string().url("must be an absolute URL such as http://127.0.0.1:8000/health");

/** A JSON field assertion, gatus-style: `path` is dotted (`catalog.total_products`, `products.0.name`). */
export const jsonAssertionSchema = z.object({
  path: z.string().min(1),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  oneOf: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  exists: z.boolean().optional(),
  /** A number strictly below / above this (deploy §3 test 2: db_response_ms < 500; test 3: total > 0). */
  below: z.number().optional(),
  above: z.number().optional(),
  /** Level given when this assertion fails (default crit). */
  failLevel: z.enum(["warn", "crit"]).default("crit"),
});
export type JsonAssertion = z.infer<typeof jsonAssertionSchema>;

export const checkBase = CHECK_BASE;

export const httpCheckSchema = z.object({
  ...checkBase,
  kind: z.literal("http"),
  url,
  /** POST only for a read-only query that takes a body (004: POST /api/mcp/search with filters). */
  method: z.enum(["GET", "HEAD", "POST"]).default("GET"),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().min(1).optional(),
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
