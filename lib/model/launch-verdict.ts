import { z } from "zod";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");
const base = { id, label: z.string().min(1), source: z.string().optional() };

/**
 * One line of the launch verdict. On the success side it must hold; on the failure side it must not have
 * happened. `gates`: all green now. `item`: a milestone item done — on the failure side a done item rules
 * the failure out, otherwise it is unknown (an external figure nobody entered is never guessed).
 * `rollback`: a rollback run started since T-0. `trigger`: the rule fired at `level` or worse since T-0.
 */
export const verdictCriterionSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("gates"), gates: z.array(z.string().min(1)).min(1) }),
  z.object({ ...base, kind: z.literal("item"), item: z.string().min(1) }),
  z.object({ ...base, kind: z.literal("rollback") }),
  z.object({
    ...base,
    kind: z.literal("trigger"),
    trigger: z.string().min(1),
    level: z.enum(["warn", "crit"]).default("crit"),
  }),
]);
export type VerdictCriterion = z.infer<typeof verdictCriterionSchema>;

/** Launch day §6: what makes a launch successful, what makes it failed (and calls for a post-mortem). */
export const launchVerdictSchema = z.object({
  /** Judged this many minutes after T-0 (the first hour); a failure counts as soon as it happens. */
  afterMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  success: z.array(verdictCriterionSchema).min(1),
  failure: z.array(verdictCriterionSchema).min(1),
  source: z.string().optional(),
});
export type LaunchVerdictSpec = z.infer<typeof launchVerdictSchema>;

export const CRITERION_STATUSES = ["met", "unmet", "pending", "unknown"] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];
export type CriterionView = {
  id: string;
  label: string;
  source: string | null;
  /** Success side: holds (met) or not; failure side: happened (met) or ruled out (unmet). */
  status: CriterionStatus;
  why: string;
};

export const VERDICT_OUTCOMES = ["pending", "success", "failed", "undecided"] as const;
export type LaunchVerdict = {
  outcome: (typeof VERDICT_OUTCOMES)[number];
  /** T-0 + afterMinutes: when success can be judged. */
  judgedAt: string;
  summary: string;
  /** A failed launch calls for a post-mortem (launch day §6). */
  postmortem: boolean;
  success: CriterionView[];
  failure: CriterionView[];
  source: string | null;
};

/** What the verdict reads from storage: rollbacks started and rule firings, since T-0. */
export type VerdictFacts = {
  rollbacks: { id: string; startedAt: string; status: string }[];
  firings: { ruleId: string; level: "warn" | "crit"; at: string }[];
};
