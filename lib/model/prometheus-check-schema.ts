import { z } from "zod";
import { CHECK_BASE } from "@/lib/model/check-base";
import { thresholdSchema, url } from "@/lib/model/http-check-schemas";

export const PROMETHEUS_SERIES = [
  "error-rate",
  "latency-p50",
  "latency-p95",
  "latency-p99",
  "request-rate",
] as const;

const labelPattern = z.string().refine(
  (p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  },
  { message: "must be a regular expression, e.g. /(v1|api)/search" },
);

export const prometheusCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("prometheus"),
  url,
  series: z.enum(PROMETHEUS_SERIES),
  /** Counter of requests with a status label, e.g. http_requests_total{status="503"}. */
  counter: z.string().default("http_requests_total"),
  statusLabel: z.string().default("status"),
  /** Which responses error-rate counts: a class (`5xx`) or one code (`429` rate limited, `401` refused keys). */
  errorStatus: z
    .string()
    .regex(/^[1-5](xx|\d\d)$/, "must be a status class like 5xx or a code like 429")
    .default("5xx"),
  /** Histogram base name: <name>_bucket{le=…}. */
  histogram: z.string().default("http_request_duration_seconds"),
  /** Rate window over which deltas are computed. */
  windowSec: z.number().int().positive().default(60),
  /**
   * Only the series whose labels match, each value a regular expression over the whole label as PromQL's
   * `=~` reads it: `{ handler: "/(v1|api)/search" }` is the search routes' P99 alone.
   */
  labels: z.record(z.string().min(1), labelPattern).optional(),
  /**
   * error-rate per value of this label (e.g. `handler`: which endpoints are failing): the value is the worst
   * one's rate, each one's in evidence.
   */
  groupBy: z.string().min(1).optional(),
  thresholds: thresholdSchema.optional(),
});
