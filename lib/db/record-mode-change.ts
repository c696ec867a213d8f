import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { AuditInput } from "@/lib/db/launch-types";
import type { ScreenMode } from "@/lib/model/screen-mode";

/** The lead sets (or, with `mode` null, clears) the screen's mode; every change is kept, the latest counts. */
export async function recordModeChange(
  db: PrismaClient,
  c: { runbookId: string; mode: ScreenMode | null; personId: string; reason: string; audit: AuditInput },
): Promise<{ id: number }> {
  return db.$transaction(async (tx) => {
    const row = await tx.screenModeChange.create({
      data: { runbookId: c.runbookId, mode: c.mode, personId: c.personId, reason: c.reason },
      select: { id: true },
    });
    const id = Number(row.id);
    await appendAudit(tx, { ...c.audit, data: { ...c.audit.data, modeChangeId: id } });
    return { id };
  });
}
