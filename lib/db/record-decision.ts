import "server-only";
import { appendAudit } from "@/lib/db/append-audit";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import { ensureLaunchState, readConflict } from "@/lib/db/launch-state-row";
import type { AuditInput, Conflict } from "@/lib/db/launch-types";

export type DecisionInput = {
  runbookId: string;
  expectedRevision: number;
  round: number;
  call: "go" | "hold";
  personId: string;
  reason: string | null;
  blockingGates: string[];
  /** HOLD with an unresolved P0: T-0 moves by this much and the poll reopens as the next round. */
  delay: { minutes: number; reason: string } | null;
  audit: AuditInput;
};

/**
 * The lead's call, at most once per round: a conditional update on the expected revision (a stale page
 * or a double submit finds it moved) and the unique (runbookId, round) key on the decision itself.
 */
export async function recordDecision(
  db: PrismaClient,
  d: DecisionInput,
): Promise<{ ok: true; revision: number; round: number } | Conflict> {
  return db.$transaction(async (tx) => {
    await ensureLaunchState(tx, d.runbookId);
    const nextRound = d.delay ? d.round + 1 : d.round;
    const roundCall = d.delay ? null : d.call;
    const rows = await tx.$queryRaw<{ revision: number; round: number }[]>`
      UPDATE "LaunchState"
         SET "revision" = "revision" + 1, "round" = ${nextRound}, "roundCall" = ${roundCall}, "updatedAt" = now()
       WHERE "runbookId" = ${d.runbookId} AND "revision" = ${d.expectedRevision}
         AND "round" = ${d.round} AND "roundCall" IS NULL
       RETURNING "revision", "round"`;
    const head = rows[0];
    if (!head) return readConflict(tx, d.runbookId);
    await tx.launchDecision.create({
      data: {
        runbookId: d.runbookId,
        round: d.round,
        call: d.call,
        personId: d.personId,
        reason: d.reason,
        blockingGates: toJsonValue(d.blockingGates),
      },
    });
    if (d.delay) {
      await tx.launchDelay.create({
        data: { runbookId: d.runbookId, round: d.round, personId: d.personId, ...d.delay },
      });
    }
    await appendAudit(tx, {
      ...d.audit,
      data: { ...d.audit.data, revision: head.revision, round: head.round },
    });
    return { ok: true as const, revision: head.revision, round: head.round };
  });
}
