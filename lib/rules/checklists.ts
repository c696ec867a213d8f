import type { ChecklistItemView, ChecklistTickRecord, ChecklistView } from "@/lib/model/checklist";
import { type Checklist, type ChecklistItem, parseOwner } from "@/lib/model/checklist-schema";

type Person = { id: string; name: string; role: string };
export type Permission = { ok: true } | { ok: false; reason: string };

/** How people read an owner: the person's name, or "any <role>". */
export function ownerName(owner: string, people: readonly Person[]): string {
  const o = parseOwner(owner);
  if ("role" in o) return `any ${o.role}`;
  return people.find((p) => p.id === o.person)?.name ?? o.person;
}

/** The item's owner (the person, or anyone of the role) or the incident lead; viewers never. */
export function canTickChecklistItem(
  person: Person,
  item: Pick<ChecklistItem, "id" | "owner">,
  people: readonly Person[],
): Permission {
  if (person.role === "viewer") return { ok: false, reason: `${person.name} (viewer) changes nothing` };
  if (person.role === "lead") return { ok: true };
  const o = parseOwner(item.owner);
  const mine = "person" in o ? o.person === person.id : o.role === person.role;
  return mine
    ? { ok: true }
    : {
        ok: false,
        reason: `item "${item.id}" is ticked by ${ownerName(item.owner, people)} or the incident lead, not ${person.name}`,
      };
}

/** The checklist for one incident with each item's latest tick (ticks oldest first; the last counts). */
export function checklistView(
  list: Checklist,
  incidentId: string,
  ticks: readonly ChecklistTickRecord[],
  people: readonly Person[],
): ChecklistView {
  const latest = new Map<string, ChecklistTickRecord>();
  for (const t of ticks) {
    if (t.incidentId === incidentId && t.checklistId === list.id) latest.set(t.itemId, t);
  }
  const items: ChecklistItemView[] = list.items.map((item) => {
    const t = latest.get(item.id);
    return {
      id: item.id,
      kind: item.kind,
      label: item.label,
      owner: item.owner,
      ownerName: ownerName(item.owner, people),
      system: item.system ?? null,
      source: item.source ?? null,
      done: t?.done ?? false,
      note: t?.note ?? null,
      by: t?.personId ?? null,
      byName: t ? (people.find((p) => p.id === t.personId)?.name ?? t.personId) : null,
      at: t?.at ?? null,
    };
  });
  const done = items.filter((i) => i.done).length;
  return {
    id: list.id,
    label: list.label,
    phase: list.phase,
    source: list.source,
    incidentId,
    items,
    done,
    total: items.length,
  };
}

/** The scenario (decision-tree branch) stored with an incident's declaration, if any. */
export function declaredScenario(suggestion: Record<string, unknown>): string | null {
  const s = suggestion.scenario;
  return s && typeof s === "object" && "id" in s && typeof s.id === "string" ? s.id : null;
}

/**
 * An incident-phase list is in force for an incident when it names no scenario, when one of its scenarios
 * is the incident's (declared or live now), or once someone ticked it for that incident.
 */
export function isInForce(
  list: Checklist,
  incidentId: string,
  scenarios: readonly string[],
  ticks: readonly ChecklistTickRecord[],
): boolean {
  if (list.scenarios.length === 0) return true;
  if (list.scenarios.some((s) => scenarios.includes(s))) return true;
  return ticks.some((t) => t.incidentId === incidentId && t.checklistId === list.id);
}

/**
 * The checklists the board shows: while an incident is active, its response lists in force; once the
 * latest incident is resolved and none is active, its post-incident lists. Pure.
 */
export function boardChecklists(input: {
  checklists: readonly Checklist[];
  active: { id: string; scenarios: string[] } | null;
  lastResolved: { id: string } | null;
  ticks: readonly ChecklistTickRecord[];
  people: readonly Person[];
}): ChecklistView[] {
  const { checklists, active, lastResolved, ticks, people } = input;
  if (active) {
    return checklists
      .filter((l) => l.phase === "incident" && isInForce(l, active.id, active.scenarios, ticks))
      .map((l) => checklistView(l, active.id, ticks, people));
  }
  if (!lastResolved) return [];
  return checklists
    .filter((l) => l.phase === "post-incident")
    .map((l) => checklistView(l, lastResolved.id, ticks, people));
}

/** Every list that was in force for one incident, response and post-incident, for its post-mortem. */
export function incidentChecklists(
  checklists: readonly Checklist[],
  incident: { id: string; suggestion: Record<string, unknown> },
  ticks: readonly ChecklistTickRecord[],
  people: readonly Person[],
): ChecklistView[] {
  const scenario = declaredScenario(incident.suggestion);
  return checklists
    .filter(
      (l) => l.phase === "post-incident" || isInForce(l, incident.id, scenario ? [scenario] : [], ticks),
    )
    .map((l) => checklistView(l, incident.id, ticks, people));
}
