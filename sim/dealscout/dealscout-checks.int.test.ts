import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProbe } from "@/lib/collector/run-probe";
import type { Reading } from "@/lib/model/probe";
import { type Runbook, runbookSchema } from "@/lib/model/runbook-schema";
import { type Trigger, triggerSchema } from "@/lib/model/trigger-schema";
import { connectDocker, isEngineReachable, socketPathOf } from "@/lib/rollback/docker-engine";
import { evaluateSeries, type Sample } from "@/lib/rules/sustained";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";
import { unmountDisk } from "../docker/host-disk";
import { enqueueTasks, setConsuming } from "./celery-tasks";
import { type DsFault, setDsFault } from "./ds-faults";
import { type DsUpResult, dsStackUp } from "./ds-up";

// 003's investigation and recovery checks read off Deal Scout's own stack: brought up once, every check
// read at rest, then two groups of scenarios switched on together (each red where its check must be),
// and off again. Windows are seconds instead of minutes so the whole file stays short.
const docker = connectDocker();
const hasEngine = await isEngineReachable(docker);
const isCi = process.env.CI === "true";
if (!hasEngine && !isCi)
  console.warn(`SKIPPED sim/dealscout checks: no Docker engine at ${socketPathOf(docker)}`);

const MB = 1024 * 1024;
/** The checks this file reads (the others are the scenario test's). */
const IDS = [
  ...["endpoint-errors", "request-rate", "postgres-log-errors", "db-disk", "db-replication", "db-load"],
  ...["db-cache-hit", "pending-notifications", "redis-log-errors", "redis-fragmentation", "redis-rdb"],
  ...["celery-stats", "celery-queues", "celery-reserved", "celery-failed", "beat-executing"],
  ...["backend-large-results", "large-files", "log-sizes", "backup-sizes", "container-log-sizes", "smtp"],
  ...["backend-errors", "celery-queue"],
];
const GROUP_A: DsFault[] = [
  "errors",
  "rdb-fail",
  "beat-stuck",
  "failed-tasks",
  "big-files",
  "smtp-down",
  "memory",
];

describe.skipIf(!hasEngine && !isCi)("Deal Scout's investigation checks on its stack", () => {
  const fileStarted = performance.now();
  let env: Record<string, string>;
  let stateDir: string;
  let up: DsUpResult;
  let runbook: Runbook;
  const states = new Map<string, Map<string, unknown>>();
  const queueSamples: Sample[] = [];

  async function cycle(): Promise<Map<string, Reading>> {
    const readings = await Promise.all(
      runbook.checks
        .filter((c) => IDS.includes(c.id))
        .map((check) => {
          const state = states.get(check.id) ?? new Map<string, unknown>();
          states.set(check.id, state);
          return runProbe(check, { timeoutMs: 8000, state });
        }),
    );
    const byId = new Map(readings.map((r) => [r.checkId, r]));
    const queue = byId.get("celery-queue");
    if (queue) {
      queueSamples.push({
        at: Date.parse(queue.collectedAt),
        level: queue.level,
        value: typeof queue.value === "number" ? queue.value : null,
      });
    }
    return byId;
  }

  async function until(what: string, done: (r: Map<string, Reading>) => boolean, timeoutMs = 60_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const readings = await cycle();
      if (done(readings)) return readings;
      if (performance.now() > deadline) {
        const shown = [...readings.values()].map((r) => `  ${r.checkId}: ${r.level} ${r.summary}`).join("\n");
        throw new Error(`${what}: not met within ${timeoutMs} ms:\n${shown}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  /**
   * Until every expectation has held at least once (a one-shot such as failed tasks leaves the logs' window
   * while a slower one builds up); returns the reading each was first met with.
   */
  async function untilEach(
    what: string,
    expectations: Record<string, (r: Map<string, Reading>) => boolean>,
    timeoutMs = 60_000,
  ): Promise<Map<string, Map<string, Reading>>> {
    const met = new Map<string, Map<string, Reading>>();
    await until(
      what,
      (r) => {
        for (const [name, holds] of Object.entries(expectations))
          if (!met.has(name) && holds(r)) met.set(name, r);
        return met.size === Object.keys(expectations).length;
      },
      timeoutMs,
    ).catch((err: Error) => {
      const missing = Object.keys(expectations).filter((n) => !met.has(n));
      throw new Error(`${err.message}\nnever met: ${missing.join(", ")}`);
    });
    return met;
  }
  const level = (r: Map<string, Reading>, id: string) => r.get(id)?.level;
  const notOk = (r: Map<string, Reading>, id: string) => ["warn", "crit"].includes(level(r, id) ?? "");
  const faults = async (list: DsFault[], on: boolean) => {
    for (const f of list) await setDsFault(f, on, { env, docker });
  };

  beforeAll(async () => {
    if (!hasEngine)
      throw new Error("CI=true and no Docker engine is reachable: run scripts/services/ensure-docker.sh");
    stateDir = await mkdtemp(join(tmpdir(), "warroom-ds-checks-"));
    // Host folders of known size standing in for /var/log and /var/backups/postgresql.
    await mkdir(join(stateDir, "log/deal-scout"), { recursive: true });
    await mkdir(join(stateDir, "backups"), { recursive: true });
    await writeFile(join(stateDir, "log/deal-scout/app.log"), Buffer.alloc(2 * MB, 0x61));
    await writeFile(join(stateDir, "backups/deals-2026-12-04.sql.gz"), Buffer.alloc(3 * MB, 0x62));
    env = { WARROOM_DS_STACK_DIR: join(stateDir, "stack") };
    up = await dsStackUp({ env, docker });
    console.info(`deal-scout stack up in ${up.elapsedMs} ms`);
    const parsed = runbookSchema.parse(
      buildDealScout({
        WARROOM_DEALSCOUT_URL: up.urls.backend,
        WARROOM_DEALSCOUT_REDIS_URL: up.urls.redis,
        WARROOM_DEALSCOUT_DATABASE_URL: up.urls.postgres,
        WARROOM_DEALSCOUT_EBAY_URL: up.urls.ebay,
        WARROOM_DEALSCOUT_SMTP_PORT: String(up.ports.smtp),
        WARROOM_DEALSCOUT_DISK_PATH: up.disk.ok ? up.disk.path : join(stateDir, "stack/disk"),
        WARROOM_DEALSCOUT_LOG_PATH: join(stateDir, "log"),
        WARROOM_DEALSCOUT_BACKUP_PATH: join(stateDir, "backups"),
      }),
    );
    runbook = {
      ...parsed,
      checks: parsed.checks.map((c) => {
        if (c.kind === "prometheus") return { ...c, windowSec: 3 };
        if (c.kind === "docker-logs") return { ...c, sinceSec: 8 };
        if (c.kind === "redis" && c.measure === "celery-stats") return { ...c, windowSec: 6 };
        return c;
      }),
    };
  }, 240_000);

  afterAll(async () => {
    if (env) {
      await faults([...GROUP_A, "queue-backlog", "db-locks"], false).catch(() => undefined);
    }
    // The project's global setup takes the stack down after the last file; this file's disk only.
    if (stateDir) await unmountDisk(join(stateDir, "stack", "disk")).catch(() => undefined);
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
    console.info(`deal-scout checks file: ${Math.round((performance.now() - fileStarted) / 1000)} s`);
  }, 60_000);

  it("at rest: every investigation check reads its part, the values are the stack's", async () => {
    const r = await until("at rest", (x) =>
      IDS.filter((id) => id !== "db-replication" && id !== "celery-queue").every(
        (id) => level(x, id) === "ok",
      ),
    );
    expect(r.get("request-rate")?.value).toBeGreaterThan(1);
    expect(r.get("request-rate")?.value).toBeLessThan(20);
    expect(r.get("endpoint-errors")?.evidence["handler /api/alerts"]).toMatch(/^0%/);
    // PostgreSQL's data folder in its container: tens of MB; the file system judged as used %.
    expect(r.get("db-disk")?.value).toBeGreaterThan(10);
    expect(r.get("db-disk")?.gauge?.unit).toBe("%");
    // No standby streams from this primary: the reading says so, neither green nor red.
    expect(r.get("db-replication")?.level).toBe("unknown");
    expect(r.get("db-replication")?.summary).toMatch(/pg_stat_replication is empty.*does not apply/);
    expect(r.get("db-load")?.value).toBeGreaterThan(0);
    expect(r.get("db-cache-hit")?.value).toBeGreaterThanOrEqual(90);
    expect(r.get("celery-stats")?.value).toBeGreaterThan(0);
    expect(r.get("celery-queues")?.value).toBe(1);
    expect(r.get("redis-rdb")?.evidence.rdbFile).toBe("/data/dump.rdb");
    // A 32 MB Redis fragments a few MB at most: the ratio is read, not judged below 100 MB.
    expect(r.get("redis-fragmentation")?.value).toBeGreaterThan(0);
    expect(r.get("redis-fragmentation")?.summary).toMatch(/fragmentation ratio .*not judged/);
    expect(r.get("large-files")?.value).toBe(0);
    expect(r.get("log-sizes")?.value).toBeGreaterThanOrEqual(2);
    expect(r.get("log-sizes")?.value).toBeLessThan(2.2);
    expect(r.get("backup-sizes")?.value).toBeGreaterThanOrEqual(3);
    expect(r.get("container-log-sizes")?.value).toBeGreaterThan(0);
    expect(r.get("smtp")?.summary).toMatch(/220/);
  }, 120_000);

  it("errors, rdb-fail, beat-stuck, failed-tasks, big-files, smtp-down, memory: each check red; off → ok", async () => {
    await faults(GROUP_A, true);
    try {
      const on = await untilEach("group A on", {
        "endpoint-errors": (r) => level(r, "endpoint-errors") === "crit",
        "redis-rdb": (r) => level(r, "redis-rdb") === "crit",
        "redis-log-errors": (r) => notOk(r, "redis-log-errors"),
        "beat-executing": (r) => level(r, "beat-executing") === "crit",
        "celery-failed": (r) => notOk(r, "celery-failed"),
        "large-files": (r) => level(r, "large-files") === "warn",
        smtp: (r) => level(r, "smtp") === "crit",
        "pending-notifications": (r) => level(r, "pending-notifications") === "warn",
        "backend-large-results": (r) => level(r, "backend-large-results") === "warn",
      });
      const at = (id: string) => on.get(id)?.get(id);
      // Only /api/deals carries the errors: the board names it, /api/alerts stays at 0%.
      expect(at("endpoint-errors")?.summary).toMatch(/\/api\/deals/);
      expect(at("endpoint-errors")?.evidence["handler /api/alerts"]).toMatch(/^0%/);
      expect(at("large-files")?.summary).toMatch(/deals-full-dump\.sql 150/);
      expect(at("smtp")?.summary).toMatch(/421/);
      expect(JSON.stringify(at("celery-failed")?.evidence)).toMatch(/raised unexpected/);
      expect(at("redis-rdb")?.summary).toMatch(/rdb_last_bgsave_status:err/);
    } finally {
      await faults(GROUP_A, false);
    }
    await until("group A off", (r) =>
      ["endpoint-errors", "redis-rdb", "beat-executing", "large-files", "smtp", "pending-notifications"]
        .concat("backend-large-results")
        .every((id) => level(r, id) === "ok"),
    );
  }, 150_000);

  it("queue-backlog and db-locks: no consumer, nothing processed, the queue trend; postgres errors", async () => {
    const rule: Trigger = triggerSchema.parse({
      ...runbook.triggers.find((t) => t.id === "queue-not-draining"),
      // Six seconds instead of five minutes.
      warn: { threshold: 1000, forMinutes: 0.1 },
    });
    const redisUrl = up.urls.redis;
    await faults(["queue-backlog", "db-locks"], true);
    try {
      const from = queueSamples.length;
      const trend = () => evaluateSeries(rule, queueSamples.slice(from), Date.now()).verdict;
      await untilEach("backlog on", {
        "no consumer of celery": (r) => level(r, "celery-queues") === "crit",
        "nothing processed": (r) => level(r, "celery-stats") === "crit",
        "postgres errors (statement timeouts)": (r) => notOk(r, "postgres-log-errors"),
        "queue not decreasing": () => trend().level === "warn",
      });
      // The worker consumes again without a purge: the backlog drains, still over 1000, and the rule clears
      // (3,000 more tasks keep it over 1000 however fast this host's worker is).
      await enqueueTasks(redisUrl, "app.tasks.scan.scan_all", 3000);
      await setConsuming(redisUrl, true);
      const drainFrom = queueSamples.length;
      await until("draining", (r) => {
        const now = trend();
        const drained = queueSamples.slice(drainFrom);
        return (
          level(r, "celery-queues") === "ok" &&
          drained.length >= 3 &&
          (drained.at(-1)?.value ?? 0) > 1000 &&
          now.level === "ok" &&
          /improving/.test(now.reason)
        );
      });
    } finally {
      await faults(["queue-backlog", "db-locks"], false);
    }
    await until("backlog off", (r) => level(r, "celery-stats") === "ok" && level(r, "celery-queue") === "ok");
  }, 150_000);
});
