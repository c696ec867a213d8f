import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import type { Reading } from "@/lib/model/probe";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";
import { type RedisServer, startRedis } from "@/scripts/services/test-servers";
import { type OtherSystems, type Sim, startSim } from "./index";

// The Deal Scout (003) and Customer Intelligence (004) presets, every check driven against the sim's
// two other systems (and a real Redis for Deal Scout's celery queue): all ok, then each condition the
// runbooks alert on turns the right check crit, and a stopped system reads as refused.
let sim: Sim;
let others: OtherSystems;
let redis: RedisServer;
let dealScout: Runbook;
let cia: Runbook;

/** Rate and latency over 2 s instead of 5 min, so a change leaves the window within the test. */
const shortWindows = (rb: Runbook): Runbook => ({
  ...rb,
  // Uptime tiles are judged by the collector from stored readings, not probed (lib/uptime/uptime.int.test.ts);
  // checks with no target here (the CIA database) read unknown by design, tested in the preset's own test.
  checks: rb.checks
    .filter((c) => c.kind !== "uptime" && !c.unavailable)
    .map((c) => (c.kind === "prometheus" ? { ...c, windowSec: 2 } : c)),
});

beforeAll(async () => {
  redis = await startRedis({ maxmemory: "8mb" });
  sim = await startSim({
    ports: { api: 0, tls: 0, mcp: 0, control: 0 },
    syntheticRps: 0,
    env: { SIM_CIA_ADMIN_KEY: "test-admin-key" },
    otherSystems: { dealScout: 0, cia: 0 },
  });
  if (!sim.others) throw new Error("startSim did not start the other systems");
  others = sim.others;
  const ds = runbookSchema.parse(
    buildDealScout({ WARROOM_DEALSCOUT_URL: others.urls.dealScout, WARROOM_DEALSCOUT_REDIS_URL: redis.url }),
  );
  // The process sim serves the backend's /health and /metrics only; the containerised Deal Scout stack
  // takes the preset's other checks (sim/dealscout/dealscout.int.test.ts).
  dealScout = shortWindows({ ...ds, checks: ds.checks.filter((c) => PROCESS_SIM_CHECKS.includes(c.id)) });
  cia = shortWindows(
    runbookSchema.parse(
      buildCustomerIntelligence({ WARROOM_CIA_URL: others.urls.cia, WARROOM_CIA_ADMIN_KEY: others.adminKey }),
    ),
  );
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  await redis?.stop();
});

const PROCESS_SIM_CHECKS = [
  "health",
  "queue-depth",
  "error-rate",
  "latency-p95",
  "celery-queue",
  "memory",
  "disk",
];
const states = new Map<string, Map<string, unknown>>();

async function cycle(rb: Runbook): Promise<Map<string, Reading>> {
  const readings = await Promise.all(
    rb.checks.map((check) => {
      const key = `${rb.id}/${check.id}`;
      const state = states.get(key) ?? new Map<string, unknown>();
      states.set(key, state);
      return runProbe(check, { timeoutMs: 3000, state });
    }),
  );
  return new Map(readings.map((r) => [r.checkId, r]));
}

async function cycleUntil(rb: Runbook, done: (r: Map<string, Reading>) => boolean, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const readings = await cycle(rb);
    if (done(readings)) return readings;
    if (performance.now() > deadline) {
      const shown = [...readings.values()].map((r) => `${r.checkId}: ${r.level} ${r.summary}`).join("\n");
      throw new Error(`${rb.id}: condition not met within ${timeoutMs} ms:\n${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const allOk = (r: Map<string, Reading>) => [...r.values()].every((x) => x.level === "ok");

describe("the sim's other systems under their presets", () => {
  it("Deal Scout and the CIA are all green at rest", async () => {
    const ds = await cycleUntil(dealScout, allOk);
    expect(ds.get("celery-queue")?.value).toBe(0);
    expect(ds.get("queue-depth")?.value).toBe(12);
    const ci = await cycleUntil(cia, allOk);
    expect(ci.get("db-pool")?.value).toBe(20); // 6 of 30 checked out
    expect(ci.get("cache-hit-rate")?.value).toBe(0.82);
  });

  it.each<[string, Partial<Parameters<OtherSystems["set"]>[0]>, string, RegExp]>([
    [
      "Deal Scout queue_depth 1500 → queue-depth crit",
      { dealScoutQueueDepth: 1500 },
      "queue-depth",
      /1500 > 1000/,
    ],
    [
      "Deal Scout 20% errors → error-rate crit",
      { dealScoutErrorRate: 0.2 },
      "error-rate",
      /^error rate [\d.]+% > 5%/,
    ],
  ])("%s", async (_name, change, checkId, summary) => {
    others.set(change);
    try {
      const r = await cycleUntil(dealScout, (x) => x.get(checkId)?.level === "crit");
      expect(r.get(checkId)?.summary).toMatch(summary);
    } finally {
      await others.reset();
    }
    await cycleUntil(dealScout, (x) => x.get(checkId)?.level === "ok");
  });

  it("1001 tasks in the real celery list → celery-queue crit; drained → ok", async () => {
    const client = new Redis(redis.url);
    try {
      await client.rpush("celery", ...Array.from({ length: 1001 }, (_, i) => `task-${i}`));
      const r = await cycleUntil(dealScout, (x) => x.get("celery-queue")?.level === "crit");
      expect(r.get("celery-queue")?.summary).toMatch(/1001/);
      await client.del("celery");
      await cycleUntil(dealScout, (x) => x.get("celery-queue")?.level === "ok");
    } finally {
      client.disconnect();
    }
  });

  it.each<[string, Partial<Parameters<OtherSystems["set"]>[0]>, string, RegExp]>([
    [
      "CIA last sync 30 h ago → data-freshness crit",
      { ciaSyncAgeHours: 30 },
      "data-freshness",
      /30(\.\d+)? h > 24 h/,
    ],
    ["CIA cache hit rate 0.1 → cache-hit-rate crit", { ciaHitRate: 0.1 }, "cache-hit-rate", /0\.1 < 0\.2/],
    [
      "CIA pool 29 of 30 checked out → db-pool crit",
      { ciaPoolCheckedOut: 29 },
      "db-pool",
      /^checked_out 96\.67% > 90% \(critical\)$/,
    ],
  ])("%s", async (_name, change, checkId, summary) => {
    others.set(change);
    try {
      const r = await cycleUntil(cia, (x) => x.get(checkId)?.level === "crit");
      expect(r.get(checkId)?.summary).toMatch(summary);
    } finally {
      await others.reset();
    }
    await cycleUntil(cia, (x) => x.get(checkId)?.level === "ok");
  });

  it.each([
    ["dealScout", () => dealScout],
    ["cia", () => cia],
  ] as const)("%s stopped → its health check is refused (crit), back up → ok", async (system, rb) => {
    await others.setDown(system, true);
    try {
      const r = await cycleUntil(rb(), (x) => x.get("health")?.level === "crit");
      expect(r.get("health")?.summary).toMatch(/^connection refused by 127\.0\.0\.1:\d+$/);
    } finally {
      await others.setDown(system, false);
    }
    await cycleUntil(rb(), (x) => x.get("health")?.level === "ok");
  });
});
