import "server-only";
import { getDb } from "@/lib/db/client";
import { readLaunchRecord } from "@/lib/db/read-launch-record";
import type { LaunchRecord } from "@/lib/model/launch";
import { processState } from "@/lib/runtime/process-state";

/** How old the cached record may get before a read refreshes it (another process may have written). */
const REFRESH_MS = 3000;

type Cache = {
  runbookId: string | null;
  record: LaunchRecord | null;
  loadedAt: number;
  error: string | null;
  refreshing: Promise<void> | null;
};

function cache(): Cache {
  return processState<Cache>("db.launch-cache", () => ({
    runbookId: null,
    record: null,
    loadedAt: 0,
    error: null,
    refreshing: null,
  }));
}

/** Reads the stored launch into the cache; resolves when done (errors are kept, not thrown). */
export function refreshLaunchRecord(runbookId: string): Promise<void> {
  const c = cache();
  if (c.refreshing) return c.refreshing.then(() => refreshOnce(c, runbookId));
  return refreshOnce(c, runbookId);
}

function refreshOnce(c: Cache, runbookId: string): Promise<void> {
  const run = (async () => {
    try {
      const record = await readLaunchRecord(await getDb(), runbookId);
      c.runbookId = runbookId;
      c.record = record;
      c.error = null;
    } catch (err) {
      c.error = `launch state unavailable: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      c.loadedAt = Date.now();
      c.refreshing = null;
    }
  })();
  c.refreshing = run;
  return run;
}

/** The cached record for the board (synchronous); starts a background refresh when it is old. */
export function cachedLaunchRecord(runbookId: string): { record: LaunchRecord | null; error: string | null } {
  const c = cache();
  if (!c.refreshing && (c.runbookId !== runbookId || Date.now() - c.loadedAt > REFRESH_MS)) {
    void refreshLaunchRecord(runbookId);
  }
  return { record: c.runbookId === runbookId ? c.record : null, error: c.error };
}
