import { z } from "zod";

/**
 * Rules over time (docs/incidents.md): a trigger watches one check's readings and fires when its
 * condition holds over a window. `rollback: true` marks the runbooks' rollback triggers: after launch a
 * firing one makes the board say ROLLBACK RECOMMENDED. `trend`: the value is past its threshold and has not
 * improved over the window (003 recovery: queue depth decreasing).
 */
export const TRIGGER_KINDS = ["sustained", "consecutive", "instant", "m-of-n", "trend"] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

/** One level of a rule. `threshold` is unused for the failure signal (a failure is a crit reading). */
export const triggerLevelSchema = z.object({
  threshold: z.number().optional(),
  /** Hysteresis: once firing, the level clears only when a reading is back past this value. */
  recover: z.number().optional(),
  /** sustained: how long every reading must breach; trend: the window whose readings must not improve. */
  forMinutes: z
    .number()
    .positive()
    .max(24 * 60)
    .optional(),
  /** consecutive: how many readings in a row must breach. */
  count: z.number().int().min(1).max(1000).optional(),
  /** m-of-n: at least `m` of the last `n` readings breach. */
  m: z.number().int().min(1).optional(),
  n: z.number().int().min(1).max(1000).optional(),
});
export type TriggerLevel = z.infer<typeof triggerLevelSchema>;

export const triggerSchema = z
  .object({
    id,
    label: z.string().min(1),
    /** The check whose readings it watches. */
    check: id,
    kind: z.enum(TRIGGER_KINDS),
    /** value: the reading's number against the threshold; failure: the reading is crit. */
    signal: z.enum(["value", "failure"]).default("value"),
    direction: z.enum(["above", "below"]).default("above"),
    warn: triggerLevelSchema.optional(),
    crit: triggerLevelSchema.optional(),
    /** A rollback trigger of the runbook: after launch, a crit firing recommends a rollback. */
    rollback: z.boolean().default(false),
    /** Runbook section it comes from, e.g. "incident §3.1". Shown next to the rule. */
    source: z.string().optional(),
    /** Readings further apart than this are a gap: a window across a gap is unknown, never "ok". */
    maxGapSec: z.number().int().positive().max(3600).default(60),
  })
  .superRefine((t, ctx) => {
    if (!t.warn && !t.crit) ctx.addIssue({ code: "custom", message: "needs at least one of warn or crit" });
    for (const level of ["warn", "crit"] as const) {
      const spec = t[level];
      if (!spec) continue;
      const at = (field: string, message: string) =>
        ctx.addIssue({ code: "custom", path: [level, field], message });
      if (t.signal === "value" && spec.threshold === undefined)
        at("threshold", "a value rule needs a threshold");
      if ((t.kind === "sustained" || t.kind === "trend") && spec.forMinutes === undefined)
        at("forMinutes", `a ${t.kind} rule needs forMinutes`);
      if (t.kind === "trend" && t.signal === "failure") at("threshold", "a trend rule watches values");
      if (t.kind === "consecutive" && spec.count === undefined) at("count", "a consecutive rule needs count");
      if (t.kind === "m-of-n" && (spec.m === undefined || spec.n === undefined))
        at("m", "an m-of-n rule needs m and n");
      if (spec.m !== undefined && spec.n !== undefined && spec.m > spec.n) at("m", "m must be at most n");
      if (spec.recover !== undefined && spec.threshold !== undefined) {
        const wrongSide =
          t.direction === "above" ? spec.recover > spec.threshold : spec.recover < spec.threshold;
        if (wrongSide) at("recover", `recover must be on the good side of the threshold (${t.direction})`);
      }
    }
  });
export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerInput = z.input<typeof triggerSchema>;

export const triggersSchema = z.array(triggerSchema).default([]);

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Every trigger names an existing check; ids are unique. */
export function checkTriggerRefs(
  rb: { checks: readonly { id: string }[]; triggers: readonly Trigger[] },
  addIssue: AddIssue,
): void {
  const checkIds = new Set(rb.checks.map((c) => c.id));
  const seen = new Set<string>();
  rb.triggers.forEach((t, i) => {
    if (!checkIds.has(t.check))
      addIssue({ path: ["triggers", i, "check"], message: `no check with id "${t.check}"` });
    if (seen.has(t.id)) addIssue({ path: ["triggers", i, "id"], message: `duplicate trigger id "${t.id}"` });
    seen.add(t.id);
  });
}
