import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { refreshLaunchRecord } from "@/lib/db/launch-cache";
import { readIncident } from "@/lib/db/read-incidents";
import { recordChecklistTick } from "@/lib/db/record-checklist-tick";
import { refreshIncidents } from "@/lib/incidents/incident-section";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";
import { canTickChecklistItem } from "@/lib/rules/checklists";

export const checklistTickBody = z.object({
  incident: z.string().uuid(),
  checklist: z.string().min(1).max(100),
  item: z.string().min(1).max(100),
  done: z.boolean().default(true),
  /** A tick's remark; for an entry, what the external system said (required to record it). */
  note: z.string().trim().max(1000).optional(),
});

/**
 * The owner (or the incident lead) ticks an item of a checklist in force for an incident, or records an
 * entry of what an external system said. Every tick is a new row; the latest counts.
 */
export async function tickChecklist(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof checklistTickBody>,
) {
  const list = ctx.runbook.checklists.find((l) => l.id === body.checklist);
  if (!list) throw new Refusal(404, `checklist: no checklist "${shortId(body.checklist)}"`);
  const item = list.items.find((i) => i.id === body.item);
  if (!item) throw new Refusal(404, `item: no item "${shortId(body.item)}" in checklist "${list.id}"`);
  const allowed = canTickChecklistItem(actor.person, item, ctx.runbook.people);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const found = await readIncident(ctx.db, body.incident);
  if (!found || found.incident.runbookId !== ctx.runbook.id)
    throw new Refusal(404, `incident: no incident "${shortId(body.incident)}"`);
  const { incident } = found;
  if (list.phase === "incident" && incident.status !== "active")
    throw new Refusal(
      409,
      `checklist "${list.id}" is in force while the incident is active; it was resolved`,
    );
  if (list.phase === "post-incident" && incident.status !== "resolved")
    throw new Refusal(409, `checklist "${list.id}" is in force once the incident is resolved`);
  const note = body.note || null;
  if (item.kind === "entry" && body.done && !note)
    throw new Refusal(400, `note: say what ${item.system ?? "the external system"} showed`);
  const verb =
    item.kind === "entry" ? (body.done ? "recorded" : "withdrew") : body.done ? "ticked" : "unticked";
  const tick = await recordChecklistTick(ctx.db, {
    runbookId: ctx.runbook.id,
    incidentId: incident.id,
    checklistId: list.id,
    itemId: item.id,
    personId: actor.person.id,
    done: body.done,
    note,
    audit: auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      "checklist-tick",
      `${actor.person.name} ${verb} "${item.label}" (${list.label})${note ? `: ${note}` : ""}`,
      { incidentId: incident.id, checklist: list.id, item: item.id, done: body.done, note },
    ),
  });
  await Promise.all([refreshIncidents(ctx.runbook.id), refreshLaunchRecord(ctx.runbook.id)]);
  ctx.publish();
  return { tick };
}
