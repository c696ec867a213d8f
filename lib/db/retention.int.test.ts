// A week of generated readings pruned to the retention: bounded batches, writes in between, and uptime, the
// post-mortem and the kept readings exactly the same before and after (docs/storage.md "Retention").
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declareIncident } from "@/lib/db/declare-incident";
import type { PrismaClient } from "@/lib/db/generated/prisma/client";
import { postmortemReadingSpan, readPostmortemData } from "@/lib/db/incident-postmortem-data";
import { type LevelCursor, listCheckLevels } from "@/lib/db/list-check-levels";
import { listReadings } from "@/lib/db/list-readings";
import { listReadingHours, pruneReadings } from "@/lib/db/prune-readings";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import { startRetention } from "@/lib/db/retention";
import type { SnapshotRecord } from "@/lib/db/types";
import { getHub } from "@/lib/hub/hub";
import type { Reading } from "@/lib/model/probe";
import type { Level, Runbook } from "@/lib/model/runbook-schema";
import { type LevelSeries, tallyUptime, type UptimeSpec } from "@/lib/rules/uptime";
import { installRunbook } from "@/test/support/launch-harness";
import { type OpenStore, STORE_BACKENDS } from "@/test/support/store-backends";

const STEP = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse("2026-03-02T00:00:00Z");
const END = START + 7 * DAY;
const CYCLES = (END - START) / STEP;
const BATCH = 500;

function levelOf(c: number, k: number): Level {
  if (k === 0 && c % 997 < 5) return "crit";
  if (k === 0 && c % 389 < 3) return "warn";
  if (k === 2 && c % 501 === 0) return "unknown";
  return "ok";
}

function readingOf(checkId: string, c: number, k: number): Reading {
  const level = levelOf(c, k);
  const at = START + c * STEP + 100 + k * 10;
  const ms = 40 + ((c * 7 + k * 13) % 200);
  return {
    checkId,
    level,
    value: level === "unknown" ? "n/a" : ms,
    unit: level === "unknown" ? null : "ms",
    summary:
      level === "crit"
        ? "HTTP 503 from /health (expected 200)"
        : level === "unknown"
          ? "no answer within 900 ms"
          : `answered in ${ms} ms`,
    conditions: [
      { condition: "[STATUS] == 200", actual: level === "crit" ? "503" : "200", ok: level !== "crit", level },
    ],
    evidence: { url: `http://127.0.0.1/${checkId}`, status: level === "crit" ? 503 : 200 },
    collectedAt: new Date(at).toISOString(),
    durationMs: 12,
  };
}

const SPEC: UptimeSpec = {
  label: "API /health",
  windowLabel: "in the last 4 days",
  up: ["ok", "warn"],
  thresholds: { direction: "below", crit: 99 },
  minCoveragePct: 90,
  intervalMs: STEP,
  maxGapMs: 3 * STEP,
};

async function levelSeries(db: PrismaClient, checkId: string, since: Date): Promise<LevelSeries> {
  const s: LevelSeries = { at: [], level: [] };
  let cursor: LevelCursor | null = null;
  do {
    const page = await listCheckLevels(db, checkId, since, cursor, 1000);
    for (const r of page.rows) {
      s.at.push(r.at);
      s.level.push(r.level);
    }
    cursor = page.next;
  } while (cursor);
  return s;
}

describe.each(STORE_BACKENDS)("retention on $name", (backend) => {
  let db: PrismaClient;
  let store: OpenStore | undefined;
  let runbook: Runbook;
  let checks: string[];
  const all = new Map<string, Reading[]>();
  beforeAll(async () => {
    store = await backend.open("retention");
    db = store.db;
    installRunbook();
    const loaded = getHub().loaded?.runbook;
    if (!loaded) throw new Error("no runbook");
    runbook = loaded;
    checks = [...new Set(["api-health", ...runbook.gauges.map((g) => g.check)])].slice(0, 3);
    for (const id of checks) all.set(id, []);
    for (let from = 0; from < CYCLES; from += 1440) {
      const batch: SnapshotRecord[] = [];
      for (let c = from; c < Math.min(CYCLES, from + 1440); c++) {
        const readings = checks.map((id, k) => readingOf(id, c, k));
        for (const r of readings) all.get(r.checkId)?.push(r);
        batch.push({
          id: randomUUID(),
          runbookId: runbook.id,
          cycle: c,
          startedAt: new Date(START + c * STEP),
          finishedAt: new Date(START + c * STEP + 500),
          readings,
        });
      }
      await recordSnapshots(db, batch);
    }
  }, 600_000);
  afterAll(() => store?.close());

  it("prunes a week to the retention in bounded batches; uptime, post-mortem and kept readings stay exact", async () => {
    const [first] = checks;
    if (!first) throw new Error("no check");
    // Stored exactly: every generated reading reads back as it was (snapshot ids aside).
    const stored = await listReadings(db, { checkId: first, since: new Date(START) });
    expect(stored.map(({ snapshotId: _s, ...r }) => r)).toEqual(
      (all.get(first) ?? []).map((r) => ({ ...r, durationMs: 12 })),
    );

    const declared = await declareIncident(db, {
      runbookId: runbook.id,
      scope: `${runbook.id}-retention`,
      severity: "P2",
      title: "old incident",
      personId: "rex",
      suggestion: {},
      audit: {
        runbookId: runbook.id,
        actor: "rex",
        role: "lead",
        via: "token",
        action: "incident-declare",
        outcome: "ok",
        ip: null,
        userAgent: null,
        message: "test",
      },
    });
    if (!declared.ok) throw new Error("declare failed");
    // Day 2, over a crit episode of the first check (cycles 1994–1998).
    const declaredAt = START + 2000 * STEP;
    const resolvedAt = declaredAt + 30 * 60_000;
    await db.incident.update({
      where: { id: declared.incident.id },
      data: {
        declaredAt: new Date(declaredAt),
        resolvedAt: new Date(resolvedAt),
        status: "resolved",
        activeScope: null,
      },
    });
    const now = new Date(END);
    const before = new Date(END - 3 * DAY);
    const uptimeFrom = END - 4 * DAY;
    const span = postmortemReadingSpan(declaredAt, resolvedAt, null, END);
    const keep = [
      { from: new Date(uptimeFrom), to: null },
      { from: new Date(span.from), to: new Date(resolvedAt) },
    ];

    const tally = async () =>
      tallyUptime(await levelSeries(db, first, new Date(uptimeFrom)), uptimeFrom, END, SPEC);
    const kept = async () => ({
      window: await listReadings(db, { checkId: first, since: new Date(uptimeFrom), limit: 20_000 }),
      incident: await listReadings(db, {
        checkId: first,
        since: new Date(span.from),
        until: new Date(resolvedAt + 1),
      }),
    });
    const uptimeBefore = await tally();
    const postmortemBefore = await readPostmortemData(db, runbook, declared.incident.id, now);
    const keptBefore = await kept();
    expect(uptimeBefore.down).toBeGreaterThan(0);
    expect(postmortemBefore?.minuteChanges.length).toBeGreaterThan(0);
    const detailsBefore = await db.readingDetail.count();

    // Which cycles may go: older than the retention, outside the kept spans (with an hour's slack).
    const doomed = Array.from({ length: CYCLES }, (_, c) => START + c * STEP).filter(
      (t) =>
        t < before.getTime() &&
        keep.every((k) => t < k.from.getTime() - HOUR || (k.to !== null && t > k.to.getTime())),
    );
    const batches: number[] = [];
    for (;;) {
      const r = await pruneReadings(db, { before, keep, batch: BATCH });
      if (r.cycles === 0 && r.details === 0) break;
      batches.push(r.cycles);
      expect(r.readings).toBe(r.cycles * checks.length);
    }
    expect(Math.max(...batches)).toBeLessThanOrEqual(BATCH);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(doomed.length);
    expect(batches.filter((n) => n > 0).length).toBe(Math.ceil(doomed.length / BATCH));
    expect(await db.snapshot.count()).toBe(CYCLES - doomed.length);
    expect(await db.readingDetail.count()).toBeLessThan(detailsBefore);

    expect(await tally()).toEqual(uptimeBefore);
    expect(await readPostmortemData(db, runbook, declared.incident.id, now)).toEqual(postmortemBefore);
    expect(await kept()).toEqual(keptBefore);

    // The pruned readings live on as hourly counts: exactly the pruned readings' levels and values.
    const gone = new Set(doomed);
    const pruned = (all.get(first) ?? []).filter((r) => gone.has(Date.parse(r.collectedAt) - 100));
    const hours = await listReadingHours(db, first, new Date(START), new Date(END));
    const sum = (f: (h: (typeof hours)[number]) => number) => hours.reduce((n, h) => n + Number(f(h)), 0);
    const count = (l: Level) => pruned.filter((r) => r.level === l).length;
    expect([sum((h) => h.ok), sum((h) => h.warn), sum((h) => h.crit), sum((h) => h.unknown)]).toEqual(
      (["ok", "warn", "crit", "unknown"] as const).map(count),
    );
    const values = pruned.map((r) => r.value).filter((v): v is number => typeof v === "number");
    expect(sum((h) => h.valueCount)).toBe(values.length);
    expect(sum((h) => h.valueSum)).toBe(values.reduce((a, b) => a + b, 0));
    console.log(
      `retention (${backend.name}): ${CYCLES} cycles × ${checks.length} checks over 7 days; pruned ${doomed.length} cycles in ${batches.length} batches of ≤ ${BATCH}; kept ${CYCLES - doomed.length}; details ${detailsBefore} → ${await db.readingDetail.count()}; ${hours.length} hourly rollups of ${first}`,
    );
  }, 600_000);

  it("prunes a backlog in the background while cycles keep being written", async () => {
    // A day of old cycles again (the first test pruned the old ones), then the runner with writes alongside.
    const old = Array.from({ length: 1440 }, (_, c) => ({
      id: randomUUID(),
      runbookId: runbook.id,
      cycle: c,
      startedAt: new Date(START - DAY + c * STEP),
      finishedAt: new Date(START - DAY + c * STEP + 500),
      readings: [readingOf("backlog", c, 1)],
    }));
    const cut = {
      before: new Date(END - 3 * DAY),
      keep: [{ from: new Date(END - 4 * DAY), to: null }],
      batch: 1000,
    };
    while ((await pruneReadings(db, cut)).cycles > 0); // whatever the first test left
    await recordSnapshots(db, old);
    const batchesAt: number[] = [];
    const sizes: number[] = [];
    const retention = startRetention({
      db: async () => db,
      days: 3,
      batch: 100,
      backlogPauseMs: 0,
      now: () => END,
      keepSince: () => new Date(END - 4 * DAY),
      onPruned: (r) => {
        sizes.push(r.cycles);
        batchesAt.push(Date.now());
      },
    });
    const writesAt: number[] = [];
    let c = 0;
    try {
      while ((await db.snapshot.count({ where: { startedAt: { lt: new Date(START) } } })) > 0) {
        c += 1;
        await recordSnapshots(db, [
          {
            id: randomUUID(),
            runbookId: runbook.id,
            cycle: 100_000 + c,
            startedAt: new Date(END + c * STEP),
            finishedAt: new Date(END + c * STEP + 500),
            readings: [readingOf("live", c, 1)],
          },
        ]);
        writesAt.push(Date.now());
        // A cycle's write comes from a timer: PGlite answers without I/O, so back-to-back awaits would never
        // let the runner's timer fire.
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      retention.stop();
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1440);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    const firstBatch = batchesAt[0] ?? 0;
    const lastBatch = batchesAt.at(-1) ?? 0;
    const between = writesAt.filter((t) => t > firstBatch && t < lastBatch).length;
    expect(between).toBeGreaterThan(0);
    console.log(
      `retention runner (${backend.name}): 1440 cycles pruned in ${sizes.length} batches of ≤ 100; ${between} of ${writesAt.length} cycle writes landed between the first and the last batch`,
    );
  }, 300_000);
});
