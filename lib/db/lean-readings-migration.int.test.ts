// Readings stored one row each (before the packed layout) are carried over by the migration: every reading
// reads back the same afterwards, on both databases.
import { randomUUID } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { listCheckLevels } from "@/lib/db/list-check-levels";
import { listReadings } from "@/lib/db/list-readings";
import { defaultMigrationsDir, listMigrationFiles } from "@/lib/db/migration-files";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import type { StoredReading } from "@/lib/db/types";
import type { Level } from "@/lib/model/runbook-schema";
import { createTestDatabase } from "@/test/support/test-database";

const T0 = Date.parse("2026-11-30T10:00:00Z");
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** The migrations before the packed layout. */
async function migrationsBefore(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "warroom-lean-migration-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsDir(), dir, { recursive: true });
  const lean = (await listMigrationFiles(dir)).find((m) => m.name.endsWith("_lean_readings"));
  if (!lean) throw new Error("no lean_readings migration");
  await rm(path.join(dir, lean.name), { recursive: true });
  return dir;
}

function oldReadings(): { snapshotId: string; startedAt: number; readings: StoredReading[] }[] {
  const levels: Level[] = ["ok", "ok", "warn", "crit", "crit", "unknown", "ok"];
  return Array.from({ length: 30 }, (_, c) => {
    const startedAt = T0 + c * 5000;
    const snapshotId = randomUUID();
    const readings = ["api-health", "tls-days"].map((checkId, k): StoredReading => {
      const level = levels[(c + k * 3) % levels.length] ?? "ok";
      const value = level === "unknown" ? (k === 1 ? "n/a" : null) : 30 + ((c * 17) % 90);
      return {
        snapshotId,
        checkId,
        level,
        value,
        // The unit changes once: a new detail even though level and summary shape stay.
        unit: level === "unknown" ? null : c < 20 ? "ms" : "s",
        summary: level === "crit" ? `HTTP 503 from /health after ${value} ms` : `answered in ${value} ms`,
        conditions: [{ condition: "[STATUS] == 200", actual: level, ok: level === "ok", level }],
        evidence: { url: "http://127.0.0.1/health", status: level === "crit" ? 503 : 200 },
        collectedAt: new Date(startedAt + 40 + k).toISOString(),
        durationMs: 7 + k,
      };
    });
    return { snapshotId, startedAt, readings };
  });
}

async function storeOldWay(db: PrismaClient, rows: ReturnType<typeof oldReadings>): Promise<void> {
  for (const s of rows) {
    await db.$executeRaw`INSERT INTO "Snapshot" ("id", "runbookId", "cycle", "startedAt", "finishedAt")
      VALUES (${s.snapshotId}, 'rb', 1, ${new Date(s.startedAt)}, ${new Date(s.startedAt + 900)})`;
    for (const r of s.readings) {
      const num = typeof r.value === "number" ? r.value : null;
      const text = typeof r.value === "string" ? r.value : null;
      await db.$executeRaw`INSERT INTO "Reading" ("snapshotId", "checkId", "level", "value", "valueText", "unit",
          "summary", "conditions", "evidence", "collectedAt", "durationMs")
        VALUES (${s.snapshotId}, ${r.checkId}, ${r.level}, ${num}, ${text}, ${r.unit}, ${r.summary},
          ${JSON.stringify(r.conditions)}::jsonb, ${JSON.stringify(r.evidence)}::jsonb, ${new Date(r.collectedAt)},
          ${r.durationMs})`;
    }
  }
}

const BACKENDS = [
  {
    name: "postgres",
    config: async () => {
      const created = await createTestDatabase("lean");
      cleanup.push(created.drop);
      return { kind: "postgres" as const, url: created.url };
    },
  },
  {
    name: "pglite",
    config: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "warroom-lean-"));
      cleanup.push(() => rm(dir, { recursive: true, force: true }));
      return { kind: "pglite" as const, dataDir: path.join(dir, "pglite") };
    },
  },
];

describe.each(BACKENDS)("the packed-readings migration on $name", (backend) => {
  it("carries every stored reading over exactly, and new readings continue after them", async () => {
    const config = await backend.config();
    const old = oldReadings();
    const before = await openDb({ ...config, migrationsDir: await migrationsBefore() });
    try {
      await storeOldWay(before.client, old);
    } finally {
      await before.close();
    }
    const after = await openDb(config);
    try {
      const db = after.client;
      for (const checkId of ["api-health", "tls-days"]) {
        const expected = old.flatMap((s) => s.readings.filter((r) => r.checkId === checkId));
        expect(await listReadings(db, { checkId, since: new Date(T0) })).toEqual(expected);
        const levels = await listCheckLevels(db, checkId, new Date(T0), null, 1000);
        expect(levels.rows).toEqual(expected.map((r) => ({ at: Date.parse(r.collectedAt), level: r.level })));
      }
      // The writer goes on from the migrated details.
      const next = old[0]?.readings[0];
      if (!next) throw new Error("no reading");
      const later = {
        ...next,
        collectedAt: new Date(T0 + 600_000).toISOString(),
        summary: "answered in 5 ms",
        value: 5,
      };
      await recordSnapshots(db, [
        {
          id: randomUUID(),
          runbookId: "rb",
          cycle: 2,
          startedAt: new Date(T0 + 599_000),
          finishedAt: new Date(T0 + 601_000),
          readings: [later],
        },
      ]);
      const last = (await listReadings(db, { checkId: next.checkId, since: new Date(T0 + 599_000) })).at(-1);
      expect(last).toMatchObject({
        summary: "answered in 5 ms",
        value: 5,
        level: later.level,
        unit: later.unit,
      });
    } finally {
      await after.close();
    }
  }, 300_000);
});
