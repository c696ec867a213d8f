import { z } from "zod";

/** When T-0 is: a wall-clock time in an IANA time zone, and the time as the runbook states it. */
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "must be a local date-time like 2026-04-23T09:00");

export const launchSchema = z.object({
  /** Wall-clock time of T-0 in `timeZone`. */
  local: localDateTime,
  timeZone: z.string().refine(isKnownTimeZone, "is not an IANA time zone such as America/New_York"),
  /** The launch time exactly as the runbook writes it, kept to show any discrepancy. */
  stated: z
    .object({
      text: z.string(),
      /** The UTC instant the runbook claims, e.g. 2026-04-23T14:00:00Z. */
      utc: z.string().datetime({ offset: true }).optional(),
    })
    .optional(),
});
export type Launch = z.infer<typeof launchSchema>;

export function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
