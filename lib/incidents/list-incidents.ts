import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/auth/authenticate";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { readIncident, readIncidents } from "@/lib/db/read-incidents";
import { incidentScope } from "@/lib/incidents/incident-section";
import { Refusal } from "@/lib/model/refusal";
import { shortId } from "@/lib/model/short-id";

export const listQuery = z.object({ id: z.string().uuid().optional() });

/** The active incident with its timeline and the recent ones; or one incident by id. Signed-in only. */
export async function listIncidents(
  ctx: LaunchContext,
  _actor: Actor,
  _meta: unknown,
  q: z.infer<typeof listQuery>,
) {
  if (q.id) {
    const one = await readIncident(ctx.db, q.id);
    if (!one || one.incident.runbookId !== ctx.runbook.id)
      throw new Refusal(404, `incident: no incident "${shortId(q.id)}"`);
    return one;
  }
  return readIncidents(ctx.db, ctx.runbook.id, incidentScope(ctx.runbook.id), 20);
}
