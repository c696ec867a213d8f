import { z } from "zod";
import { SEVERITIES } from "@/lib/model/incident";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

/**
 * A severity the runbook defines outright (its severity table) where the decision tree's branches would
 * say less, e.g. "DB unreachable → P0". Matches when one (`any`) or every (`all`) named check is crit;
 * the most severe of the tree and the matching rules is suggested.
 */
export const severityRuleSchema = z.object({
  id,
  label: z.string().min(1),
  checks: z.array(id).min(1, "a severity rule needs at least one check"),
  match: z.enum(["any", "all"]).default("any"),
  severity: z.enum(SEVERITIES),
  source: z.string().optional(),
});
export type SeverityRule = z.infer<typeof severityRuleSchema>;
export type SeverityRuleInput = z.input<typeof severityRuleSchema>;

/**
 * A rollback trigger on the incident itself: an active incident at `atLeast` or worse for
 * `afterMinutes` (counted from when it first reached that severity) recommends a rollback after launch.
 */
export const incidentRollbackSchema = z.object({
  id,
  label: z.string().min(1),
  atLeast: z.enum(SEVERITIES),
  afterMinutes: z
    .number()
    .positive()
    .max(24 * 60),
  source: z.string().optional(),
});
export type IncidentRollbackRule = z.infer<typeof incidentRollbackSchema>;
export type IncidentRollbackInput = z.input<typeof incidentRollbackSchema>;

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Every severity rule names existing checks; ids are unique across both lists. */
export function checkIncidentRuleRefs(
  rb: {
    checks: readonly { id: string }[];
    severityRules: readonly SeverityRule[];
    incidentRollback: readonly IncidentRollbackRule[];
  },
  addIssue: AddIssue,
): void {
  const checkIds = new Set(rb.checks.map((c) => c.id));
  const seen = new Set<string>();
  rb.severityRules.forEach((r, i) => {
    r.checks.forEach((c, j) => {
      if (!checkIds.has(c))
        addIssue({ path: ["severityRules", i, "checks", j], message: `no check with id "${c}"` });
    });
    if (seen.has(r.id))
      addIssue({ path: ["severityRules", i, "id"], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
  });
  rb.incidentRollback.forEach((r, i) => {
    if (seen.has(r.id))
      addIssue({ path: ["incidentRollback", i, "id"], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
  });
}
