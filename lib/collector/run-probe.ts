import "server-only";
import { PROBES } from "@/lib/collector/probe-registry";
import type { Probe, ProbeContext, ProbeResult, Reading } from "@/lib/model/probe";
import { redactEvidence, redactSecrets } from "@/lib/model/redact";
import { type Check, type CheckKind, type CheckOf, checkSchema, LEVELS } from "@/lib/model/runbook-schema";
import { oneLine, unknownResult } from "@/lib/probes/result";
import { metrics } from "@/lib/runtime/metrics";

export type RunProbeOptions = {
  timeoutMs: number;
  /** This check's memory between cycles. */
  state: Map<string, unknown>;
  now?: () => number;
};

/** Time a probe gets after its signal aborts to return its own (more specific) result. */
export const ABORT_GRACE_MS = 50;

/**
 * Run one check's probe with a deadline. Never throws, never outlives timeoutMs + ABORT_GRACE_MS: the
 * signal aborts at the timeout and, should the probe ignore it, a timer settles the reading as unknown.
 */
export async function runProbe(check: Check, options: RunProbeOptions): Promise<Reading> {
  const now = options.now ?? Date.now;
  const started = performance.now();
  const controller = new AbortController();
  const ctx: ProbeContext = {
    signal: controller.signal,
    timeoutMs: options.timeoutMs,
    state: options.state,
    now,
  };
  let abortTimer: ReturnType<typeof setTimeout> | undefined;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const deadline = new Promise<ProbeResult>((resolve) => {
    abortTimer = setTimeout(() => {
      controller.abort(new Error(`probe timed out after ${options.timeoutMs} ms`));
      graceTimer = setTimeout(() => {
        resolve(unknownResult(`probe did not finish within ${options.timeoutMs} ms (ignored its deadline)`));
      }, ABORT_GRACE_MS);
    }, options.timeoutMs);
  });

  let result: ProbeResult;
  try {
    result = await Promise.race([invoke(check, ctx), deadline]);
  } catch (err) {
    result = unknownResult(`probe error: ${describeError(err)}`, { error: describeError(err) });
  } finally {
    clearTimeout(abortTimer);
    clearTimeout(graceTimer);
    controller.abort(new Error("probe finished"));
  }

  const durationMs = performance.now() - started;
  // The kind is a label only when it is one of the registry's: a bad config must not mint series.
  const kind = typeof check?.kind === "string" && check.kind in PROBES ? check.kind : "invalid";
  metrics().probeDuration.observe({ kind }, durationMs / 1000);
  return {
    ...sanitize(result),
    checkId: typeof check?.id === "string" ? check.id : "(unknown)",
    collectedAt: new Date(now()).toISOString(),
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

// A loaded runbook's checks are the same objects every cycle and never mutated: validate each once, not
// every cycle (parsing was a measurable share of the collector's CPU).
const validated = new WeakMap<object, ReturnType<typeof checkSchema.safeParse>>();

function validate(check: Check): ReturnType<typeof checkSchema.safeParse> {
  if (typeof check !== "object" || check === null) return checkSchema.safeParse(check);
  let parsed = validated.get(check);
  if (!parsed) {
    parsed = checkSchema.safeParse(check);
    validated.set(check, parsed);
  }
  return parsed;
}

async function invoke(check: Check, ctx: ProbeContext): Promise<ProbeResult> {
  const parsed = validate(check);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "check";
    return unknownResult(`invalid check config: ${where}: ${issue?.message ?? "invalid"}`);
  }
  // Said once here for every kind: a check with nothing of its own to read is unknown, never a borrowed value.
  // `notProbed` tells it apart from a reading that failed: summaries of "all checks" leave it out.
  if (parsed.data.unavailable) return unknownResult(parsed.data.unavailable, { notProbed: true });
  return dispatch(parsed.data, ctx);
}

function dispatch<K extends CheckKind>(check: CheckOf<K>, ctx: ProbeContext) {
  const probe: Probe<K> = PROBES[check.kind];
  return probe(check, ctx);
}

/**
 * A probe's result is trusted only in shape: a bad level becomes unknown, the summary one line. Every
 * reading is public (the board, the TV, the stream), so URLs and secret-looking values are redacted here,
 * once for every probe kind.
 */
function sanitize(result: ProbeResult): ProbeResult {
  if (typeof result !== "object" || result === null || !LEVELS.includes(result.level)) {
    return unknownResult("probe returned a malformed result");
  }
  return {
    ...result,
    summary: redactSecrets(oneLine(String(result.summary ?? ""))),
    conditions: (result.conditions ?? []).map((c) => ({ ...c, actual: redactSecrets(String(c.actual)) })),
    evidence: redactEvidence(result.evidence ?? {}),
  };
}

function describeError(err: unknown): string {
  if (err instanceof Error) return oneLine(`${err.name === "Error" ? "" : `${err.name}: `}${err.message}`);
  return oneLine(String(err));
}
