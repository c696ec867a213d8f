import "server-only";
import { deleteExpiredSessions } from "@/lib/db/auth-sessions";
import type { Db } from "@/lib/db/client";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

const EVERY_MS = 10 * 60_000;

/** Deletes expired sessions at most once per ten minutes per process (start-up and sign-ins call it). */
export async function purgeExpiredSessions(db: Db, now: Date, force = false): Promise<number> {
  const last = peekProcessState<number>("auth.session-purge");
  if (!force && last !== undefined && now.getTime() - last < EVERY_MS) return 0;
  setProcessState("auth.session-purge", now.getTime());
  return deleteExpiredSessions(db, now).catch(() => 0);
}
