import { z } from "zod";
import { id } from "@/lib/model/http-check-schemas";

/**
 * When a checklist is in force, always for one incident: `incident` while it is active (response steps,
 * recovery ticks, rollback procedure), `post-incident` once it is resolved.
 */
export const CHECKLIST_PHASES = ["incident", "post-incident"] as const;
export type ChecklistPhase = (typeof CHECKLIST_PHASES)[number];

/** tick: a person did it. entry: a person records what another system said — never a measurement. */
export const CHECKLIST_ITEM_KINDS = ["tick", "entry"] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];

/** An owner is a person id, or `role:<role>` for anyone of that role among the runbook's people. */
const ROLE_PREFIX = "role:";

export const checklistItemSchema = z
  .object({
    id,
    kind: z.enum(CHECKLIST_ITEM_KINDS),
    label: z.string().min(1),
    /** Who ticks it (a person id or `role:<role>`); the incident lead may always. */
    owner: z.string().min(1),
    /** An entry's external system, e.g. "UptimeRobot", "status page", "customer". */
    system: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
  })
  .refine((i) => (i.kind === "entry") === (i.system !== undefined), {
    message: "an entry names its external system (system), and only an entry does",
    path: ["system"],
  });
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSchema = z.object({
  id,
  label: z.string().min(1),
  phase: z.enum(CHECKLIST_PHASES),
  /** Scenarios (decision-tree branch ids) it belongs to; none: every incident. */
  scenarios: z.array(id).default([]),
  source: z.string().min(1),
  items: z.array(checklistItemSchema).min(1, "a checklist needs at least one item"),
});
export type Checklist = z.infer<typeof checklistSchema>;
export type ChecklistInput = z.input<typeof checklistSchema>;

/** The owner as a person id or a role. */
export function parseOwner(owner: string): { person: string } | { role: string } {
  return owner.startsWith(ROLE_PREFIX) ? { role: owner.slice(ROLE_PREFIX.length) } : { person: owner };
}

type AddIssue = (issue: { path: (string | number)[]; message: string }) => void;

/** Ids are unique, every owner is a person or a role someone has, every scenario a branch of the tree. */
export function checkChecklistRefs(
  rb: {
    checklists: readonly Checklist[];
    people: readonly { id: string; role: string }[];
    scale: { tree: readonly { id: string }[] };
  },
  addIssue: AddIssue,
): void {
  const personIds = new Set(rb.people.map((p) => p.id));
  const roles = new Set(rb.people.map((p) => p.role));
  const branches = new Set(rb.scale.tree.map((t) => t.id));
  const listIds = new Set<string>();
  rb.checklists.forEach((list, i) => {
    const at = ["checklists", i];
    if (listIds.has(list.id))
      addIssue({ path: [...at, "id"], message: `duplicate checklist id "${list.id}"` });
    listIds.add(list.id);
    list.scenarios.forEach((s, j) => {
      if (!branches.has(s))
        addIssue({ path: [...at, "scenarios", j], message: `no decision-tree branch with id "${s}"` });
    });
    const itemIds = new Set<string>();
    list.items.forEach((item, j) => {
      if (itemIds.has(item.id))
        addIssue({ path: [...at, "items", j, "id"], message: `duplicate item id "${item.id}"` });
      itemIds.add(item.id);
      const owner = parseOwner(item.owner);
      const known = "person" in owner ? personIds.has(owner.person) : roles.has(owner.role);
      if (!known)
        addIssue({
          path: [...at, "items", j, "owner"],
          message:
            "person" in owner ? `no person with id "${owner.person}"` : `no person has role "${owner.role}"`,
        });
    });
  });
}
