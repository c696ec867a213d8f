import { z } from "zod";
import { id, regexSource, thresholdSchema } from "@/lib/model/check-base";
import { dockerTarget, hasOneTarget, TARGET_MESSAGE } from "@/lib/model/docker-check-schemas";

/**
 * An access line as uvicorn, gunicorn, nginx and the common log format write it: the request line in
 * quotes, then the status. The named group `status` is what counts.
 */
export const DEFAULT_ACCESS_LINE =
  '"(?<method>[A-Z]+) (?<path>\\S+) HTTP/[0-9.]+" (?<status>[1-5][0-9]{2})\\b';

const followedContainer = z.object(dockerTarget).refine(hasOneTarget, TARGET_MESSAGE);

/**
 * Push from logs (docs/log-push.md): the primary containers' log streams are followed, and each line is
 * counted at once — an access line as a request (failing at `failStatus` and above), any other line
 * matching an error pattern as an error line. The live reading annotates the polled tiles named here and
 * can only raise them: the polled checks stay the ground truth.
 */
export const logPushSchema = z.object({
  /** One log stream per container (by name, or compose project + service: the newest running one). */
  containers: z.array(followedContainer).min(1),
  /** A regular expression with a named group `status`; lines it matches are requests. */
  accessLine: regexSource
    .refine((s) => s.includes("(?<status>"), "needs a named group (?<status>…) for the HTTP status")
    .default(DEFAULT_ACCESS_LINE),
  /** Requests answered with this status or above count as failing. */
  failStatus: z.number().int().min(100).max(599).default(500),
  /** The live rate is over this many seconds of log. */
  windowSec: z.number().int().min(1).max(600).default(10),
  /** Fewer requests than this in the window: the rate is shown, never judged. */
  minRequests: z.number().int().min(1).max(100_000).default(10),
  /** The error-rate tile the live rate annotates and can raise. */
  errorRate: z.object({
    check: id,
    /** Percent; default: that check's own thresholds. */
    thresholds: thresholdSchema.optional(),
  }),
  /**
   * A docker-logs tile that error-pattern lines raise live, by that check's own patterns, window and
   * warnCount / critCount. Without it the error lines are shown beside the rate only.
   */
  errorLines: z.object({ check: id }).optional(),
});
export type LogPushConfig = z.output<typeof logPushSchema>;
export type LogPushInput = z.input<typeof logPushSchema>;

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;
type RefCheck = { id: string; kind: string; thresholds?: unknown };

/** The annotated tiles exist and are the right kinds; the rate has thresholds to be judged by. */
export function checkLogPushRefs(
  rb: { checks: readonly RefCheck[]; logPush?: LogPushConfig | undefined },
  addIssue: AddIssue,
): void {
  const push = rb.logPush;
  if (!push) return;
  const rate = rb.checks.find((c) => c.id === push.errorRate.check);
  if (!rate) {
    addIssue({
      path: ["logPush", "errorRate", "check"],
      message: `no check with id "${push.errorRate.check}"`,
    });
  } else if (!push.errorRate.thresholds && !rate.thresholds) {
    addIssue({
      path: ["logPush", "errorRate", "thresholds"],
      message: `check "${rate.id}" has no thresholds: give the live rate its own (percent)`,
    });
  }
  if (!push.errorLines) return;
  const lines = rb.checks.find((c) => c.id === push.errorLines?.check);
  if (lines?.kind !== "docker-logs") {
    addIssue({
      path: ["logPush", "errorLines", "check"],
      message: lines
        ? `check "${lines.id}" is not a docker-logs check`
        : `no check with id "${push.errorLines.check}"`,
    });
  }
}
