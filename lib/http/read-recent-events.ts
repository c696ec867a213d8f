import "server-only";
import { getDb } from "@/lib/db/client";
import { listEvents } from "@/lib/db/list-events";

/** The newest board events (level changes, rule firings) for /api/events. */
export async function readRecentEvents(limit: number) {
  return listEvents(await getDb(), { limit });
}
