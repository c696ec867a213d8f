import { z } from "zod";
import { id } from "@/lib/model/check-base";

/** One test of the deploy runbook's smoke suite, judged from the checks that measure it. */
export const smokeTestSchema = z.object({
  id,
  label: z.string().min(1),
  checks: z.array(id).min(1),
  /** Levels that pass (a warning passes unless the test's own limit is the warning, e.g. TLS > 30 days). */
  accept: z
    .array(z.enum(["ok", "warn"]))
    .min(1)
    .default(["ok", "warn"]),
  source: z.string().optional(),
});
export type SmokeTest = z.infer<typeof smokeTestSchema>;

/** One step of the deploy runbook's sequence, shown in the deploy window; `checks` confirm it live. */
export const deployStepSchema = z.object({
  id,
  label: z.string().min(1),
  checks: z.array(id).default([]),
  source: z.string().optional(),
});

/**
 * Deploy watch: when the engine shows the actions' primary on another image, warroom records the deploy,
 * writes the rollback state with the image it replaced, runs `smoke` at once and watches the window.
 */
export const deployWatchSchema = z.object({
  smoke: z.array(smokeTestSchema).min(1),
  /** The go conditions: a go gate failing longer than `goFailMinutes` after a deploy recommends rollback. */
  goGates: z.array(id).default([]),
  goFailMinutes: z
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** Consecutive failures of this check after a deploy recommend rollback. */
  healthCheck: id,
  healthFailures: z.number().int().min(1).max(100).default(3),
  /** How long after a deploy its window rules apply. */
  windowMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(90),
  /** The deploy runbook's sequence, shown on the screen in the deploy window. */
  steps: z.array(deployStepSchema).default([]),
  source: z.string().optional(),
});
export type DeployWatchConfig = z.infer<typeof deployWatchSchema>;
export type DeployWatchInput = z.input<typeof deployWatchSchema>;

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Every smoke check, the health check and each go gate exist; the watch needs the actions' stack. */
export function checkDeployWatchRefs(
  rb: {
    checks: readonly { id: string }[];
    launchFlow: { gates: readonly { id: string }[] };
    actions?: { stack?: unknown } | undefined;
    deployWatch?: DeployWatchConfig | undefined;
  },
  addIssue: AddIssue,
): void {
  const watch = rb.deployWatch;
  if (!watch) return;
  const checks = new Set(rb.checks.map((c) => c.id));
  const gates = new Set(rb.launchFlow.gates.map((g) => g.id));
  if (!rb.actions?.stack) {
    addIssue({ path: ["deployWatch"], message: "needs actions.stack: the primary whose image it watches" });
  }
  watch.smoke.forEach((t, i) => {
    t.checks.forEach((c, j) => {
      if (!checks.has(c))
        addIssue({ path: ["deployWatch", "smoke", i, "checks", j], message: `no check with id "${c}"` });
    });
  });
  watch.steps.forEach((st, i) => {
    st.checks.forEach((c, j) => {
      if (!checks.has(c))
        addIssue({ path: ["deployWatch", "steps", i, "checks", j], message: `no check with id "${c}"` });
    });
  });
  if (!checks.has(watch.healthCheck)) {
    addIssue({ path: ["deployWatch", "healthCheck"], message: `no check with id "${watch.healthCheck}"` });
  }
  watch.goGates.forEach((g, i) => {
    if (!gates.has(g)) addIssue({ path: ["deployWatch", "goGates", i], message: `no gate with id "${g}"` });
  });
}
