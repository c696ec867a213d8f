import "server-only";
import { getDb } from "@/lib/db/client";
import { readVerdictFacts } from "@/lib/db/read-verdict-facts";
import type { VerdictFacts } from "@/lib/model/launch-verdict";
import { processState } from "@/lib/runtime/process-state";

/** How old the facts may get before a read refreshes them (another dashboard may have rolled back). */
const REFRESH_MS = 5000;

type Cache = {
  key: string | null;
  facts: VerdictFacts | null;
  loadedAt: number;
  refreshing: Promise<void> | null;
};

const cache = () =>
  processState<Cache>("launch.verdict-facts", () => ({
    key: null,
    facts: null,
    loadedAt: 0,
    refreshing: null,
  }));

/**
 * The verdict's stored facts for the board (synchronous): null until read once for this runbook and T-0;
 * a background refresh starts when they are old. A failed read keeps the last facts.
 */
export function cachedVerdictFacts(
  runbookId: string,
  t0Ms: number,
  ruleIds: readonly string[],
): VerdictFacts | null {
  const c = cache();
  const key = `${runbookId}@${t0Ms}:${ruleIds.join(",")}`;
  if (!c.refreshing && (c.key !== key || Date.now() - c.loadedAt > REFRESH_MS)) {
    c.refreshing = (async () => {
      try {
        const facts = await readVerdictFacts(await getDb(), runbookId, new Date(t0Ms), ruleIds);
        c.key = key;
        c.facts = facts;
      } catch {
        // storage down: the board keeps what it had; rollbacks and firings read unknown until a first read
      } finally {
        c.loadedAt = Date.now();
        c.refreshing = null;
      }
    })();
  }
  return c.key === key ? c.facts : null;
}
