import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCollector } from "@/lib/collector/collector";
import { closeDb, getDb } from "@/lib/db/client";
import { refreshLaunchRecord } from "@/lib/db/launch-cache";
import { recordSnapshots } from "@/lib/db/record-snapshots";
import { getHub } from "@/lib/hub/hub";
import type { Reading } from "@/lib/model/probe";
import type { CheckOf, Level, Runbook, RunbookInput } from "@/lib/model/runbook-schema";
import { parseRunbook } from "@/lib/runbook/load-runbook";
import {
  evaluateUptime,
  getUptimeEngine,
  loadUptimeHistory,
  observeUptime,
  probeUptimeNow,
} from "@/lib/uptime/uptime-engine";
import { createTestDatabase } from "@/test/support/test-database";

type Backend = { name: string; open: () => Promise<() => Promise<void>> };
const backends: Backend[] = [
  {
    name: "postgres",
    open: async () => {
      const db = await createTestDatabase("uptime");
      process.env.DATABASE_URL = db.url;
      return db.drop;
    },
  },
  {
    name: "pglite",
    open: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "warroom-uptime-"));
      delete process.env.DATABASE_URL;
      process.env.WARROOM_DATA_DIR = path.join(dir, "pglite");
      return () => rm(dir, { recursive: true, force: true });
    },
  },
];

const ENV_KEYS = ["DATABASE_URL", "WARROOM_DATA_DIR"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
afterAll(() => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

const STEP = 5000;
/** T-0 an hour ago on a whole minute, written as the UTC wall clock. */
const T0 = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;

/** A health endpoint on a free port (the collector's real probe is pointed at it). */
let server: Server;
let healthUrl = "";
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  healthUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function runbook(): Runbook {
  const input: RunbookInput = {
    id: `uptime-${randomUUID().slice(0, 8)}`,
    name: "Uptime test",
    system: "test",
    launch: { local: new Date(T0).toISOString().slice(0, 16), timeZone: "UTC" },
    collector: { intervalMs: STEP, defaultTimeoutMs: 1000 },
    checks: [
      {
        id: "api-health",
        kind: "http",
        label: "API /health",
        url: healthUrl,
        json: [{ path: "status", equals: "ok" }],
      },
      {
        id: "api-uptime",
        kind: "uptime",
        label: "API uptime since T-0",
        check: "api-health",
        window: { since: "t0" },
        thresholds: { direction: "below", crit: 100 },
      },
      {
        id: "api-uptime-10m",
        kind: "uptime",
        label: "API uptime (10 min)",
        check: "api-health",
        window: { minutes: 10 },
        thresholds: { direction: "below", warn: 99.9, crit: 99.5 },
      },
      {
        id: "api-budget-10m",
        kind: "uptime",
        label: "Downtime budget (10 min)",
        check: "api-health",
        window: { minutes: 10 },
        budget: { sloPct: 99.5 },
        thresholds: { direction: "below", crit: 0 },
      },
    ],
  };
  return parseRunbook(input, "test");
}

function uptimeCheck(rb: Runbook, id: string): CheckOf<"uptime"> {
  const c = rb.checks.find((x) => x.id === id);
  if (c?.kind !== "uptime") throw new Error(`no uptime check ${id}`);
  return c;
}

function reading(at: number, level: Level): Reading {
  return {
    checkId: "api-health",
    level,
    value: 12,
    unit: "ms",
    summary: `api-health ${level}`,
    conditions: [],
    evidence: {},
    collectedAt: new Date(at).toISOString(),
    durationMs: 3,
  };
}

/**
 * Stored history since T-0, one reading per 5 s: down at slots 37 and 38, unknown at 100–102, nothing
 * collected for slots 300–323 (dashboard down for 2 min). Returns the slot count written.
 */
async function storeHistory(runbookId: string, until: number): Promise<{ up: number; last: number }> {
  const slots = Math.floor((until - T0) / STEP);
  const batch = [];
  let up = 0;
  let last = T0;
  for (let i = 0; i < slots; i++) {
    if (i >= 300 && i < 324) continue;
    const at = T0 + i * STEP;
    const level: Level = i === 37 || i === 38 ? "crit" : i >= 100 && i <= 102 ? "unknown" : "ok";
    if (level === "ok") up++;
    last = at;
    batch.push({
      id: randomUUID(),
      runbookId,
      cycle: i + 1,
      startedAt: new Date(at - 10),
      finishedAt: new Date(at),
      readings: [reading(at, level)],
    });
  }
  await recordSnapshots(await getDb(), batch);
  return { up, last };
}

describe.each(backends)("uptime from stored readings on $name", (backend) => {
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    cleanup = await backend.open();
    await getDb();
  });
  afterAll(async () => {
    getHub().storage.ready = false;
    await closeDb();
    await cleanup?.();
  });

  it("counts since T-0 from the database, and a restart resumes the count (paged load, live readings merged)", async () => {
    const rbA = runbook();
    const now = Date.now();
    const stored = await storeHistory(rbA.id, now - 20_000);
    const engineA = getUptimeEngine(rbA);
    if (!engineA) throw new Error("no engine");
    // Before the stored readings are read the tile is unknown, never 100%.
    expect(evaluateUptime(engineA, uptimeCheck(rbA, "api-uptime"), now, T0)).toMatchObject({
      level: "unknown",
    });
    await loadUptimeHistory(engineA, await getDb(), now, 100);
    expect(engineA.loaded).toBe(true);
    const first = evaluateUptime(engineA, uptimeCheck(rbA, "api-uptime"), now, T0);
    expect(first.level).toBe("crit");
    expect(first.evidence).toMatchObject({ up: stored.up, down: 2, unknown: 3 });
    const withResult = stored.up + 2;
    expect(first.value).toBe(Math.floor((stored.up * 10_000) / withResult) / 100);
    expect(first.summary).toContain(
      `up ${stored.up.toLocaleString("en-US")} of ${withResult.toLocaleString("en-US")} readings since T-0`,
    );
    expect(first.summary).toMatch(/2 down at \d\d:\d\d:\d\d, \d\d:\d\d:\d\d UTC/);
    expect(first.summary).toContain("3 unknown");
    expect(first.summary).toMatch(/not collected, longest \d\d:\d\d:\d\d–\d\d:\d\d:\d\d UTC/);

    // "Restart": a new process (new runbook object, new engine) sees two live readings before its load ends.
    const rbB = runbook();
    const engineB = getUptimeEngine(rbB);
    if (!engineB) throw new Error("no engine");
    observeUptime(engineB, [reading(now - 10_000, "ok"), reading(now - 5000, "ok")], now);
    await loadUptimeHistory(engineB, await getDb(), now);
    const resumed = evaluateUptime(engineB, uptimeCheck(rbB, "api-uptime"), now, T0);
    expect(resumed.evidence).toMatchObject({ up: stored.up + 2, down: 2, unknown: 3 });
    // The same reading seen live and stored is counted once.
    observeUptime(engineB, [reading(now - 5000, "ok")], now);
    expect(evaluateUptime(engineB, uptimeCheck(rbB, "api-uptime"), now, T0).evidence).toMatchObject({
      up: stored.up + 2,
    });
    // The 10-minute window holds only its own readings: all up, 120 expected.
    const tenMin = evaluateUptime(engineB, uptimeCheck(rbB, "api-uptime-10m"), now, T0);
    expect(tenMin).toMatchObject({ level: "ok", value: 100 });
    expect(tenMin.evidence).toMatchObject({ down: 0, unknown: 0, expected: 120 });
    // The same window as a downtime budget: 0.5% of 10 min, none of it spent.
    const budget = evaluateUptime(engineB, uptimeCheck(rbB, "api-budget-10m"), now, T0);
    expect(budget).toMatchObject({ level: "ok", value: 0.1, unit: "min" });
    expect(budget.evidence).toMatchObject({ budgetMinutes: 0.1, spentMinutes: 0, sloPct: 99.5, down: 0 });
  });

  it("the collector judges uptime after the cycle's probes, this cycle's reading included", async () => {
    const rb = runbook();
    const hub = getHub();
    hub.storage.ready = true;
    await refreshLaunchRecord(rb.id); // T-0 after delays (none stored)
    await storeHistory(rb.id, Date.now() - 5000);
    const collector = startCollector({ runbook: rb, onCycle: () => {} });
    try {
      const engine = getUptimeEngine(rb);
      for (let i = 0; i < 100 && !engine?.loaded; i++) await new Promise((r) => setTimeout(r, 50));
      expect(engine?.loaded).toBe(true);
      const before = probeUptimeNow(uptimeCheck(rb, "api-uptime"), Date.now()).evidence.up as number;
      const cycle = await collector.runCycle();
      const health = cycle.readings.find((r) => r.checkId === "api-health");
      const uptime = cycle.readings.find((r) => r.checkId === "api-uptime");
      expect(health?.level).toBe("ok");
      expect(uptime?.evidence.lastReadingAt).toBe(health?.collectedAt);
      expect(uptime?.evidence.up).toBe(before + 1);
      expect(uptime?.unit).toBe("%");
      expect(uptime?.level).toBe("crit");
    } finally {
      collector.stop();
    }
  });
});
