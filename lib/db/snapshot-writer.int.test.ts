import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDb } from "@/lib/db/client";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import { createSnapshotWriter } from "@/lib/db/snapshot-writer";
import type { SnapshotRecord } from "@/lib/db/types";
import {
  createTestDatabase,
  proxiedUrl,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
  withClient,
} from "@/test/support/test-database";

function snap(cycle: number): SnapshotRecord {
  const t = new Date(Date.UTC(2026, 5, 1, 12, 0, cycle));
  return {
    id: randomUUID(),
    runbookId: "buywhere-us-launch",
    cycle,
    startedAt: t,
    finishedAt: t,
    readings: [
      {
        checkId: "api-health",
        level: "ok",
        value: cycle,
        unit: "ms",
        summary: "ok",
        conditions: [],
        evidence: {},
        collectedAt: t.toISOString(),
        durationMs: 5,
      },
    ],
  };
}

describe("snapshot writer against PostgreSQL that goes away and comes back", () => {
  let pg: TestDatabase;
  let proxy: TcpProxy;
  let closeDb: () => Promise<void> = async () => {};
  beforeAll(async () => {
    pg = await createTestDatabase("writer");
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(pg.url).port || 5432) });
  });
  afterAll(async () => {
    await closeDb();
    await proxy.close();
    await pg.drop();
  });

  /** Counted on a direct connection, not through the proxy. */
  const stored = () =>
    withClient(pg.url, async (c) => {
      const { rows } = await c.query<{ cycle: number; readings: string }>(
        `SELECT s.cycle, coalesce(cardinality(s."checkKeys"), 0) AS readings FROM "Snapshot" s ORDER BY s.cycle`,
      );
      return rows.map((r) => [r.cycle, Number(r.readings)]);
    });

  it("keeps snapshots through the outage and writes the missed ones, once, when it returns", async () => {
    const opened = await openDb({ kind: "postgres", url: proxiedUrl(pg.url, proxy.port) });
    closeDb = opened.close;
    const errors: string[] = [];
    const writer = createSnapshotWriter({
      write: (batch) => recordSnapshots(opened.client, batch),
      initialBackoffMs: 50,
      maxBackoffMs: 200,
      onError: (e) => errors.push(e.message),
    });

    for (const c of [1, 2, 3]) writer.enqueue(snap(c));
    expect(await writer.flush()).toBe(true);
    expect(await stored()).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);

    await proxy.cut();
    for (const c of [4, 5, 6, 7, 8]) writer.enqueue(snap(c));
    expect(await writer.flush()).toBe(false);
    expect(writer.pending()).toBe(5);
    expect(writer.lastError()).not.toBeNull();
    expect(errors.length).toBeGreaterThan(0);
    expect((await stored()).length).toBe(3);

    await proxy.restore();
    writer.enqueue(snap(9));
    // No flush call: the writer retries on its own.
    await vi.waitFor(() => expect(writer.pending()).toBe(0), { timeout: 20_000, interval: 50 });
    expect(writer.lastError()).toBeNull();
    expect(await stored()).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 1]));
    expect(await writer.close()).toBe(true);
  });
});
