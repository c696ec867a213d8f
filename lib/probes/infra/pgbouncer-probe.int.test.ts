import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PgBouncerServer, startPgBouncer } from "@/scripts/services/test-servers";
import { closedPort, startTcpServer } from "@/test/support/local-server";
import { runInfraProbe } from "@/test/support/run-infra-probe";

// PgBouncer in transaction mode with a pool of 2 server connections in front of the system PostgreSQL.
let bouncer: PgBouncerServer;
const clients: pg.Client[] = [];

beforeAll(async () => {
  bouncer = await startPgBouncer({
    serverPort: 5432,
    databases: { appdb: "postgres", otherdb: "postgres" },
    poolSize: 2,
    users: { pgbouncer: "admin-pw", app: "app-pw", watcher: "watcher-pw" },
    statsUsers: ["watcher"],
  });
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
  await bouncer?.stop();
});

async function appClient(): Promise<pg.Client> {
  const c = new pg.Client({
    host: "127.0.0.1",
    port: bouncer.port,
    user: "app",
    password: "app-pw",
    database: "appdb",
  });
  c.on("error", () => {});
  await c.connect();
  clients.push(c);
  return c;
}

const check = (extra: Record<string, unknown> = {}) => ({
  kind: "pgbouncer",
  host: "127.0.0.1",
  port: bouncer.port,
  user: "pgbouncer",
  password: "admin-pw",
  database: "appdb",
  ...extra,
});

async function probeUntil(
  input: Record<string, unknown>,
  done: (r: Awaited<ReturnType<typeof runInfraProbe>>) => boolean,
) {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const r = await runInfraProbe(input);
    if (done(r) || performance.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("pgbouncer probe (incident §2.3)", () => {
  it("before the first client: unknown 'no pool yet'; a database PgBouncer does not know: unknown", async () => {
    const none = await runInfraProbe(check());
    expect(none).toMatchObject({
      level: "unknown",
      summary: expect.stringMatching(/^no pool "appdb" on 127\.0\.0\.1:\d+ yet/),
    });
    const unknownDb = await runInfraProbe(check({ database: "ghost" }));
    expect(unknownDb.summary).toMatch(/has no database "ghost"/);
  });

  it("idle pool → ok; 2 of 2 servers held in transactions → crit 100 %; a third client queues → crit cl_waiting", async () => {
    const a = await appClient();
    await a.query("SELECT 1");
    const idle = await runInfraProbe(check());
    expect(idle).toMatchObject({
      level: "ok",
      value: 0,
      unit: "%",
      evidence: { sv_active: 0, cl_waiting: 0, maxPool: 2 },
    });
    expect(idle.summary).toMatch(/^pool appdb: 0\/2 sv_active \(0%\), 0 waiting, cl_active \d+$/);

    const b = await appClient();
    await a.query("BEGIN");
    await a.query("SELECT 1");
    await b.query("BEGIN");
    await b.query("SELECT 1");
    const full = await runInfraProbe(check());
    expect(full).toMatchObject({ level: "crit", value: 100, evidence: { sv_active: 2, cl_waiting: 0 } });
    expect(full.summary).toBe("pool usage (sv_active/2) 100% > 90% (critical)");

    const c = await appClient();
    const queued = c.query("SELECT 1");
    const waiting = await probeUntil(check(), (r) => Number(r.evidence.cl_waiting) > 0);
    expect(waiting.level).toBe("crit");
    expect(waiting.summary).toMatch(
      /^1 client waiting for a server connection in pool appdb \(maxwait [\d.]+ s, 2\/2 sv_active\)$/,
    );
    expect(waiting.conditions.find((x) => x.condition === "[cl_waiting] == 0")).toMatchObject({
      ok: false,
      actual: "1",
    });

    await a.query("COMMIT");
    await queued;
    await b.query("COMMIT");
    const drained = await probeUntil(check(), (r) => r.level === "ok");
    expect(drained).toMatchObject({ level: "ok", evidence: { cl_waiting: 0 } });
  });

  it("maxPool and usageOf override what is read", async () => {
    const r = await runInfraProbe(
      check({ maxPool: 10, usageOf: "cl_active", thresholds: { direction: "above", warn: 20 } }),
    );
    expect(r.evidence.maxPool).toBe(10);
    expect(r.value).toBe(Number(r.evidence.cl_active) * 10);
    expect(r.level).toBe("warn");
  });

  it("a stats_users member may read the console", async () => {
    const r = await runInfraProbe(check({ user: "watcher", password: "watcher-pw" }));
    expect(r.level).toBe("ok");
    expect(typeof r.evidence.avgQueryMs).toBe("number");
  });
});

describe("pgbouncer probe: bad targets", () => {
  it("wrong password → unknown 'authentication failed', password not shown", async () => {
    const r = await runInfraProbe(check({ password: "nope-pw" }));
    expect(r).toMatchObject({
      level: "unknown",
      summary: `authentication failed for user "pgbouncer" on PgBouncer 127.0.0.1:${bouncer.port} (wrong password?)`,
    });
    expect(JSON.stringify(r)).not.toContain("nope-pw");
  });

  it("a user the console refuses → unknown 'not allowed'", async () => {
    const r = await runInfraProbe(check({ user: "app", password: "app-pw" }));
    expect(r.level).toBe("unknown");
    expect(r.summary).toBe(
      `PgBouncer admin console at 127.0.0.1:${bouncer.port} refused user "app": not allowed (not in admin_users or stats_users)`,
    );
  });

  it("the PostgreSQL port instead of PgBouncer's → unknown 'not a PgBouncer admin console'", async () => {
    const r = await runInfraProbe(check({ port: 5432, user: "postgres", password: undefined }));
    expect(r.level).toBe("unknown");
    expect(r.summary).toMatch(
      /^127\.0\.0\.1:5432 is not a PgBouncer admin console \(.*database "pgbouncer" does not exist/,
    );
  });

  it("nothing listening → crit 'connection refused'", async () => {
    const port = await closedPort();
    expect(await runInfraProbe(check({ port }))).toMatchObject({
      level: "crit",
      summary: `connection refused by 127.0.0.1:${port}`,
    });
  });

  it("a server that accepts and never answers → crit within timeout + 200 ms", async () => {
    const hung = await startTcpServer((socket) => socket.resume());
    try {
      const r = await runInfraProbe(check({ port: hung.port }), { timeoutMs: 400 });
      expect(r).toMatchObject({
        level: "crit",
        summary: `no answer from 127.0.0.1:${hung.port} within 400 ms`,
      });
      expect(r.durationMs).toBeLessThan(2000); // cut at 400 ms; the margin is a loaded host's
    } finally {
      await hung.close();
    }
  });
});
