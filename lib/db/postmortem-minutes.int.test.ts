// The post-mortem's minute-by-minute story is aggregated in SQL; it must tell exactly what the pure rule
// tells from every reading (worst level per check and minute, the earliest reading at that level).
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { declareIncident } from "@/lib/db/declare-incident";
import { readPostmortemData } from "@/lib/db/incident-postmortem-data";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import { getHub } from "@/lib/hub/hub";
import type { Reading } from "@/lib/model/probe";
import type { Level } from "@/lib/model/runbook-schema";
import { minuteByMinute } from "@/lib/rules/postmortem";
import { installRunbook } from "@/test/support/launch-harness";

const saved = { dir: process.env.WARROOM_DATA_DIR, url: process.env.DATABASE_URL };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "warroom-pm-"));
  delete process.env.DATABASE_URL;
  process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
  installRunbook();
  await getDb();
});
afterAll(async () => {
  await closeDb();
  await rm(dir, { recursive: true, force: true });
  if (saved.dir === undefined) delete process.env.WARROOM_DATA_DIR;
  else process.env.WARROOM_DATA_DIR = saved.dir;
  if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
});

describe("post-mortem minutes aggregated in SQL", () => {
  it("match the pure rule over every reading", async () => {
    const db = await getDb();
    const runbook = getHub().loaded?.runbook;
    if (!runbook) throw new Error("no runbook");
    const t0 = Date.parse("2026-04-23T13:00:00Z");
    const checks = ["api-health", "search-latency"];
    const levels: Level[] = ["ok", "warn", "crit", "unknown", "ok", "ok", "crit", "warn"];
    const all: { checkId: string; level: Level; value: number | null; unit: string | null; at: number }[] =
      [];
    const snapshots = Array.from({ length: 40 }, (_, cycle) => {
      const at = t0 + cycle * 20_000;
      const readings: Reading[] = checks.map((checkId, k) => {
        const level = levels[(cycle * 3 + k * 5) % levels.length] ?? "ok";
        const value = cycle * 10 + k;
        all.push({ checkId, level, value, unit: "ms", at });
        return {
          checkId,
          level,
          value,
          unit: "ms",
          summary: level,
          conditions: [],
          evidence: {},
          collectedAt: new Date(at).toISOString(),
          durationMs: 1,
        };
      });
      return {
        id: randomUUID(),
        runbookId: runbook.id,
        cycle,
        startedAt: new Date(at),
        finishedAt: new Date(at),
        readings,
      };
    });
    await recordSnapshots(db, snapshots);
    const declared = await declareIncident(db, {
      runbookId: runbook.id,
      scope: `${runbook.id}-pm-test`,
      severity: "P2",
      title: "minutes",
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
    // Declared at t0 + 10 min: the story starts 15 min earlier, so every reading above is inside it.
    await db.incident.update({
      where: { id: declared.incident.id },
      data: { declaredAt: new Date(t0 + 600_000) },
    });
    // Not every reading through the client: the aggregation is one SQL query.
    const readAll = vi.spyOn(db.snapshot, "findMany");
    const data = await readPostmortemData(db, runbook, declared.incident.id, new Date(t0 + 3_600_000));
    expect(readAll).not.toHaveBeenCalled();
    expect(data?.minuteChanges.length).toBeGreaterThan(4);
    expect(data?.minuteChanges).toEqual(minuteByMinute(all));
  });
});
