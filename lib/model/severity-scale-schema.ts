import { z } from "zod";
import { id } from "@/lib/model/http-check-schemas";
import { SEVERITIES, type Severity } from "@/lib/model/incident";

/**
 * A runbook's own severity scale: warroom ranks every incident P0 (worst) to P2, and each runbook names
 * those ranks, defines them, times them and says who is engaged when (docs/incidents.md "Scales").
 */
export const severityLevelSchema = z.object({
  /** The runbook's own name for the rank, e.g. "CRITICAL" (Deal Scout) or "P0". */
  label: z.string().min(1),
  definition: z.string().min(1),
  examples: z.string().optional(),
  /** Response and resolution targets, counted from when the incident reached this severity. */
  respondWithinMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  resolveWithinMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .optional(),
  owner: z.string().optional(),
  source: z.string().min(1),
});
export type SeverityLevel = z.infer<typeof severityLevelSchema>;

/** An automatic change of severity when an incident stays unresolved (incident §1: P1 → P0 after 30 min). */
export const escalateRuleSchema = z.object({
  from: z.enum(SEVERITIES),
  to: z.enum(SEVERITIES),
  afterMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
  source: z.string().min(1),
});
export type EscalateRule = z.infer<typeof escalateRuleSchema>;

/** One rung of the engagement ladder: who must be engaged this many minutes into the severity. */
export const ladderRungSchema = z.object({
  atMinutes: z.number().int().min(0).max(600),
  who: z.string().min(1),
  source: z.string().optional(),
});
export type LadderRung = z.infer<typeof ladderRungSchema>;

/**
 * A rung the runbook gives a condition instead of a minute (003 Escalation Path 4: executive / customer "if
 * SLA breached or multi-hour outage"): due at the first of its conditions to hold, engaged by its id.
 */
export const conditionRungSchema = z
  .object({
    id,
    who: z.string().min(1),
    /** Due once the incident has been open this long, whatever its severity (a multi-hour outage). */
    openMinutes: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 60)
      .optional(),
    /** Due once the current level's resolution target has passed (the level's SLA breached). */
    resolveOverdue: z.boolean().default(false),
    source: z.string().min(1),
  })
  .refine((r) => r.openMinutes !== undefined || r.resolveOverdue, "give openMinutes, resolveOverdue or both");
export type ConditionRung = z.infer<typeof conditionRungSchema>;

export const TREE_TESTS = ["any-crit", "all-crit", "not-ok", "above", "at-least"] as const;

/**
 * One branch of the decision tree, read in order; the first that matches gives the severity. The checks
 * are named (`checks`) or all of a kind (`checkKind`). `any-crit`/`all-crit`: crit readings;
 * `not-ok`: warn or crit; `above`/`at-least`: the first numeric reading against `threshold`.
 * `severity: null` is "not an incident"; `passed` is the path's line when the branch does not match.
 */
export const treeStepSchema = z
  .object({
    id,
    label: z.string().min(1),
    checks: z.array(id).min(1).optional(),
    checkKind: z.string().min(1).optional(),
    test: z.enum(TREE_TESTS),
    threshold: z.number().optional(),
    severity: z.enum(SEVERITIES).nullable(),
    /** What the runbook says to do on this branch, e.g. "Notify Link". */
    action: z.string().optional(),
    /** The runbook's next steps for this scenario, shown on the incident screen in its order. */
    steps: z.array(z.string().min(1)).default([]),
    passed: z.string().optional(),
    source: z.string().min(1),
  })
  .refine((s) => (s.checks ? 1 : 0) + (s.checkKind ? 1 : 0) === 1, {
    message: "name the checks (checks) or a kind of check (checkKind), one of the two",
  })
  .refine((s) => (s.test === "above" || s.test === "at-least") === (s.threshold !== undefined), {
    message: "threshold goes with the tests above and at-least, and only with them",
    path: ["threshold"],
  });
export type TreeStep = z.infer<typeof treeStepSchema>;

const ladderSchema = z.object({
  P0: z.array(ladderRungSchema).default([]),
  P1: z.array(ladderRungSchema).default([]),
  P2: z.array(ladderRungSchema).default([]),
});
export type Ladder = Record<Severity, LadderRung[]>;

const neutral = (s: Severity): SeverityLevel => ({
  label: s,
  definition: "not defined by this runbook",
  source: "none",
});

/** A runbook that defines no scale gets bare ranks: no people, timers or tree it never named. */
export const NEUTRAL_SCALE = {
  basis: "this runbook defines no severity scale",
  levels: { P0: neutral("P0"), P1: neutral("P1"), P2: neutral("P2") },
  escalate: [],
  ladder: { P0: [], P1: [], P2: [] },
  conditionRungs: [],
  tree: [],
  treeOtherwise: "no branch matched: not an incident (yet)",
};

export const severityScaleSchema = z
  .object({
    /** Which of the runbooks' scales this is, and how another runbook's ranks map onto it. */
    basis: z.string().min(1),
    levels: z.object({ P0: severityLevelSchema, P1: severityLevelSchema, P2: severityLevelSchema }),
    escalate: z.array(escalateRuleSchema).default([]),
    ladder: ladderSchema.default({ P0: [], P1: [], P2: [] }),
    /**
     * Another runbook's ladder for an incident declared inside the launch window (launch day §5.2 engages
     * people at other minutes than the incident runbook): it replaces `ladder` for that incident.
     */
    launchWindowLadder: z
      .object({ source: z.string().min(1), ladder: ladderSchema })
      .strict()
      .optional(),
    /** Rungs due on a condition rather than a minute, on every severity's ladder. */
    conditionRungs: z.array(conditionRungSchema).default([]),
    tree: z.array(treeStepSchema).default([]),
    /** The path's last line when no branch matched. */
    treeOtherwise: z.string().min(1).default(NEUTRAL_SCALE.treeOtherwise),
    /**
     * Ranks below P2 that are not incidents (launch day's P3/P4): what is still failing when nothing is
     * suggested gets this label and handling instead of silence.
     */
    triage: z
      .object({ label: z.string().min(1), action: z.string().min(1), source: z.string().min(1) })
      .strict()
      .optional(),
  })
  .superRefine((scale, ctx) => {
    const from = new Set<string>();
    scale.escalate.forEach((r, i) => {
      if (from.has(r.from))
        ctx.addIssue({ code: "custom", path: ["escalate", i, "from"], message: `two rules from ${r.from}` });
      from.add(r.from);
    });
    const ladders: [Ladder, (string | number)[]][] = [[scale.ladder, ["ladder"]]];
    if (scale.launchWindowLadder)
      ladders.push([scale.launchWindowLadder.ladder, ["launchWindowLadder", "ladder"]]);
    for (const [ladder, path] of ladders) {
      for (const s of SEVERITIES) {
        const seen = new Set<number>();
        ladder[s].forEach((r, i) => {
          // The timeline marks a rung done by its minute, so each minute is one rung.
          if (seen.has(r.atMinutes))
            ctx.addIssue({
              code: "custom",
              path: [...path, s, i, "atMinutes"],
              message: `two rungs at T+${r.atMinutes}`,
            });
          seen.add(r.atMinutes);
        });
      }
    }
  });
export type SeverityScale = z.infer<typeof severityScaleSchema>;
export type SeverityScaleInput = z.input<typeof severityScaleSchema>;

/** Where the runbooks disagree, which side warroom took and why (shown in the board's notes panel). */
export const runbookNoteSchema = z.object({
  id,
  topic: z.string().min(1),
  /** What each runbook says. */
  sides: z.string().min(1),
  took: z.string().min(1),
  why: z.string().min(1),
  source: z.string().min(1),
});
export type RunbookNote = z.infer<typeof runbookNoteSchema>;

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Every branch of the tree names existing checks; note ids are unique. */
export function checkScaleRefs(
  rb: { checks: readonly { id: string }[]; scale: SeverityScale; notes: readonly RunbookNote[] },
  addIssue: AddIssue,
): void {
  const noteIds = new Set<string>();
  rb.notes.forEach((n, i) => {
    if (noteIds.has(n.id)) addIssue({ path: ["notes", i, "id"], message: `duplicate note id "${n.id}"` });
    noteIds.add(n.id);
  });
  const ids = new Set(rb.checks.map((c) => c.id));
  rb.scale.tree.forEach((step, i) => {
    step.checks?.forEach((c, j) => {
      if (!ids.has(c))
        addIssue({ path: ["scale", "tree", i, "checks", j], message: `no check with id "${c}"` });
    });
  });
}
