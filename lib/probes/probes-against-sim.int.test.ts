import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import type { InfraCheckKind } from "@/lib/model/infra-checks";
import type { Reading } from "@/lib/model/probe";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { type Sim, type SimFault, startSim } from "@/sim/index";

// The BuyWhere preset's checks, driven against the real simulated stack with its faults switched on.
const INFRA_KINDS = new Set<string>([
  "docker-container",
  "docker-env",
  "docker-logs",
  "docker-images",
  "pgbouncer",
  "postgres",
  "redis",
  "host",
  "prometheus-query",
] satisfies InfraCheckKind[]);
let sim: Sim;
let runbook: Runbook;
const states = new Map<string, Map<string, unknown>>();

beforeAll(async () => {
  sim = await startSim({
    ports: { api: 0, tls: 0, mcp: 0, control: 0 },
    slowSearchMs: 1300,
    syntheticRps: 200,
  });
  const preset = runbookSchema.parse(
    buildBuyWhereUsLaunch({
      WARROOM_API_URL: sim.urls.api,
      WARROOM_MCP_URL: sim.urls.mcp,
      WARROOM_TLS_HOST: "127.0.0.1",
      WARROOM_TLS_PORT: String(sim.ports.tls),
    }),
  );
  // A 2 s rate window instead of 60 s, so a fault's errors leave the window within the test. The infra
  // checks (containers, databases, Redis, host) read the containerised stack, not this process sim.
  // Uptime tiles are judged by the collector from stored readings, not probed (lib/uptime/uptime.int.test.ts);
  // Sentry and GA4 are external services with adapters of their own (lib/probes/external), not the sim.
  const notTheSim = new Set(["uptime", "sentry", "ga4"]);
  const checks = preset.checks
    .filter((c) => !INFRA_KINDS.has(c.kind) && !notTheSim.has(c.kind))
    .map((c) => (c.kind === "prometheus" ? { ...c, windowSec: 2 } : c));
  runbook = { ...preset, checks };
});
afterAll(async () => {
  await sim?.stop();
});

async function cycle(): Promise<Map<string, Reading>> {
  const readings = await Promise.all(
    runbook.checks.map((check) => {
      const state = states.get(check.id) ?? new Map<string, unknown>();
      states.set(check.id, state);
      return runProbe(check, { timeoutMs: 3000, state });
    }),
  );
  return new Map(readings.map((r) => [r.checkId, r]));
}

/** Run cycles until `done` holds for the readings, or fail with the last ones after the deadline. */
async function cycleUntil(
  done: (r: Map<string, Reading>) => boolean,
  timeoutMs = 8000,
): Promise<Map<string, Reading>> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const readings = await cycle();
    if (done(readings)) return readings;
    if (performance.now() > deadline) {
      const shown = [...readings.values()].map((r) => `${r.checkId}: ${r.level} ${r.summary}`).join("\n");
      throw new Error(`condition not met within ${timeoutMs} ms:\n${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const level = (r: Map<string, Reading>, id: string) => r.get(id)?.level;
const allOk = (r: Map<string, Reading>) => [...r.values()].every((x) => x.level === "ok");

describe("BuyWhere preset against the simulated stack", () => {
  it("starts unknown only for the prometheus baselines, then is all green", async () => {
    const first = await cycle();
    for (const reading of first.values()) {
      if (reading.checkId === "error-rate" || reading.checkId.startsWith("latency-")) {
        expect(reading).toMatchObject({ level: "unknown", summary: "collecting baseline (need 2 scrapes)" });
      } else {
        expect({ id: reading.checkId, level: reading.level, summary: reading.summary }).toMatchObject({
          level: "ok",
        });
      }
    }
    const green = await cycleUntil(allOk);
    expect(green.get("tls-cert")?.value).toBeGreaterThan(30);
    expect(green.get("affiliate-redirect")?.evidence.location).toBe(
      "https://www.amazon.com/dp/B09G9HDHJT?tag=buywhere-20",
    );
  });

  it.each<[SimFault, string, string, RegExp]>([
    ["api-down", "api-health", "crit", /^connection refused by 127\.0\.0\.1:\d+$/],
    ["api-500", "api-health", "crit", /^HTTP 500 from \/health \(expected 200\)$/],
    ["api-500", "error-rate", "crit", /^error rate [\d.]+% > 1% \(critical\)$/],
    [
      "db-slow",
      "api-health-detailed",
      "crit",
      /^status "degraded" from \/health\/detailed \(expected "healthy"\)$/,
    ],
    ["slow-search", "search-laptop", "warn", /^search latency 1\d{3}(\.\d)? ms > 1000 ms \(warning\)$/],
    [
      "affiliate-broken",
      "affiliate-redirect",
      "crit",
      /^Location www\.amazon\.com\/dp\/B09G9HDHJT has no tag=buywhere-20$/,
    ],
    ["mcp-down", "mcp-health", "crit", /^connection refused by 127\.0\.0\.1:\d+$/],
    ["mcp-down", "mcp-health-public", "crit", /^HTTP 503 from \/mcp\/health \(expected 200\)$/],
    ["cert-expiring", "tls-cert", "warn", /^certificate days left \d+(\.\d)? days < 30 days \(warning\)$/],
    ["ingestion-stale", "ingestion-age", "crit", /^\[\*\]\.last_run 5(\.\d+)? h > 4 h \(critical\)$/],
    // Searches of 1.3 s land in the (1 s, 2.5 s] bucket: the P99 interpolated from it is above 2 s.
    ["slow-search", "latency-p99-search", "crit", /^p99 latency 2\d{3}(\.\d)? ms > 2000 ms \(critical\)$/],
    [
      "amazon-missing",
      "search-retailers",
      "crit",
      /^search "laptop": no amazon product among 4 results \(bestbuy 2, target 1, walmart 1\)$/,
    ],
    [
      "pricing-wrong",
      "search-retailers",
      "crit",
      /^search "laptop": walmart pricing wrong — 1 of 1 not a positive USD price \(saw SGD\)$/,
    ],
  ])("%s turns %s %s, and reset restores it", async (fault, checkId, expected, summary) => {
    await sim.setFault(fault, true);
    try {
      const faulty = await cycleUntil((r) => level(r, checkId) === expected);
      expect(faulty.get(checkId)?.summary).toMatch(summary);
    } finally {
      await sim.reset();
    }
    await cycleUntil((r) => level(r, checkId) === "ok");
  });
});
