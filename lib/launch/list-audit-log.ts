import "server-only";
import { z } from "zod";
import type { LaunchContext } from "@/lib/auth/launch-context";
import { listAudit } from "@/lib/db/list-audit";

export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** The audit log for any signed-in person (it holds client addresses, so not for the TV). */
export async function listAuditLog(ctx: LaunchContext, q: z.infer<typeof auditQuery>) {
  return { entries: await listAudit(ctx.db, { limit: q.limit, runbookId: ctx.runbook.id }) };
}
