import "server-only";
import { deleteExpiredSessions } from "@/lib/db/auth-sessions";
import type { Db } from "@/lib/db/client";

const EVERY_MS = 10 * 60_000;
const KEY = Symbol.for("warroom.auth.session-purge");
type GlobalWithPurge = typeof globalThis & { [KEY]?: number };

/** Deletes expired sessions at most once per ten minutes per process (start-up and sign-ins call it). */
export async function purgeExpiredSessions(db: Db, now: Date, force = false): Promise<number> {
  const g = globalThis as GlobalWithPurge;
  if (!force && g[KEY] !== undefined && now.getTime() - g[KEY] < EVERY_MS) return 0;
  g[KEY] = now.getTime();
  return deleteExpiredSessions(db, now).catch(() => 0);
}
