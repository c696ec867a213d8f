import "server-only";
import { z } from "zod";
import { auditEntry } from "@/lib/auth/audit-entry";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { canTick } from "@/lib/auth/permissions";
import type { RequestMeta } from "@/lib/auth/request-meta";
import { recordTick } from "@/lib/db/record-tick";
import { afterChange } from "@/lib/launch/get-launch-state";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";

export const tickBody = z.object({
  item: z.string().min(1).max(100),
  done: z.boolean().default(true),
  note: z.string().trim().max(500).optional(),
});

/** The owner of a manual checklist item ticks (or unticks) it. */
export async function tickItem(
  ctx: LaunchContext,
  actor: Actor,
  meta: RequestMeta,
  body: z.infer<typeof tickBody>,
) {
  const item = ctx.runbook.launchFlow.milestones.flatMap((m) => m.items).find((i) => i.id === body.item);
  if (!item) throw new Refusal(404, `item: no checklist item "${shortId(body.item)}"`);
  const allowed = canTick(actor.person, item);
  if (!allowed.ok) throw new Refusal(403, allowed.reason);
  const note = body.note || null;
  await recordTick(ctx.db, {
    runbookId: ctx.runbook.id,
    itemId: item.id,
    personId: actor.person.id,
    done: body.done,
    note,
    audit: auditEntry(
      ctx.runbook.id,
      actor,
      meta,
      "tick",
      `${actor.person.name} ${body.done ? "ticked" : "unticked"} "${item.label}"${note ? `: ${note}` : ""}`,
      { item: item.id, done: body.done, note },
    ),
  });
  return afterChange(ctx);
}
