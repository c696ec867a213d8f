import type { PlannedStep } from "@/lib/model/rollback";

export type StepResult = { ok: true } | { ok: false; error: unknown; cutShort: boolean };

export type RunnerHooks = {
  /** Does the step; throws to fail it. `signal` aborts at its deadline (and, for a wait, on abort). */
  run: (index: number, step: PlannedStep, signal: AbortSignal) => Promise<void>;
  started: (index: number, step: PlannedStep) => Promise<void>;
  finished: (index: number, step: PlannedStep, result: StepResult) => Promise<void>;
  /** The step's deadline in ms. */
  deadlineMs: (step: PlannedStep) => number;
  /** Rex's abort: the run stops after the step in progress. */
  abort: AbortSignal;
  beforeStep?: (index: number, step: PlannedStep) => Promise<void> | void;
  /** Checked before each step: false ends the run as lost (someone else recovered it). */
  stillOwned?: () => boolean;
};

export type RunnerOutcome =
  | { status: "succeeded" }
  | { status: "failed"; index: number; step: PlannedStep; error: unknown }
  | { status: "aborted"; lastDone: number | null; during: number | null }
  | { status: "lost" };

/** Waits change nothing on the engine, so an abort may end them early. */
const CUT_SHORT_ON_ABORT: ReadonlySet<PlannedStep["kind"]> = new Set(["wait-healthy"]);

class DeadlineError extends Error {
  override name = "DeadlineError";
}

async function execute(hooks: RunnerHooks, index: number, step: PlannedStep): Promise<StepResult> {
  const ms = hooks.deadlineMs(step);
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DeadlineError(`step deadline of ${(ms / 1000).toFixed(1)} s passed`)),
    ms,
  );
  const signal = CUT_SHORT_ON_ABORT.has(step.kind)
    ? AbortSignal.any([deadline.signal, hooks.abort])
    : deadline.signal;
  await hooks.started(index, step);
  let result: StepResult;
  try {
    // The deadline settles the step even if its work ignores the signal.
    await Promise.race([
      hooks.run(index, step, signal),
      new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
      ),
    ]);
    result = { ok: true };
  } catch (error) {
    result = { ok: false, error, cutShort: hooks.abort.aborted && !deadline.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
  await hooks.finished(index, step, result);
  return result;
}

/**
 * Runs a plan's steps in order. A step marked `parallel` starts together with the step before it and
 * runs in the background; a later step on the same container (and the state write) waits for it. The
 * first failure stops the run, as does an abort between two steps; background steps in flight are always
 * let finish (they are bounded), so the outcome can say exactly what was left.
 */
export async function runSteps(steps: readonly PlannedStep[], hooks: RunnerHooks): Promise<RunnerOutcome> {
  const pending = new Map<string, Promise<StepResult>>();
  const all: Promise<unknown>[] = [];
  let backgroundFailure: { index: number; step: PlannedStep; error: unknown } | null = null;
  let lastDone: number | null = null;
  const settle = () => Promise.all(all);

  const launch = (index: number) => {
    const step = steps[index] as PlannedStep;
    const p = execute(hooks, index, step).then((r) => {
      if (!r.ok) backgroundFailure ??= { index, step, error: r.error };
      return r;
    });
    all.push(p);
    const container = step.args.container;
    if (container) pending.set(container, p);
  };

  let i = 0;
  while (i < steps.length) {
    const step = steps[i] as PlannedStep;
    if (step.kind === "manual") {
      i++;
      continue;
    }
    if (backgroundFailure) break;
    if (hooks.abort.aborted) {
      await settle();
      return { status: "aborted", lastDone, during: null };
    }
    if (hooks.stillOwned && !hooks.stillOwned()) return { status: "lost" };
    let next = i + 1;
    while (steps[next]?.parallel) launch(next++);
    if (step.parallel) {
      launch(i);
      i = next;
      continue;
    }
    const container = step.args.container;
    const before = container ? pending.get(container) : undefined;
    if (before) await before;
    if (step.kind === "write-state") await settle();
    if (backgroundFailure) break;
    if (hooks.abort.aborted) {
      await settle();
      return { status: "aborted", lastDone, during: null };
    }
    await hooks.beforeStep?.(i, step);
    if (hooks.stillOwned && !hooks.stillOwned()) return { status: "lost" };
    const result = await execute(hooks, i, step);
    if (!result.ok) {
      await settle();
      if (result.cutShort) return { status: "aborted", lastDone, during: i };
      return { status: "failed", index: i, step, error: result.error };
    }
    lastDone = i;
    i = next;
  }
  await settle();
  const failed = backgroundFailure as { index: number; step: PlannedStep; error: unknown } | null;
  if (failed) return { status: "failed", ...failed };
  if (hooks.abort.aborted && i < steps.length) return { status: "aborted", lastDone, during: null };
  return { status: "succeeded" };
}
