import { z } from "zod";
import { CHECK_BASE, envName, optionalThresholds } from "@/lib/model/check-base";
import { isKnownTimeZone } from "@/lib/model/launch-schema";

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
 * Dimensions of launch-day §3.3's "key dimensions to watch". Country and device are in GA4's Realtime API;
 * the session source is not, so it is read from today's standard report.
 */
export const GA4_DIMENSIONS = ["country", "deviceCategory", "sessionSource"] as const;
export type Ga4Dimension = (typeof GA4_DIMENSIONS)[number];

/**
 * GA4 (launch-day §3.3). `rate`: one event's count per minute over the last `minutes`; `trend`: the count
 * of the last half of the window against the half before, as a change in % (above 0: trending up);
 * `breakdown`: active users by `dimension`, the value being the share of `focus` (e.g. "United States") or,
 * without it, of the largest. The OAuth access token is named by `tokenEnv`, as for Sentry.
 */
export const ga4CheckSchema = z
  .object({
    ...CHECK_BASE,
    kind: z.literal("ga4"),
    /** The Data API's base, https://analyticsdata.googleapis.com. */
    url: apiBase,
    /** The GA4 property id (digits). */
    property: z.string().regex(/^\d+$/, "must be the numeric GA4 property id"),
    /** The event counted by `rate` and `trend`. */
    event: z.string().min(1).optional(),
    measure: z.enum(["rate", "trend", "breakdown"]).default("rate"),
    /** What `breakdown` splits active users by. */
    dimension: z.enum(GA4_DIMENSIONS).optional(),
    /** The dimension value whose share is the reading (`breakdown`); the largest without it. */
    focus: z.string().min(1).optional(),
    /** The property's reporting time zone (GA4 dates and times are in it); the runbook's zone when absent. */
    reportingTimeZone: z
      .string()
      .refine(isKnownTimeZone, "is not an IANA time zone such as America/New_York")
      .optional(),
    /** Real-time reports reach 29 minutes back at most (30 with GA4 360); a trend splits the window in two. */
    minutes: z.number().int().min(1).max(30).default(5),
    tokenEnv: envName,
    minIntervalSec,
    thresholds: optionalThresholds(),
  })
  .superRefine((c, ctx) => {
    if (c.measure === "breakdown" && !c.dimension)
      ctx.addIssue({ code: "custom", path: ["dimension"], message: "a breakdown needs a dimension" });
    if (c.measure !== "breakdown" && !c.event)
      ctx.addIssue({ code: "custom", path: ["event"], message: `a ${c.measure} needs an event` });
  });

export const EXTERNAL_CHECK_SCHEMAS = [sentryCheckSchema, ga4CheckSchema] as const;
