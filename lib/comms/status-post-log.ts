import "server-only";
import type { DbClient } from "@/lib/db/launch-types";
import { processState } from "@/lib/runtime/process-state";

/**
 * When the last status update (a template with a cadence) went out, per runbook: kept in memory for the
 * board, which is built synchronously, and loaded once from the audit log so a restart does not reset the
 * 15-minute clock.
 */
export const STATUS_POST_ACTIONS = ["comms-delivery", "comms-manual"] as const;

type Entry = { at: string | null; loaded: boolean; loading: boolean };
function entries(): Map<string, Entry> {
  return processState("comms.status-posts", () => new Map<string, Entry>());
}

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** Record a status update that went out now (or at `at`). */
export function noteStatusPost(runbookId: string, at: string): void {
  const e = entries().get(runbookId) ?? { at: null, loaded: false, loading: false };
  e.at = later(e.at, at);
  entries().set(runbookId, e);
}

/** The last status update known; starts loading it from the audit log on first use. */
export function lastStatusPost(runbookId: string, db: () => Promise<DbClient>): string | null {
  const e = entries().get(runbookId) ?? { at: null, loaded: false, loading: false };
  entries().set(runbookId, e);
  if (!e.loaded && !e.loading) {
    e.loading = true;
    void loadLastStatusPost(runbookId, db)
      .then((at) => {
        e.at = later(e.at, at);
        e.loaded = true;
      })
      .catch(() => undefined)
      .finally(() => {
        e.loading = false;
      });
  }
  return e.at;
}

/** The newest successful status-update post in the audit log. */
export async function loadLastStatusPost(
  runbookId: string,
  db: () => Promise<DbClient>,
): Promise<string | null> {
  const client = await db();
  const rows = await client.auditEntry.findMany({
    where: { runbookId, action: { in: [...STATUS_POST_ACTIONS] }, outcome: "ok" },
    orderBy: [{ id: "desc" }],
    take: 200,
    select: { at: true, data: true },
  });
  const row = rows.find((r) => (r.data as PostData | null)?.cadence === true);
  if (!row) return null;
  const postedAt = (row.data as PostData).postedAt;
  return typeof postedAt === "string" && !Number.isNaN(Date.parse(postedAt))
    ? postedAt
    : row.at.toISOString();
}

type PostData = { cadence?: unknown; postedAt?: unknown };
