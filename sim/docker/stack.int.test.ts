import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runbookSchema } from "@/lib/model/runbook-schema";
import { composeBackupPlan } from "@/lib/rollback/backup-plan";
import { containerLogs } from "@/lib/rollback/container-logs";
import { socketPathOf } from "@/lib/rollback/docker-engine";
import { runStep } from "@/lib/rollback/run-step";
import { resolveActions } from "@/lib/rollback/target";
import { composeUsTrafficPlan } from "@/lib/rollback/us-traffic-plan";
import { buildBuyWhereUsLaunch } from "@/lib/runbook/presets/buywhere-us-launch";
import { callControl } from "../control-client";
import { freePort, get, tryConnect } from "../testing/net";
import { runTsx } from "../testing/spawn";
import { execIn } from "./exec-in";
import { diskUsagePercent } from "./host-disk";
import {
  ALEMBIC_VERSION,
  connectDocker,
  containerName,
  isEngineReachable,
  PGBOUNCER_POOL_SIZE,
  readRollbackState,
  readStackStatus,
  resetStack,
  STACK_PROJECT,
  STACK_SERVICES,
  type StackUpResult,
  type StackUrls,
  setStackFault,
  stackDown,
  stackUp,
} from "./index";
import { isMonitoringService, MONITORING_SERVICES, SCRAPER_WORKER_CONTAINER } from "./stack-config";

const docker = connectDocker();
const hasEngine = await isEngineReachable(docker);
const isCi = process.env.CI === "true";
if (!hasEngine && !isCi) {
  console.warn(
    `SKIPPED sim/docker: no Docker engine at ${socketPathOf(docker)} (bash scripts/services/ensure-docker.sh)`,
  );
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function catalogPool(urls: StackUrls) {
  const rows = await query<Record<string, string>>(urls.pgbouncerAdmin, "SHOW POOLS");
  const row = rows.find((r) => r.database === "catalog" && r.user === "buywhere");
  return { clWaiting: Number(row?.cl_waiting ?? 0), svActive: Number(row?.sv_active ?? 0) };
}

async function redisMemory(url: string) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const info = await redis.info("memory");
    const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, "m").exec(info)?.[1]);
    return (field("used_memory") / field("maxmemory")) * 100;
  } finally {
    redis.disconnect();
  }
}

const inspect = (service: (typeof STACK_SERVICES)[number]) =>
  docker.getContainer(containerName(service)).inspect();

describe.skipIf(!hasEngine && !isCi)("the containerised BuyWhere stack", () => {
  let stateDir: string;
  let env: Record<string, string>;
  let up: StackUpResult;
  let urls: StackUrls;
  const opts = () => ({ env, docker });

  beforeAll(async () => {
    if (!hasEngine)
      throw new Error("CI=true and no Docker engine is reachable: run scripts/services/ensure-docker.sh");
    stateDir = await mkdtemp(join(tmpdir(), "warroom-stack-test-"));
    // Free ports, so a process sim or another stack on the defaults does not collide with this one.
    const [api, tls, control, mcp, db, replica, pgbouncer, redis] = await Promise.all(
      Array.from({ length: 8 }, () => freePort()),
    );
    env = {
      WARROOM_STACK_DIR: stateDir,
      ...{
        SIM_API_PORT: `${api}`,
        SIM_TLS_PORT: `${tls}`,
        SIM_CONTROL_PORT: `${control}`,
        SIM_MCP_PORT: `${mcp}`,
      },
      ...{ SIM_DB_PORT: `${db}`, SIM_REPLICA_PORT: `${replica}`, SIM_PGBOUNCER_PORT: `${pgbouncer}` },
      SIM_REDIS_PORT: `${redis}`,
    };
    up = await stackUp(opts());
    urls = up.status.urls;
    console.info(`stack up in ${up.elapsedMs} ms`);
  }, 180_000);

  afterAll(async () => {
    if (!hasEngine) return;
    await stackDown(opts());
    await rm(stateDir, { recursive: true, force: true });
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${STACK_PROJECT}`] },
    });
    expect(left).toEqual([]);
  }, 60_000);

  it("runs every service healthy, named and labelled as compose would, on host networking", async () => {
    expect(up.elapsedMs).toBeLessThan(60_000);
    for (const service of STACK_SERVICES) {
      const info = await inspect(service);
      expect(info.Name).toBe(`/${containerName(service)}`);
      expect(info.State.Health?.Status).toBe("healthy");
      expect(info.HostConfig.NetworkMode).toBe("host");
      expect(info.Config.Labels).toMatchObject({
        "com.docker.compose.project": STACK_PROJECT,
        "com.docker.compose.service": service,
      });
      expect(info.Config.Healthcheck).toMatchObject({
        Interval: isMonitoringService(service) ? 5e9 : 2e9,
        Retries: 3,
      });
    }
    expect(up.status.isHealthy).toBe(true);
  });

  it("runs deploy §2 step 7's monitoring services and launch day's scraper-worker-fixed by that name", async () => {
    for (const service of MONITORING_SERVICES) {
      // A stack reused from an earlier run has logged "running (cycle N)" every 5 min since its "started".
      const logs = await containerLogs(docker, containerName(service), { tail: 5 });
      expect(logs).toMatch(new RegExp(`${service}: (started|running \\(cycle \\d+\\))`));
    }
    const worker = await docker.getContainer(SCRAPER_WORKER_CONTAINER).inspect();
    expect(worker.State.Running).toBe(true);
    expect(worker.Config.Labels?.["com.docker.compose.service"]).toBe("scraper-worker");
  });

  it("warroom's US traffic pause and resume (launch day §4.3 step 1) and backup (deploy §1.5) on this stack", async () => {
    const runbook = runbookSchema.parse(buildBuyWhereUsLaunch({ WARROOM_STACK_DIR: stateDir }));
    const { target } = resolveActions(runbook.actions, { WARROOM_ROLLBACK_API_URL: urls.api });
    if (!target?.usTraffic || !target.backup)
      throw new Error("the preset names no usTraffic or backup action");
    const runPlan = async (plan: { steps: Parameters<typeof runStep>[2][]; blocked: string | null }) => {
      expect(plan.blocked).toBeNull();
      const out: string[] = [];
      for (const step of plan.steps)
        await runStep(docker, target, step, "stack-test", (l) => out.push(l), AbortSignal.timeout(60_000));
      return out;
    };
    const search = () => get(`${urls.api}/v1/search?q=laptop&limit=1&currency=USD`);
    try {
      await runPlan(composeUsTrafficPlan("pause-us", target, target.usTraffic, "running", new Date()));
      expect((await search()).status).toBe(503);
      expect((await get(`${urls.api}/health`)).status).toBe(200);
      expect(await containerLogs(docker, containerName("api"), { tail: 50 })).toContain(
        "SIGHUP: reloaded, US_REGION=off (was us)",
      );
    } finally {
      await runPlan(composeUsTrafficPlan("resume-us", target, target.usTraffic, "running", new Date()));
    }
    expect((await search()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const out = await runPlan(composeBackupPlan(target, target.backup, "running", new Date()));
    expect(out.join("\n")).toMatch(/backup written: \/backups\/catalog-\d{8}T\d{6}Z\.sql/);
  });

  it("backup-cron's backup-now (deploy §1.5's manual backup) writes a fresh dump into the stack's backups", async () => {
    const dir = join(stateDir, "backups");
    const before = new Set(await readdir(dir));
    // Dumps are named by the second: wait for the next one so the new name cannot be the stack-up's.
    await new Promise((r) => setTimeout(r, 1100));
    const run = await execIn(docker, containerName("backup-cron"), ["backup-now"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const added = (await readdir(dir)).filter((n) => !before.has(n));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^catalog-\d{8}T\d{6}Z\.sql$/);
    const dump = await stat(join(dir, added[0] ?? ""));
    expect(dump.size).toBeGreaterThan(1000);
  });

  it("serves real PostgreSQL (primary + streaming replica), PgBouncer and Redis", async () => {
    const [version] = await query<{ version_num: string }>(
      urls.db,
      "SELECT version_num FROM alembic_version",
    );
    expect(version?.version_num).toBe(ALEMBIC_VERSION);
    const [count] = await query<{ n: string }>(urls.db, "SELECT count(*) AS n FROM products");
    expect(Number(count?.n)).toBeGreaterThan(1_300_000);
    const [standby] = await query<{ r: boolean }>(urls.replica, "SELECT pg_is_in_recovery() AS r");
    expect(standby?.r).toBe(true);
    const [sent] = await query<{ state: string }>(urls.db, "SELECT state FROM pg_stat_replication");
    expect(sent?.state).toBe("streaming");
    const config = await query<{ key: string; value: string }>(urls.pgbouncerAdmin, "SHOW CONFIG");
    expect(config.find((c) => c.key === "default_pool_size")?.value).toBe(String(PGBOUNCER_POOL_SIZE));
    const [viaPool] = await query<{ one: number }>(urls.pgbouncer, "SELECT 1 AS one");
    expect(viaPool?.one).toBe(1);
    expect(await redisMemory(urls.redis)).toBeLessThan(20);
  });

  it("runs the sim API on those servers, with the deploy's env, sha tags, rollback state and a backup", async () => {
    expect((await get(`${urls.api}/health`)).status).toBe(200);
    expect((await get(`${urls.apiTls}/health`)).status).toBe(200);
    const detailed = JSON.parse((await get(`${urls.api}/health/detailed`)).body);
    expect(detailed).toMatchObject({ status: "healthy", dependencies: { db: "ok", redis: "ok" } });
    expect(detailed.db_response_ms).toBeLessThan(500);
    const printenv = await execIn(docker, containerName("api"), [
      "printenv",
      "USD_DEFAULT",
      "US_REGION",
      "AFFILIATE_TAG",
    ]);
    expect(printenv.stdout).toBe("USD\nus\nbuywhere-20\n");
    const cli = await runTsx("sim/cli.ts", ["stack", "status", "--json"], env);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).services).toHaveLength(STACK_SERVICES.length);
    const latest = await docker.getImage("buywhere-api:latest").inspect();
    expect(latest.RepoTags.some((t) => /^buywhere-api:sha-[0-9a-f]{7}$/.test(t))).toBe(true);
    expect((await inspect("api")).Image).toBe(latest.Id);
    expect((await docker.getImage("buywhere-mcp:latest").inspect()).RepoTags.join()).toMatch(
      /buywhere-mcp:sha-/,
    );
    expect(await readRollbackState(up.status.paths.rollbackState)).not.toBeNull();
    const backups = await readdir(up.status.paths.backups);
    const newest = await stat(join(up.status.paths.backups, backups.sort().at(-1) ?? ""));
    expect(Date.now() - newest.mtimeMs).toBeLessThan(120_000);
  });

  it("pool-exhaustion: clients queue in PgBouncer (cl_waiting > 0)", async () => {
    await setStackFault("pool-exhaustion", true, opts());
    const pool = await catalogPool(urls);
    expect(pool.clWaiting).toBeGreaterThan(0);
    expect(pool.svActive).toBe(PGBOUNCER_POOL_SIZE);
    expect((await readStackStatus(opts())).faults["pool-exhaustion"]).toBe(true);
    await setStackFault("pool-exhaustion", false, opts());
    expect((await catalogPool(urls)).clWaiting).toBe(0);
  });

  it("redis-fill: used_memory crosses 70% then 85% of maxmemory; off gives it back", async () => {
    await setStackFault("redis-fill", true, { ...opts(), arg: "80" });
    const warn = await redisMemory(urls.redis);
    expect(warn).toBeGreaterThan(70);
    expect(warn).toBeLessThan(85);
    await setStackFault("redis-fill", true, opts());
    expect(await redisMemory(urls.redis)).toBeGreaterThan(85);
    await setStackFault("redis-fill", false, opts());
    expect(await redisMemory(urls.redis)).toBeLessThan(20);
  });

  it("container-exit: the API container exits, and comes back healthy", async () => {
    await setStackFault("container-exit", true, opts());
    expect((await inspect("api")).State.Status).toBe("exited");
    expect(await tryConnect(up.status.ports.api)).toBe("ECONNREFUSED");
    await setStackFault("container-exit", false, opts());
    expect((await inspect("api")).State.Health?.Status).toBe("healthy");
  });

  it("container-unhealthy: the scraper's HEALTHCHECK fails while it keeps running", async () => {
    await setStackFault("container-unhealthy", true, { ...opts(), arg: "scraper-scheduler" });
    const info = await inspect("scraper-scheduler");
    expect(info.State).toMatchObject({ Running: true, Health: { Status: "unhealthy" } });
    await setStackFault("container-unhealthy", false, opts());
    expect((await inspect("scraper-scheduler")).State.Health?.Status).toBe("healthy");
  }, 60_000);

  it("replica-down: the replica refuses connections, then streams again", async () => {
    await setStackFault("replica-down", true, opts());
    expect(await tryConnect(up.status.ports.replica)).toBe("ECONNREFUSED");
    await setStackFault("replica-down", false, opts());
    const [one] = await query<{ one: number }>(urls.replica, "SELECT 1 AS one");
    expect(one?.one).toBe(1);
  });

  it("disk-pressure: the controlled filesystem goes over 90% and back", async () => {
    const disk = up.status.paths.disk;
    expect(up.disk.ok).toBe(true);
    await setStackFault("disk-pressure", true, opts());
    expect(await diskUsagePercent(disk)).toBeGreaterThan(90);
    await setStackFault("disk-pressure", false, opts());
    expect(await diskUsagePercent(disk)).toBeLessThan(50);
  });

  it("error-logs: the API container logs ECONNREFUSED, FATAL, 500 and Traceback lines", async () => {
    await setStackFault("error-logs", true, opts());
    const logs = await containerLogs(docker, containerName("api"), { tail: 100 });
    for (const marker of ["ECONNREFUSED", "FATAL", " 500 ", "Traceback"]) expect(logs).toContain(marker);
    await setStackFault("error-logs", false, opts());
  });

  it("the API's own faults switch through its control endpoint inside the container", async () => {
    expect((await callControl(urls.apiControl, "PUT", "/faults/api-500")).status).toBe(200);
    expect((await get(`${urls.api}/health`)).status).toBe(500);
    expect((await callControl(urls.apiControl, "POST", "/reset")).status).toBe(200);
    expect((await get(`${urls.api}/health`)).status).toBe(200);
  });

  it("bad-deploy: latest moves to a new sha whose /health is 500; the previous image stays; reset restores it", async () => {
    const good = await docker.getImage("buywhere-api:latest").inspect();
    await setStackFault("bad-deploy", true, opts());
    const bad = await docker.getImage("buywhere-api:latest").inspect();
    expect(bad.Id).not.toBe(good.Id);
    const badSha = bad.RepoTags.find((t) => t.startsWith("buywhere-api:sha-"));
    expect(badSha).toBeDefined();
    expect(good.RepoTags).not.toContain(badSha);
    expect((await get(`${urls.api}/health`)).status).toBe(500);
    expect((await inspect("api")).Image).toBe(bad.Id);
    expect((await docker.getImage(good.Id).inspect()).Id).toBe(good.Id);
    const state = await readRollbackState(up.status.paths.rollbackState);
    expect(state?.PREV_API_IMAGE).toBe(good.Id);
    expect(`buywhere-api:sha-${state?.PREV_SHA}`).toBe(good.RepoTags.find((t) => t.includes(":sha-")));
    expect((await readStackStatus(opts())).faults["bad-deploy"]).toBe(true);

    await resetStack(opts());
    expect((await docker.getImage("buywhere-api:latest").inspect()).Id).toBe(good.Id);
    expect((await get(`${urls.api}/health`)).status).toBe(200);
    const status = await readStackStatus(opts());
    expect(status.isHealthy).toBe(true);
    expect(Object.values(status.faults).every((on) => !on)).toBe(true);
  }, 90_000);
});

describe("the stack CLI without an engine", () => {
  it("says plainly that no engine is reachable (exit 4)", async () => {
    const res = await runTsx("sim/cli.ts", ["stack", "status"], {
      DOCKER_SOCKET: "/nonexistent/docker.sock",
    });
    expect(res.code).toBe(4);
    expect(res.stderr).toContain("no Docker engine is reachable at /nonexistent/docker.sock");
  });
});
