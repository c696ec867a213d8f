import "server-only";
import { processGuards } from "@/lib/auth/process-guards";
import { appendAudit } from "@/lib/db/append-audit";
import type { AuditInput, DbClient } from "@/lib/db/launch-types";
import { peekProcessState, setProcessState } from "@/lib/runtime/process-state";

/**
 * Appends a refusal that may repeat by the thousand: the first of `key` per window is written now, the
 * others as one summary row when the window closes. Never throws (the refusal is answered regardless).
 */
export async function appendTalliedAudit(db: DbClient, key: string, entry: AuditInput, now: Date) {
  const tally = processGuards().auditTally;
  const first = tally.note(key, entry, now.getTime());
  await writeAll(db, [...(first ? [first] : []), ...tally.drain(now.getTime())]);
  armFlush(db);
}

/** Writes every open summary now (shutdown, tests). */
export async function flushTalliedAudit(db: DbClient, now = new Date()): Promise<void> {
  await writeAll(db, processGuards().auditTally.drain(now.getTime(), true));
}

async function writeAll(db: DbClient, entries: AuditInput[]): Promise<void> {
  for (const e of entries) await appendAudit(db, e).catch(() => undefined);
}

function armFlush(db: DbClient): void {
  const next = processGuards().auditTally.nextCloseMs();
  if (peekProcessState("auth.audit-flush") || next === null) return;
  const timer = setTimeout(
    () => {
      setProcessState("auth.audit-flush", undefined);
      void writeAll(db, processGuards().auditTally.drain(Date.now())).then(() => armFlush(db));
    },
    Math.max(0, next - Date.now()) + 50,
  );
  timer.unref();
  setProcessState("auth.audit-flush", timer);
}
