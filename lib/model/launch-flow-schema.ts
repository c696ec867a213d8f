import { z } from "zod";
import { launchVerdictSchema } from "@/lib/model/launch-verdict";

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

/**
 * A P0 gate (mandatory go condition). Red while any listed check is crit or unknown (or warn, when `accept`
 * leaves it out), or while it has no live check at all; `incident` makes an active incident of that
 * severity red too. Only a person of `domain` may waive it, with a reason.
 */
export const gateSchema = z.object({
  id,
  label: z.string().min(1),
  /** Owner domain (person.domain) allowed to waive this gate. */
  domain: z.string().min(1),
  checks: z.array(z.string()).default([]),
  /** Red while an incident of this severity (or worse) is active; unknown while incidents are not tracked. */
  incident: z.enum(["P0", "P1", "P2"]).optional(),
  /** Check levels that pass (default ok and warn): ["ok"] when the gate's line is the check's warning. */
  accept: z
    .array(z.enum(["ok", "warn"]))
    .min(1)
    .optional(),
  source: z.string().optional(),
});
export type Gate = z.infer<typeof gateSchema>;

export const milestoneItemSchema = z.discriminatedUnion("kind", [
  z.object({
    id,
    kind: z.literal("auto"),
    label: z.string().min(1),
    /** Done while every listed check is ok (live, with the readings as evidence). */
    checks: z.array(z.string()).min(1, "an automatic item needs at least one check"),
    /** Levels that count as done: ["ok", "warn"] for "P99 < 2 s" on a gauge that warns at 1 s. */
    accept: z.array(z.enum(["ok", "warn"])).default(["ok"]),
  }),
  z.object({
    id,
    kind: z.literal("manual"),
    label: z.string().min(1),
    /** Person id who ticks it. */
    owner: z.string().min(1),
  }),
]);
export type MilestoneItem = z.infer<typeof milestoneItemSchema>;

export const milestoneSchema = z.object({
  /** Like "t-2h" or "t+15". */
  id: z.string().regex(/^[a-z0-9][a-z0-9+-]*$/, "must be lowercase letters, digits, dashes and plus signs"),
  label: z.string().min(1),
  /** Minutes from (effective) T-0: -120 for T-2h, 60 for T+1h. */
  offsetMinutes: z.number().int(),
  /** After due + grace an unfinished milestone is overdue. */
  graceMinutes: z.number().int().min(0).default(15),
  items: z.array(milestoneItemSchema).default([]),
  /** Done once the lead has made the go/no-go call of the current round (the T-15 poll). */
  awaitsDecision: z.boolean().default(false),
  /** Status post the runbook asks for at this milestone (shown, not sent). */
  statusPost: z.string().optional(),
  source: z.string().optional(),
});
export type Milestone = z.infer<typeof milestoneSchema>;

/**
 * A Go/Hold call of its own before the launch's (deploy §4: Rex calls the deploy Go or Hold at 08:30 on
 * Bolt's smoke report). Only `owner` calls it; a Go needs `gates` green or waived; while its latest call is
 * Hold, the launch's GO is refused.
 */
export const checkpointSchema = z.object({
  id,
  label: z.string().min(1),
  /** Person id who calls it. */
  owner: z.string().min(1),
  /** Due at (effective) T-0 plus this: -30 for 08:30 before a 09:00 launch. */
  offsetMinutes: z.number().int(),
  /** P0 gates a Go needs green or waived. */
  gates: z.array(z.string()).default([]),
  source: z.string().optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export const launchFlowSchema = z.object({
  /** The poll opens this many minutes before T-0 (launch-day §2: T-15). */
  pollOpensMinutes: z.number().int().min(0).default(15),
  /** Domains that vote, in order (people with role owner and that domain vote for it). */
  pollDomains: z.array(z.string().min(1)).default([]),
  /** How far an unresolved P0 at the decision moves T-0 (launch-day §2: 30 min). */
  delayMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  gates: z.array(gateSchema).default([]),
  /** Go/Hold calls of their own before the launch's (each with its owner, time and gates). */
  checkpoints: z.array(checkpointSchema).default([]),
  milestones: z.array(milestoneSchema).default([]),
  /** Launch day §6: the success and failed-launch criteria, judged on the board. */
  verdict: launchVerdictSchema.optional(),
});
export type LaunchFlow = z.infer<typeof launchFlowSchema>;
export type LaunchFlowInput = z.input<typeof launchFlowSchema>;

export const LAUNCH_FLOW_DEFAULT: LaunchFlow = {
  pollOpensMinutes: 15,
  pollDomains: [],
  delayMinutes: 30,
  gates: [],
  checkpoints: [],
  milestones: [],
};

type RefContext = {
  checks: readonly { id: string }[];
  triggers?: readonly { id: string }[];
  people: readonly { id: string; domain?: string }[];
  launchFlow: LaunchFlow;
};
type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Cross-references of the launch flow: every check, person and domain it names must exist. */
export function checkLaunchFlowRefs(rb: RefContext, addIssue: AddIssue): void {
  const checkIds = new Set(rb.checks.map((c) => c.id));
  const personIds = new Set(rb.people.map((p) => p.id));
  const domains = new Set(rb.people.flatMap((p) => (p.domain ? [p.domain] : [])));
  const flow = rb.launchFlow;
  const base = ["launchFlow"];
  flow.pollDomains.forEach((d, i) => {
    if (!domains.has(d))
      addIssue({ path: [...base, "pollDomains", i], message: `no person has domain "${d}"` });
  });
  const gateIds = new Set<string>();
  flow.gates.forEach((g, i) => {
    if (gateIds.has(g.id))
      addIssue({ path: [...base, "gates", i, "id"], message: `duplicate gate id "${g.id}"` });
    gateIds.add(g.id);
    if (!domains.has(g.domain))
      addIssue({ path: [...base, "gates", i, "domain"], message: `no person has domain "${g.domain}"` });
    g.checks.forEach((c, j) => {
      if (!checkIds.has(c))
        addIssue({ path: [...base, "gates", i, "checks", j], message: `no check with id "${c}"` });
    });
  });
  checkCheckpointRefs(flow, gateIds, personIds, addIssue);
  const itemIds = new Set<string>();
  flow.milestones.forEach((m, i) => {
    m.items.forEach((item, j) => {
      const at = [...base, "milestones", i, "items", j];
      if (itemIds.has(item.id)) addIssue({ path: [...at, "id"], message: `duplicate item id "${item.id}"` });
      itemIds.add(item.id);
      if (item.kind === "auto") {
        item.checks.forEach((c, k) => {
          if (!checkIds.has(c)) addIssue({ path: [...at, "checks", k], message: `no check with id "${c}"` });
        });
      } else if (!personIds.has(item.owner)) {
        addIssue({ path: [...at, "owner"], message: `no person with id "${item.owner}"` });
      }
    });
  });
  checkVerdictRefs(flow, gateIds, itemIds, new Set((rb.triggers ?? []).map((t) => t.id)), addIssue);
}

/** Every checkpoint has a unique id, an owner who exists and gates that exist. */
function checkCheckpointRefs(
  flow: LaunchFlow,
  gateIds: Set<string>,
  personIds: Set<string>,
  addIssue: AddIssue,
): void {
  const seen = new Set<string>();
  flow.checkpoints.forEach((c, i) => {
    const at = ["launchFlow", "checkpoints", i];
    if (seen.has(c.id)) addIssue({ path: [...at, "id"], message: `duplicate checkpoint id "${c.id}"` });
    seen.add(c.id);
    if (!personIds.has(c.owner))
      addIssue({ path: [...at, "owner"], message: `no person with id "${c.owner}"` });
    c.gates.forEach((g, j) => {
      if (!gateIds.has(g)) addIssue({ path: [...at, "gates", j], message: `no gate with id "${g}"` });
    });
  });
}

/** Every gate, item and trigger the verdict names must exist. */
function checkVerdictRefs(
  flow: LaunchFlow,
  gateIds: Set<string>,
  itemIds: Set<string>,
  triggerIds: Set<string>,
  addIssue: AddIssue,
): void {
  if (!flow.verdict) return;
  for (const side of ["success", "failure"] as const) {
    flow.verdict[side].forEach((c, i) => {
      const at = ["launchFlow", "verdict", side, i];
      if (c.kind === "gates") {
        c.gates.forEach((g, j) => {
          if (!gateIds.has(g)) addIssue({ path: [...at, "gates", j], message: `no gate with id "${g}"` });
        });
      } else if (c.kind === "item" && !itemIds.has(c.item)) {
        addIssue({ path: [...at, "item"], message: `no milestone item with id "${c.item}"` });
      } else if (c.kind === "trigger" && !triggerIds.has(c.trigger)) {
        addIssue({ path: [...at, "trigger"], message: `no trigger with id "${c.trigger}"` });
      }
    });
  }
}
