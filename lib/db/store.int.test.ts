import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvent } from "@/lib/db/append-event";
import { countSnapshots } from "@/lib/db/count-snapshots";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { listEvents } from "@/lib/db/list-events";
import { listReadings } from "@/lib/db/list-readings";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import type { SnapshotRecord } from "@/lib/db/types";
import type { Reading } from "@/lib/model/probe";
import { type OpenStore, STORE_BACKENDS } from "@/test/support/store-backends";

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

function reading(
  checkId: string,
  second: number,
  value: Reading["value"],
  level: Reading["level"] = "ok",
): Reading {
  return {
    checkId,
    level,
    value,
    unit: typeof value === "number" ? "ms" : null,
    summary: `${checkId} at ${second}`,
    conditions: [{ condition: "[STATUS] == 200", actual: "200", ok: true, level: "crit" }],
    evidence: {
      url: "http://127.0.0.1/health",
      status: 200,
      bodyExcerpt: '{"status":"ok"}',
      error: undefined,
    },
    collectedAt: new Date(T0 + second * 1000 + 250).toISOString(),
    durationMs: 12.6,
  };
}

function snapshot(cycle: number, readings: Reading[]): SnapshotRecord {
  const startedAt = new Date(T0 + cycle * 1000);
  return {
    id: randomUUID(),
    runbookId: "buywhere-us-launch",
    cycle,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 900),
    readings,
  };
}

describe.each(STORE_BACKENDS)("store verbs on $name", (backend) => {
  let db: PrismaClient;
  let store: OpenStore | undefined;
  beforeAll(async () => {
    store = await backend.open("store");
    db = store.db;
  });
  afterAll(() => store?.close());

  it("round-trips snapshots and readings, oldest first", async () => {
    const s1 = snapshot(1, [reading("api-health", 1, 41.5), reading("tls-days", 1, "n/a", "unknown")]);
    const s2 = snapshot(2, [reading("api-health", 2, 38), reading("tls-days", 2, null, "warn")]);
    expect(await recordSnapshots(db, [s1, s2])).toEqual({ snapshots: 2, readings: 4 });

    const api = await listReadings(db, { checkId: "api-health", since: new Date(T0) });
    expect(api.map((r) => r.value)).toEqual([41.5, 38]);
    const first = api[0];
    expect(first).toEqual({
      snapshotId: s1.id,
      checkId: "api-health",
      level: "ok",
      value: 41.5,
      unit: "ms",
      summary: "api-health at 1",
      conditions: [{ condition: "[STATUS] == 200", actual: "200", ok: true, level: "crit" }],
      evidence: { url: "http://127.0.0.1/health", status: 200, bodyExcerpt: '{"status":"ok"}' },
      collectedAt: new Date(T0 + 1250).toISOString(),
      durationMs: 13,
    });
    const tls = await listReadings(db, { checkId: "tls-days", since: new Date(T0) });
    expect(tls.map((r) => [r.value, r.level])).toEqual([
      ["n/a", "unknown"],
      [null, "warn"],
    ]);
  });

  it("is idempotent on snapshot id, across calls, within a batch and concurrently", async () => {
    const before = await countSnapshots(db);
    const s = snapshot(10, [reading("idem", 10, 1)]);
    expect(await recordSnapshots(db, [s])).toEqual({ snapshots: 1, readings: 1 });
    expect(await recordSnapshots(db, [s])).toEqual({ snapshots: 0, readings: 0 });
    const t = snapshot(11, [reading("idem", 11, 2)]);
    expect(await recordSnapshots(db, [s, t, t])).toEqual({ snapshots: 1, readings: 1 });
    const u = snapshot(12, [reading("idem", 12, 3)]);
    const results = await Promise.all([
      recordSnapshots(db, [u]),
      recordSnapshots(db, [u]),
      recordSnapshots(db, [u]),
    ]);
    expect(results.reduce((n, r) => n + r.snapshots, 0)).toBe(1);
    expect(await countSnapshots(db)).toBe(before + 3);
    expect((await listReadings(db, { checkId: "idem", since: new Date(T0) })).map((r) => r.value)).toEqual([
      1, 2, 3,
    ]);
    expect(await recordSnapshots(db, [])).toEqual({ snapshots: 0, readings: 0 });
  });

  it("lists a window [since, until) and keeps the newest `limit` readings", async () => {
    const snaps = Array.from({ length: 6 }, (_, i) => snapshot(100 + i, [reading("window", 100 + i, i)]));
    await recordSnapshots(db, snaps);
    const at = (s: number) => new Date(T0 + s * 1000);
    const values = async (q: { since: Date; until?: Date; limit?: number }) =>
      (await listReadings(db, { checkId: "window", ...q })).map((r) => r.value);
    expect(await values({ since: at(100) })).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await values({ since: at(102), until: at(104) })).toEqual([2, 3]);
    // readings are collected at +250 ms: `since` is inclusive, `until` exclusive
    expect(await values({ since: new Date(T0 + 102_250), until: new Date(T0 + 103_250) })).toEqual([2]);
    expect(await values({ since: at(100), limit: 2 })).toEqual([4, 5]);
    expect(await values({ since: at(200) })).toEqual([]);
  });

  it("appends events and lists them newest first", async () => {
    const a = await appendEvent(db, {
      kind: "level-change",
      checkId: "api-health",
      fromLevel: "ok",
      toLevel: "crit",
      message: "api down",
      data: { status: 502, note: undefined },
    });
    const b = await appendEvent(db, { kind: "vote", message: "Bolt voted GO" });
    expect(a).toMatchObject({
      kind: "level-change",
      checkId: "api-health",
      fromLevel: "ok",
      toLevel: "crit",
      data: { status: 502 },
    });
    expect(b).toMatchObject({ checkId: null, fromLevel: null, toLevel: null, data: {} });
    expect(typeof a.id).toBe("number");
    expect(b.id).toBeGreaterThan(a.id);
    expect(b.at).toBeInstanceOf(Date);

    const listed = await listEvents(db, { limit: 2 });
    expect(listed.map((e) => e.message)).toEqual(["Bolt voted GO", "api down"]);
    expect(await listEvents(db, { since: new Date(b.at.getTime() + 60_000) })).toEqual([]);
    expect((await listEvents(db, { since: a.at })).map((e) => e.id)).toEqual([b.id, a.id]);
    await expect(appendEvent(db, { kind: " ", message: "x" })).rejects.toThrow(/kind/);
  });

  it("refuses to change or delete events, even through Prisma", async () => {
    const e = await appendEvent(db, { kind: "audit", message: "immutable" });
    await expect(
      db.event.update({ where: { id: BigInt(e.id) }, data: { message: "rewritten" } }),
    ).rejects.toThrow(/append-only/);
    await expect(db.event.deleteMany({})).rejects.toThrow(/append-only/);
    const [still] = await listEvents(db, { limit: 1 });
    expect(still).toMatchObject({ id: e.id, message: "immutable" });
  });

  it("deleting a snapshot cascades to its readings", async () => {
    const s = snapshot(300, [reading("cascade", 300, 1)]);
    await recordSnapshots(db, [s]);
    await db.snapshot.delete({ where: { id: s.id } });
    expect(await listReadings(db, { checkId: "cascade", since: new Date(T0) })).toEqual([]);
  });
});
