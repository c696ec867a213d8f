import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PgCluster, startPostgresCluster } from "@/scripts/services/test-servers";
import { closedPort, startTcpServer } from "@/test/support/local-server";
import { runInfraProbe } from "@/test/support/run-infra-probe";

// The system PostgreSQL (trust auth) holds a throwaway database; an extra primary + streaming replica
// (max_connections 12, pg_stat_statements, one password user) cover what needs server settings.
const SYSTEM = "postgres://postgres@127.0.0.1:5432";
const DB = `warroom_infra_${process.pid}`;
const url = `${SYSTEM}/${DB}`;
let primary: PgCluster;
let replica: PgCluster;
const held: pg.Client[] = [];

async function sql(connectionString: string, text: string): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

async function hold(connectionString: string, n: number, first?: string): Promise<pg.Client[]> {
  const clients = await Promise.all(
    Array.from({ length: n }, async () => {
      const c = new pg.Client({ connectionString });
      c.on("error", () => {});
      await c.connect();
      if (first) await c.query(first);
      return c;
    }),
  );
  held.push(...clients);
  return clients;
}

async function release(clients: pg.Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
  for (const c of clients) held.splice(held.indexOf(c), 1);
}

/** Poll a probe until `done` holds (no sleeps): replication state changes asynchronously. */
async function probeUntil(
  input: Record<string, unknown>,
  done: (r: Awaited<ReturnType<typeof runInfraProbe>>) => boolean,
) {
  const deadline = performance.now() + 15_000;
  for (;;) {
    const r = await runInfraProbe(input);
    if (done(r) || performance.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  await sql(`${SYSTEM}/postgres`, `DROP DATABASE IF EXISTS ${DB}`);
  await sql(`${SYSTEM}/postgres`, `CREATE DATABASE ${DB}`);
  await sql(url, "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)");
  await sql(url, "INSERT INTO alembic_version VALUES ('036_add_bulk_ingestion_jobs')");
  await sql(url, "CREATE TABLE products AS SELECT g AS id, 'p' || g AS name FROM generate_series(1, 2000) g");
  await sql(url, "CREATE TABLE never_analyzed (id int)");
  await sql(url, "ANALYZE products");
  primary = await startPostgresCluster({
    settings: { max_connections: "12", shared_preload_libraries: "pg_stat_statements" },
    hba: ["host all probe_pw 127.0.0.1/32 scram-sha-256"],
  });
  await sql(primary.url(), "CREATE ROLE probe_pw LOGIN PASSWORD 'right-password'");
  replica = await startPostgresCluster({ replicaOf: primary });
}, 120_000);

afterAll(async () => {
  await release([...held]);
  await Promise.all([replica?.stop(), primary?.stop()]);
  await sql(`${SYSTEM}/postgres`, `DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
});

const check = (measure: string, extra: Record<string, unknown> = {}) => ({
  kind: "postgres",
  url,
  measure,
  ...extra,
});

describe("postgres probe: ping, activity, connections", () => {
  it("SELECT 1 latency, connect time in evidence", async () => {
    const r = await runInfraProbe(check("ping", { thresholds: { direction: "above", warn: 500 } }));
    expect(r).toMatchObject({ level: "ok", unit: "ms" });
    expect(r.summary).toMatch(/^SELECT 1 on 127\.0\.0\.1:5432 in [\d.]+ ms$/);
    expect(typeof r.evidence.connectMs).toBe("number");
  });

  it("pg_stat_activity by state (incident §2.3), the probe's own backend excluded", async () => {
    const idleInTx = await hold(url, 1, "BEGIN");
    const idle = await hold(url, 2);
    try {
      const r = await runInfraProbe(
        check("activity", { state: "idle in transaction", thresholds: { direction: "above", warn: 0 } }),
      );
      expect(r.level).toBe("warn");
      expect(r.value).toBe(1);
      expect(r.evidence["state idle"]).toBeGreaterThanOrEqual(2);
      expect(r.summary).toBe("connections idle in transaction 1 > 0 (warning)");
    } finally {
      await release([...idleInTx, ...idle]);
    }
  });

  it("connections vs max_connections: 75 % warn, 92 % crit, full → crit 'too many clients'", async () => {
    const target = { kind: "postgres", url: primary.url(), measure: "connections" };
    const eight = await hold(primary.url(), 8);
    try {
      const warn = await runInfraProbe(target);
      expect(warn).toMatchObject({ level: "warn", value: 75, evidence: { maxConnections: 12 } });
      expect(warn.summary).toBe("connections (9/12) 75% > 70% (warning)");
      const more = await hold(primary.url(), 2);
      const crit = await runInfraProbe(target);
      expect(crit).toMatchObject({ level: "crit", value: 91.7 });
      // Fill every slot, superuser-reserved ones included (we connect as postgres).
      const rest = await hold(primary.url(), 2);
      const full = await runInfraProbe(target);
      expect(full.level).toBe("crit");
      expect(full.summary).toMatch(/refused the connection: sorry, too many clients already/);
      await release([...more, ...rest]);
    } finally {
      await release(eight);
    }
  });
});

describe("postgres probe: replication lag", () => {
  it("replica caught up → 0 s; replay paused while the primary writes → lag grows; resumed → back to 0", async () => {
    const onReplica = {
      kind: "postgres",
      url: replica.url(),
      measure: "replication-lag",
      thresholds: { direction: "above", warn: 0.2, crit: 600 },
    };
    const ok = await probeUntil(onReplica, (r) => r.value === 0);
    expect(ok).toMatchObject({
      level: "ok",
      value: 0,
      evidence: { role: "replica", walReceiver: "streaming" },
    });
    expect(ok.summary).toMatch(/caught up/);

    // A replayed commit gives the replica a replay timestamp to measure from.
    await sql(primary.url(), "CREATE TABLE lag_before AS SELECT 1 AS x");
    await probeUntil(onReplica, (r) => r.value === 0 && r.evidence.lastReplay !== null);
    await sql(replica.url(), "SELECT pg_wal_replay_pause()");
    await sql(primary.url(), "CREATE TABLE lag_probe AS SELECT 1 AS x");
    const behind = await probeUntil(onReplica, (r) => r.level === "warn");
    expect(behind.level).toBe("warn");
    expect(behind.summary).toMatch(/^replication lag [\d.]+ s > 0\.2 s \(warning\)$/);

    const fromPrimary = await runInfraProbe({
      kind: "postgres",
      url: primary.url(),
      measure: "replication-lag",
    });
    expect(String(fromPrimary.evidence["replica 1"])).toMatch(/streaming lag .* [1-9]\d* bytes behind/);

    await sql(replica.url(), "SELECT pg_wal_replay_resume()");
    const back = await probeUntil(onReplica, (r) => r.value === 0);
    expect(back.level).toBe("ok");
  });

  it("a replica that never replayed a transaction while behind → unknown, not a made-up lag", async () => {
    const fresh = await startPostgresCluster({ replicaOf: primary });
    try {
      await sql(fresh.url(), "SELECT pg_wal_replay_pause()");
      await sql(primary.url(), "CREATE TABLE lag_fresh AS SELECT 1 AS x");
      const r = await probeUntil(
        { kind: "postgres", url: fresh.url(), measure: "replication-lag" },
        (x) => x.level === "unknown",
      );
      expect(r.summary).toMatch(/has not replayed any transaction yet/);
    } finally {
      await fresh.stop();
    }
  });

  it("on the primary → worst replay_lag of attached replicas", async () => {
    const r = await probeUntil(
      { kind: "postgres", url: primary.url(), measure: "replication-lag" },
      (x) => x.value === 0,
    );
    expect(r).toMatchObject({ level: "ok", value: 0, unit: "s", evidence: { role: "primary", replicas: 1 } });
    expect(String(r.evidence["replica 1"])).toMatch(/streaming lag 0s, 0 bytes behind/);
  });

  it("a standalone server → crit 'not a replica and no replica streams from it'", async () => {
    const r = await runInfraProbe(check("replication-lag"));
    expect(r.level).toBe("crit");
    expect(r.summary).toBe(
      "127.0.0.1:5432 is not a replica and no replica streams from it (pg_stat_replication is empty)",
    );
  });
});

describe("postgres probe: migration version, row count, slow queries", () => {
  it("alembic_version equals the expected head", async () => {
    const ok = await runInfraProbe(check("migration-version", { expected: "036_add_bulk_ingestion_jobs" }));
    expect(ok).toMatchObject({ level: "ok", value: "036_add_bulk_ingestion_jobs" });
    const behind = await runInfraProbe(check("migration-version", { expected: "037_next" }));
    expect(behind).toMatchObject({
      level: "crit",
      summary: "migration version 036_add_bulk_ingestion_jobs on 127.0.0.1:5432, expected 037_next",
    });
  });

  it("versionsDir: the latest head of the migration scripts is expected", async () => {
    const dir = await mkdtemp(join(tmpdir(), "warroom-alembic-"));
    const write = (rev: string, down: string) =>
      writeFile(join(dir, `${rev}.py`), `revision = '${rev}'\ndown_revision = ${down}\n`);
    try {
      const probe = () => runInfraProbe(check("migration-version", { versionsDir: dir }));
      expect(await probe()).toMatchObject({
        level: "unknown",
        summary: `no alembic migration scripts in ${dir}`,
      });
      await write("035_x", "None");
      await write("036_add_bulk_ingestion_jobs", "'035_x'");
      expect(await probe()).toMatchObject({
        level: "ok",
        summary: "migration version 036_add_bulk_ingestion_jobs (the latest head)",
      });
      await write("037_next", "'036_add_bulk_ingestion_jobs'");
      expect(await probe()).toMatchObject({
        level: "crit",
        summary: "migration version 036_add_bulk_ingestion_jobs on 127.0.0.1:5432, expected 037_next",
      });
      await write("037_other", "'036_add_bulk_ingestion_jobs'");
      expect(await probe()).toMatchObject({
        level: "crit",
        summary: `2 alembic heads in ${dir} (037_next, 037_other): a merge migration is missing`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("no version table → crit", async () => {
    const r = await runInfraProbe(check("migration-version", { expected: "x", table: "schema_migrations" }));
    expect(r).toMatchObject({
      level: "crit",
      summary: "table schema_migrations does not exist on 127.0.0.1:5432 (no migrations applied?)",
    });
  });

  it("row count against a floor, exact and estimated", async () => {
    expect(await runInfraProbe(check("row-count", { table: "products", floor: 1000 }))).toMatchObject({
      level: "ok",
      value: 2000,
    });
    const low = await runInfraProbe(check("row-count", { table: "public.products", floor: 1_300_000 }));
    expect(low).toMatchObject({
      level: "crit",
      summary: "rows in public.products 2000 < 1300000 (critical)",
    });
    const warn = await runInfraProbe(
      check("row-count", { table: "products", floor: 1000, warnBelow: 5000, method: "estimate" }),
    );
    expect(warn).toMatchObject({ level: "warn", value: 2000 });
  });

  it("estimate of a never-analyzed table → unknown; a missing table → crit", async () => {
    const never = await runInfraProbe(
      check("row-count", { table: "never_analyzed", floor: 0, method: "estimate" }),
    );
    expect(never).toMatchObject({ level: "unknown", summary: expect.stringContaining("never analyzed") });
    const missing = await runInfraProbe(check("row-count", { table: "nope", floor: 1 }));
    expect(missing).toMatchObject({ level: "crit", summary: "table nope does not exist on 127.0.0.1:5432" });
  });

  it("pg_stat_statements missing → unknown; installed → slow statements counted", async () => {
    const absent = await runInfraProbe(check("slow-queries"));
    expect(absent).toMatchObject({
      level: "unknown",
      summary: expect.stringMatching(/^pg_stat_statements not installed on 127\.0\.0\.1:5432/),
    });

    await sql(primary.url(), "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await sql(primary.url(), "SELECT pg_stat_statements_reset()");
    for (let i = 0; i < 3; i++) await sql(primary.url(), "SELECT pg_sleep(0.03)");
    const r = await runInfraProbe({
      kind: "postgres",
      url: primary.url(),
      measure: "slow-queries",
      minMeanMs: 20,
    });
    expect(r.level).toBe("warn");
    expect(r.value).toBeGreaterThanOrEqual(1);
    expect(String(r.evidence["slowest 1"])).toMatch(/SELECT pg_sleep\(\$1\)/);
  });
});

describe("postgres probe: bad targets", () => {
  it("wrong password → unknown 'authentication failed', password not shown", async () => {
    const r = await runInfraProbe({
      kind: "postgres",
      url: `postgres://probe_pw:wrong-pw@127.0.0.1:${primary.port}/postgres`,
      measure: "ping",
    });
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(
      /^authentication failed for user "probe_pw" on 127\.0\.0\.1:\d+: password authentication failed/,
    );
    expect(JSON.stringify(r)).not.toContain("wrong-pw");
    const right = await runInfraProbe({
      kind: "postgres",
      url: `postgres://probe_pw:right-password@127.0.0.1:${primary.port}/postgres`,
      measure: "ping",
    });
    expect(right.level).toBe("ok");
  });

  it("unknown database → unknown naming it", async () => {
    const r = await runInfraProbe({ kind: "postgres", url: `${SYSTEM}/no_such_db_here`, measure: "ping" });
    expect(r).toMatchObject({
      level: "unknown",
      summary: 'database "no_such_db_here" does not exist on 127.0.0.1:5432',
    });
  });

  it("nothing listening → crit 'connection refused'", async () => {
    const port = await closedPort();
    const r = await runInfraProbe({
      kind: "postgres",
      url: `postgres://postgres@127.0.0.1:${port}/x`,
      measure: "ping",
    });
    expect(r).toMatchObject({ level: "crit", summary: `connection refused by 127.0.0.1:${port}` });
  });

  it("a server that accepts and never answers → crit within timeout + 200 ms, socket closed", async () => {
    let closed = 0;
    const hung = await startTcpServer((socket) => {
      socket.resume();
      socket.on("close", () => {
        closed += 1;
      });
    });
    try {
      const r = await runInfraProbe(
        { kind: "postgres", url: `postgres://postgres@127.0.0.1:${hung.port}/x`, measure: "ping" },
        { timeoutMs: 400 },
      );
      expect(r).toMatchObject({
        level: "crit",
        summary: `no answer from 127.0.0.1:${hung.port} within 400 ms`,
      });
      expect(r.durationMs).toBeLessThan(2000); // cut at 400 ms; the margin is a loaded host's
      const deadline = performance.now() + 1000;
      while (closed < 1 && performance.now() < deadline) await new Promise((res) => setTimeout(res, 10));
      expect(closed).toBe(1);
    } finally {
      await hung.close();
    }
  });

  it("a query slower than the deadline → crit, and the server stops it", async () => {
    // statement_timeout = the probe's timeout: a row count on a huge table cannot outlive the reading.
    await sql(url, "CREATE OR REPLACE VIEW slow_view AS SELECT 1 AS one FROM pg_sleep(2)");
    const r = await runInfraProbe(check("row-count", { table: "slow_view", floor: 0 }), { timeoutMs: 300 });
    expect(r.level).toBe("crit");
    expect(r.summary).toMatch(/no reply to the query from 127\.0\.0\.1:5432 within 300 ms|cancelled/);
    expect(r.durationMs).toBeLessThan(1800);
    // Well before pg_sleep(2) would end, the backend is gone (statement_timeout or the closed socket).
    const deadline = performance.now() + 1200;
    let running = 1;
    while (running > 0 && performance.now() < deadline) {
      const q = await sql(
        url,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%slow_view%' AND pid <> pg_backend_pid()",
      );
      running = q.rows[0].n;
      if (running > 0) await new Promise((res) => setTimeout(res, 20));
    }
    expect(running).toBe(0);
  });
});
