import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { readLatestBoard } from "@/lib/db/read-latest-board";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import type { SnapshotRecord } from "@/lib/db/types";
import type { BoardState } from "@/lib/model/board";
import type { Reading } from "@/lib/model/probe";
import { type OpenStore, STORE_BACKENDS } from "@/test/support/store-backends";

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

/** A board as evaluated at cycle `n` (the parts storage cares about: it is stored as JSON). */
function board(runbookId: string, n: number): BoardState {
  return {
    runbook: { id: runbookId, name: "BuyWhere US launch", system: "buywhere", source: "preset" },
    serverNow: new Date(T0 + n * 1000 + 950).toISOString(),
    cycle: { number: n, startedAt: new Date(T0 + n * 1000).toISOString(), finishedAt: "", durationMs: 900 },
    checks: Array.from({ length: 40 }, (_, i) => ({
      id: `check-${i}`,
      level: "ok",
      summary: `200 in ${n} ms`,
    })),
    counts: { ok: 40, warn: 0, crit: 0, unknown: 0 },
    storage: { kind: "pglite", ready: true, pending: 1, lastError: null },
  } as unknown as BoardState;
}

function reading(n: number): Reading {
  return {
    checkId: "api-health",
    level: "ok",
    value: n,
    unit: "ms",
    summary: `api-health at ${n}`,
    conditions: [],
    evidence: {},
    collectedAt: new Date(T0 + n * 1000 + 250).toISOString(),
    durationMs: 12,
  };
}

function snapshot(runbookId: string, n: number, withBoard = true): SnapshotRecord {
  const startedAt = new Date(T0 + n * 1000);
  return {
    id: randomUUID(),
    runbookId,
    cycle: n,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 900),
    readings: [reading(n)],
    board: withBoard ? board(runbookId, n) : null,
  };
}

describe.each(STORE_BACKENDS)("the latest board on $name", (backend) => {
  let db: PrismaClient;
  let store: OpenStore | undefined;
  beforeAll(async () => {
    store = await backend.open("board");
    db = store.db;
  });
  afterAll(() => store?.close());

  it("is stored with its snapshot, the newest of a batch per runbook, and read back as evaluated", async () => {
    expect(await readLatestBoard(db, "rb-a")).toBeNull();
    const batch = [snapshot("rb-a", 1), snapshot("rb-b", 2), snapshot("rb-a", 3), snapshot("rb-a", 4, false)];
    expect(await recordSnapshots(db, batch)).toEqual({ snapshots: 4, readings: 4 });

    const a = await readLatestBoard(db, "rb-a");
    expect(a).toEqual({
      runbookId: "rb-a",
      cycle: 3,
      snapshotId: batch[2]?.id,
      evaluatedAt: new Date(T0 + 3950),
      board: board("rb-a", 3),
      epoch: 0,
    });
    expect((await readLatestBoard(db, "rb-b"))?.cycle).toBe(2);
    expect(await db.latestBoard.count()).toBe(2);
  });

  it("keeps one row per runbook: a later board replaces it, a late retry of an older one does not", async () => {
    const older = snapshot("rb-c", 10);
    const newer = snapshot("rb-c", 11);
    await recordSnapshots(db, [newer]);
    await recordSnapshots(db, [older]);
    expect((await readLatestBoard(db, "rb-c"))?.snapshotId).toBe(newer.id);
    // Re-sent after a lost acknowledgement: nothing changes.
    await recordSnapshots(db, [newer]);
    const later = snapshot("rb-c", 12);
    await recordSnapshots(db, [later]);
    expect(await readLatestBoard(db, "rb-c")).toMatchObject({ cycle: 12, snapshotId: later.id });
    expect(await db.latestBoard.count({ where: { runbookId: "rb-c" } })).toBe(1);
  });

  it("is written in the same transaction as the snapshot: a failed write stores neither", async () => {
    const broken = snapshot("rb-d", 20);
    const bad = { ...reading(20), collectedAt: "not a time" };
    await expect(recordSnapshots(db, [{ ...broken, readings: [bad] }])).rejects.toThrow();
    expect(await readLatestBoard(db, "rb-d")).toBeNull();
    expect(await db.snapshot.count({ where: { id: broken.id } })).toBe(0);
  });
});
