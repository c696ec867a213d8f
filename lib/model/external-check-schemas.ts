import { z } from "zod";
import { CHECK_BASE, envName, optionalThresholds } from "@/lib/model/check-base";

const apiBase = z
  .string()
  .url("must be an absolute URL such as https://sentry.io")
  .refine((u) => /^https?:$/.test(new URL(u).protocol), "must be http(s)");

/**
 * How often the other system is asked at most; between two requests the last answer is served again
 * with its own time. Sentry and GA4 count requests against a quota, the collector polls every few seconds.
 */
const minIntervalSec = z.number().int().min(5).max(3600).default(60);

/**
 * Sentry issues matching a search (launch-day §3.1: a new UnhandledPromiseRejection with > 50
 * occurrences). The value is the largest event count among the matching issues first seen within
 * `newWithinHours`. The auth token is never in the runbook: `tokenEnv` names the environment variable
 * that holds it, and without it the reading is unknown with that reason.
 */
export const sentryCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("sentry"),
  /** Sentry's API base, e.g. https://sentry.io (a self-hosted Sentry has its own). */
  url: apiBase,
  org: z.string().min(1),
  project: z.string().min(1),
  /** Sentry's issue search, e.g. "UnhandledPromiseRejection". */
  query: z.string().min(1),
  newWithinHours: z.number().int().positive().max(720).default(24),
  tokenEnv: envName,
  minIntervalSec,
  thresholds: optionalThresholds(),
});

/**
 * One event of GA4's real-time report (launch-day §3.3). `rate`: the event's count per minute over the
 * last `minutes`; `trend`: the count of the last half of the window against the half before, as a change
 * in % (above 0: trending up). The OAuth access token is named by `tokenEnv`, as for Sentry.
 */
export const ga4CheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("ga4"),
  /** The Data API's base, https://analyticsdata.googleapis.com. */
  url: apiBase,
  /** The GA4 property id (digits). */
  property: z.string().regex(/^\d+$/, "must be the numeric GA4 property id"),
  event: z.string().min(1),
  measure: z.enum(["rate", "trend"]).default("rate"),
  /** Real-time reports reach 29 minutes back at most (30 with GA4 360); a trend splits the window in two. */
  minutes: z.number().int().min(1).max(30).default(5),
  tokenEnv: envName,
  minIntervalSec,
  thresholds: optionalThresholds(),
});

export const EXTERNAL_CHECK_SCHEMAS = [sentryCheckSchema, ga4CheckSchema] as const;
