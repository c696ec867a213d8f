import type { Checkpoint, Gate, MilestoneItem } from "@/lib/model/launch-flow-schema";
import type { Person } from "@/lib/model/runbook-schema";

export type Permission = { ok: true } | { ok: false; reason: string };
const allow: Permission = { ok: true };
const deny = (reason: string): Permission => ({ ok: false, reason });

/** An owner votes for their own domain only. */
export function canVote(person: Person, domain: string): Permission {
  if (person.role !== "owner") return deny(`${person.name} (${person.role}) does not vote in the poll`);
  if (person.domain !== domain)
    return deny(`${person.name} votes for "${person.domain ?? "no domain"}", not "${domain}"`);
  return allow;
}

/** Only the lead calls GO/HOLD, moves T-0 and starts or aborts a rollback; `act` names what was refused. */
export function canLead(person: Person, act = "calls GO/HOLD or delays"): Permission {
  return person.role === "lead"
    ? allow
    : deny(`only the incident lead ${act}; ${person.name} is ${person.role}`);
}

/** A checkpoint (deploy §4's Go/Hold) is called by its owner only. */
export function canCallCheckpoint(person: Person, checkpoint: Pick<Checkpoint, "id" | "owner">): Permission {
  return checkpoint.owner === person.id
    ? allow
    : deny(`checkpoint "${checkpoint.id}" is called by ${checkpoint.owner}, not ${person.id}`);
}

/** A gate is waived by a person of its domain. */
export function canWaive(person: Person, gate: Gate): Permission {
  if (person.role === "exec" || person.role === "viewer")
    return deny(`${person.name} (${person.role}) changes nothing`);
  return person.domain === gate.domain
    ? allow
    : deny(`gate "${gate.id}" is waived by its domain owner (${gate.domain}), not ${person.name}`);
}

/** A manual item is ticked by its owner; automatic items follow the live checks. */
export function canTick(person: Person, item: MilestoneItem): Permission {
  if (item.kind === "auto") return deny(`item "${item.id}" is automatic: it follows its live checks`);
  return item.owner === person.id
    ? allow
    : deny(`item "${item.id}" is ticked by ${item.owner}, not ${person.id}`);
}

/** The disk cleanup: the lead, or an owner of the domain the runbook names for it (its disk owner). */
export function canCleanUp(person: Person, ownerDomain: string | null): Permission {
  if (person.role === "lead") return allow;
  if (ownerDomain && person.role === "owner" && person.domain === ownerDomain) return allow;
  return deny(
    `only the incident lead${ownerDomain ? ` or the ${ownerDomain} owner` : ""} runs the disk cleanup; ${person.name} is ${person.role}${person.domain ? ` (${person.domain})` : ""}`,
  );
}
