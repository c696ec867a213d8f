import "server-only";
import type { Conflict, DbClient } from "@/lib/db/launch-types";

/** Creates the launch's head row if missing; safe under concurrency (ON CONFLICT DO NOTHING). */
export async function ensureLaunchState(db: DbClient, runbookId: string): Promise<void> {
  await db.$executeRaw`INSERT INTO "LaunchState" ("runbookId") VALUES (${runbookId}) ON CONFLICT DO NOTHING`;
}

export async function readConflict(db: DbClient, runbookId: string): Promise<Conflict> {
  const row = await db.launchState.findUnique({ where: { runbookId } });
  return {
    ok: false,
    revision: row?.revision ?? 0,
    round: row?.round ?? 1,
    roundCall: row?.roundCall ?? null,
  };
}
