import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import type { VerdictFacts } from "@/lib/model/launch-verdict";

/** Bound on the firings read: a flapping rule over a long day must not make this read grow without end. */
const MAX_FIRINGS = 500;

/**
 * What the launch verdict reads from storage since `since`: rollback runs of this runbook (any outcome:
 * a rollback that was started counts as executed) and the rule firings of `ruleIds` from the event log.
 */
export async function readVerdictFacts(
  db: PrismaClient,
  runbookId: string,
  since: Date,
  ruleIds: readonly string[],
): Promise<VerdictFacts> {
  const [runs, events] = await Promise.all([
    db.rollbackRun.findMany({
      where: { runbookId, kind: "rollback", startedAt: { gte: since } },
      orderBy: { startedAt: "asc" },
      select: { id: true, startedAt: true, status: true },
    }),
    ruleIds.length === 0
      ? Promise.resolve([])
      : db.event.findMany({
          where: { kind: "rule-fired", at: { gte: since } },
          orderBy: { at: "asc" },
          take: MAX_FIRINGS,
          select: { at: true, data: true },
        }),
  ]);
  const firings = events.flatMap((e): VerdictFacts["firings"] => {
    const data = (e.data ?? {}) as { ruleId?: unknown; level?: unknown };
    const ruleId = typeof data.ruleId === "string" ? data.ruleId : null;
    const level = data.level === "warn" || data.level === "crit" ? data.level : null;
    return ruleId && level && ruleIds.includes(ruleId) ? [{ ruleId, level, at: e.at.toISOString() }] : [];
  });
  return {
    rollbacks: runs.map((r) => ({ id: r.id, startedAt: r.startedAt.toISOString(), status: r.status })),
    firings,
  };
}
