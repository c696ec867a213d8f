import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import type { Reading } from "@/lib/model/probe";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { suggestSeverity } from "@/lib/rules/severity";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";
import { freePort, type PgCluster, startPostgresCluster } from "@/scripts/services/test-servers";
import { ciaHungSync, type OtherSystems, startOthers } from "@/sim/index";
import type { OtherSystemsState } from "@/sim/other-systems";

// Each of 004's severity paths on the Customer Intelligence preset: the process sim switched into the
// runbook's symptom, every check of the preset probed, and the preset's own decision tree and rules read
// off the readings (a real PostgreSQL stands in for the CIA database).
let others: (OtherSystems & { stop: () => Promise<void> }) | undefined;
let cluster: PgCluster | undefined;
let cia: Runbook;
const KEY = "test-admin-key";
const LTV_INDEX = "CREATE INDEX idx_customer_ltv ON fact_customer_current(lifetime_value DESC)";
const pg0 = () => {
  if (!cluster) throw new Error("no PostgreSQL cluster");
  return cluster;
};

/** Rates and latency over 2 s instead of 5 min, so a change fills the window within the test. */
const shortWindows = (rb: Runbook): Runbook => ({
  ...rb,
  // Uptime tiles are judged by the collector from stored readings (lib/uptime/uptime.int.test.ts).
  checks: rb.checks
    .filter((c) => c.kind !== "uptime")
    .map((c) => (c.kind === "prometheus" ? { ...c, windowSec: 2 } : c)),
});
const build = (env: Record<string, string>) =>
  shortWindows(runbookSchema.parse(buildCustomerIntelligence(env)));

beforeAll(async () => {
  [others, cluster] = await Promise.all([
    startOthers({ dealScout: 0, cia: 0 }, { SIM_CIA_ADMIN_KEY: KEY }),
    startPostgresCluster(),
  ]);
  // The table 004's slow-query fix indexes, with that index in place.
  const client = new pg.Client({ connectionString: pg0().url() });
  await client.connect();
  await client.query(
    "CREATE TABLE fact_customer_current (customer_id text PRIMARY KEY, lifetime_value numeric NOT NULL)",
  );
  await client.query(LTV_INDEX);
  await client.end();
  cia = build({
    WARROOM_CIA_URL: others.urls.cia,
    WARROOM_CIA_ADMIN_KEY: KEY,
    WARROOM_CIA_DATABASE_URL: pg0().url(),
  });
}, 60_000);
afterAll(async () => {
  await others?.stop();
  await cluster?.stop();
});

const states = new Map<string, Map<string, unknown>>();

async function cycle(rb: Runbook): Promise<Map<string, Reading>> {
  const readings = await Promise.all(
    rb.checks.map((check) => {
      const state = states.get(check.id) ?? new Map<string, unknown>();
      states.set(check.id, state);
      return runProbe(check, { timeoutMs: check.timeoutMs ?? 3000, state });
    }),
  );
  return new Map(readings.map((r) => [r.checkId, r]));
}

function suggest(rb: Runbook, readings: Map<string, Reading>) {
  const checks = rb.checks.map((c) => {
    const r = readings.get(c.id);
    return {
      id: c.id,
      kind: c.kind,
      level: r?.level ?? "unknown",
      value: r?.value ?? null,
      summary: r?.summary ?? "",
    };
  });
  return suggestSeverity(checks, rb.scale, rb.severityRules);
}

async function cycleUntil(rb: Runbook, done: (r: Map<string, Reading>) => boolean, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const readings = await cycle(rb);
    if (done(readings)) return readings;
    if (performance.now() > deadline) {
      const shown = [...readings.values()].map((r) => `${r.checkId}: ${r.level} ${r.summary}`).join("\n");
      throw new Error(`condition not met within ${timeoutMs} ms:\n${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

const allOk = (r: Map<string, Reading>) => [...r.values()].every((x) => x.level === "ok");

describe("Customer Intelligence (004) severity paths against the process sim", () => {
  it("at rest every check is green, the timed calls carry the key, and no branch matches", async () => {
    const r = await cycleUntil(cia, allOk);
    expect(r.get("customer-random")?.summary).toMatch(/^HTTP 200 from \/api\/mcp\/customer\/random in \d+/);
    expect(r.get("search-timing")?.summary).toMatch(/^HTTP 200 from \/api\/mcp\/search in \d+/);
    expect(r.get("customers-loaded")?.value).toBe(48210);
    expect(r.get("db-ping")?.summary).toMatch(/^SELECT 1 on 127\.0\.0\.1:\d+ in /);
    expect(r.get("rate-limited")?.summary).toMatch(/^429 rate 0% over \d+ s \(0 of \d+ requests 429\)$/);
    expect(r.get("cache-second-call")?.summary).toMatch(
      /^second call to \/api\/mcp\/customer\/random [\d.]+ ms after [\d.]+ ms \([\d.]+% of the first\)$|^both calls/,
    );
    expect(r.get("nl-query")?.summary).toMatch(/^HTTP 200 from \/api\/mcp\/query in \d+/);
    expect(r.get("sync-running")?.summary).toMatch(/^no sync in progress; last completed \S+Z$/);
    const s = suggest(cia, r);
    expect(s.severity).toBeNull();
    expect(s.path.at(-1)).toBe(cia.scale.treeOtherwise);
  });

  it.each<[string, Partial<OtherSystemsState>, string, string, string, RegExp]>([
    ["P0: 503 for all requests", { ciaStatus: 503 }, "P0", "health", "health", /HTTP 503/],
    [
      "P1: responses > 2 s",
      { ciaLatencyMs: 2600 },
      "P1",
      "slow",
      "customer-random",
      /^latency \d+ ms > 2000 ms \(critical\)$/,
    ],
    ["P1: error rate > 5%", { ciaErrorRate: 0.2 }, "P1", "errors", "error-rate", /^error rate [\d.]+% > 1%/],
    [
      "P1: many 429s",
      { ciaRateLimitedRate: 0.2 },
      "P1",
      "rate-limited",
      "rate-limited",
      /^429 rate [\d.]+% > 5%/,
    ],
    [
      "P2: data stale > 24 h",
      { ciaSyncAgeHours: 30 },
      "P2",
      "stale-data",
      "data-freshness",
      /30(\.\d+)? h > 24 h/,
    ],
    [
      "P2: 401s",
      { ciaUnauthorizedRate: 0.04 },
      "P2",
      "auth",
      "unauthorized",
      /^401 rate [\d.]+% > 1% \(warning\)/,
    ],
  ])("%s", async (_name, change, severity, scenario, checkId, summary) => {
    others?.set(change);
    try {
      // The window fills over a few cycles: wait for the full share, not the first warning on the way.
      const r = await cycleUntil(
        cia,
        (x) => suggest(cia, x).scenario?.id === scenario && summary.test(x.get(checkId)?.summary ?? ""),
      );
      const s = suggest(cia, r);
      expect(s.severity).toBe(severity);
      expect(s.scenario?.steps.length).toBeGreaterThan(0);
      expect(r.get(checkId)?.summary).toMatch(summary);
    } finally {
      await others?.reset();
    }
    await cycleUntil(cia, allOk);
  });

  it("P0: the CIA database refusing connections raises any suggestion to P0 (cause A)", async () => {
    const port = await freePort();
    const dead = build({
      WARROOM_CIA_URL: others?.urls.cia ?? "",
      WARROOM_CIA_ADMIN_KEY: KEY,
      WARROOM_CIA_DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
    });
    const r = await cycleUntil(dead, (x) => x.get("db-ping")?.level === "crit");
    const s = suggest(dead, r);
    expect(s.severity).toBe("P0");
    expect(s.path.join("\n")).toMatch(/CIA database unreachable/);
  });

  it("the database: table sizes named, and the missing ltv index turns red until it is created", async () => {
    const r = await cycleUntil(cia, (x) => x.get("db-index-ltv")?.level === "ok");
    expect(r.get("db-index-ltv")?.summary).toMatch(
      /^fact_customer_current\(lifetime_value\) indexed by idx_customer_ltv/,
    );
    expect(r.get("db-table-sizes")?.summary).toMatch(
      /^1 user table on 127\.0\.0\.1:\d+, .* in all; largest: public\.fact_customer_current /,
    );
    const client = new pg.Client({ connectionString: pg0().url() });
    await client.connect();
    try {
      await client.query("DROP INDEX idx_customer_ltv");
      const gone = await cycleUntil(cia, (x) => x.get("db-index-ltv")?.level === "crit");
      expect(gone.get("db-index-ltv")?.summary).toMatch(
        /^no index on fact_customer_current\(lifetime_value\) on /,
      );
    } finally {
      await client.query(LTV_INDEX);
      await client.end();
    }
    await cycleUntil(cia, (x) => x.get("db-index-ltv")?.level === "ok");
  });

  it("/health answering 201 counts as up (004 SLOs: HTTP 200/201)", async () => {
    others?.set({ ciaStatus: 201 });
    try {
      const r = await cycleUntil(cia, (x) => /HTTP 201/.test(x.get("health")?.summary ?? ""));
      expect(r.get("health")?.level).toBe("ok");
    } finally {
      await others?.reset();
    }
  });

  it("no customers loaded is red", async () => {
    others?.set({ ciaCustomersLoaded: 0 });
    try {
      const r = await cycleUntil(cia, (x) => x.get("customers-loaded")?.level === "crit");
      expect(r.get("customers-loaded")?.summary).toMatch(/0 < 1/);
    } finally {
      await others?.reset();
    }
  });

  it("P0 cause E: a sync started 12 min ago and not completed is red with its start; completing it clears it", async () => {
    const change = ciaHungSync(12);
    others?.set(change);
    try {
      const r = await cycleUntil(cia, (x) => x.get("sync-running")?.level === "crit");
      const hung = r.get("sync-running");
      expect(hung?.summary).toMatch(/^sync started \S+Z, 12 min ago, not completed: > 10 min, hung$/);
      expect(hung?.evidence.startedAt).toBe(new Date(change.ciaSyncStartedAt ?? 0).toISOString());
      expect(hung?.value).toBeGreaterThanOrEqual(12);
      // The hung process ends (killed, service restarted): the started sync completes.
      others?.set({ ciaSyncHung: false });
      const done = await cycleUntil(cia, (x) => x.get("sync-running")?.level === "ok");
      expect(done.get("sync-running")?.summary).toMatch(
        /^no sync in progress; the last started \S+Z, completed after/,
      );
    } finally {
      await others?.reset();
    }
  });

  it("P1 cause A: Redis down, the second call is as slow as the first (red, both timings) and the hit rate 0", async () => {
    others?.set({ ciaCacheDown: true, ciaLatencyMs: 300 });
    try {
      const r = await cycleUntil(cia, (x) => x.get("cache-second-call")?.level === "crit");
      const pair = r.get("cache-second-call");
      expect(pair?.summary).toMatch(
        /^second call to \/api\/mcp\/customer\/random [\d.]+ ms after [\d.]+ ms .*: not faster|barely faster/,
      );
      expect(pair?.evidence.firstMs).toBeGreaterThanOrEqual(290);
      expect(pair?.evidence.secondMs).toBeGreaterThanOrEqual(290);
      expect(r.get("cache-hit-rate")?.level).toBe("crit");
    } finally {
      await others?.reset();
    }
    const back = await cycleUntil(cia, (x) => x.get("cache-second-call")?.level === "ok");
    expect(Number(back.get("cache-second-call")?.evidence.secondMs)).toBeLessThan(50);
  });

  it("SLO: a natural-language query slower than 3000 ms is red", async () => {
    others?.set({ ciaNlQueryMs: 3300 });
    try {
      const r = await cycleUntil(cia, (x) => x.get("nl-query")?.level === "crit");
      expect(r.get("nl-query")?.summary).toMatch(/^latency \d+ ms > 3000 ms \(critical\)$/);
    } finally {
      await others?.reset();
    }
    await cycleUntil(cia, (x) => x.get("nl-query")?.level === "ok");
  });
});
