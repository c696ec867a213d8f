import "server-only";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { toJsonValue } from "@/lib/db/json";
import type { SnapshotRecord } from "@/lib/db/types";
import type { Reading } from "@/lib/model/probe";

export type RecordSnapshotsResult = { snapshots: number; readings: number };

/**
 * Inserts snapshots and their readings in one transaction. Idempotent on snapshot id: a snapshot
 * already stored (a retry after a lost acknowledgement) is skipped together with its readings.
 */
export async function recordSnapshots(
  db: PrismaClient,
  snapshots: SnapshotRecord[],
): Promise<RecordSnapshotsResult> {
  const unique = [...new Map(snapshots.map((s) => [s.id, s] as const)).values()];
  if (unique.length === 0) return { snapshots: 0, readings: 0 };
  // Inside the callback only `tx` may be used: a root-client query would wait for this very
  // transaction (PGlite has one connection) until it times out.
  return db.$transaction(
    async (tx) => {
      const created = await tx.snapshot.createManyAndReturn({
        data: unique.map(({ readings: _readings, ...s }) => s),
        skipDuplicates: true,
        select: { id: true },
      });
      const fresh = new Set(created.map((c) => c.id));
      const rows = unique
        .filter((s) => fresh.has(s.id))
        .flatMap((s) => s.readings.map((r) => toRow(s.id, r)));
      if (rows.length > 0) await tx.reading.createMany({ data: rows });
      return { snapshots: fresh.size, readings: rows.length };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

function toRow(snapshotId: string, r: Reading) {
  const isNumber = typeof r.value === "number" && Number.isFinite(r.value);
  return {
    snapshotId,
    checkId: r.checkId,
    level: r.level,
    value: isNumber ? (r.value as number) : null,
    valueText: r.value === null || isNumber ? null : String(r.value),
    unit: r.unit,
    summary: r.summary,
    conditions: toJsonValue(r.conditions),
    evidence: toJsonValue(r.evidence),
    collectedAt: new Date(r.collectedAt),
    durationMs: Math.round(r.durationMs),
  };
}
