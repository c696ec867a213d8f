import { assertEngineReachable } from "@/lib/rollback/docker-engine";
import { execIn } from "../docker/exec-in";
import { applyDiskPressure, clearDiskPressure, hasDiskPressure } from "../docker/host-disk";
import { inspectContainer } from "../docker/stack-containers";
import { waitForHealth } from "../docker/wait-healthy";
import { enqueueTasks, purgeQueue, setConsuming, waitForWorker } from "./celery-tasks";
import { DS_DB, type DsPorts, type DsService, dsContainerName, dsUrls } from "./ds-config";
import { type DsContext, type DsOptions, dsContext, dsPorts } from "./ds-context";
import { MORE_DS_FAULTS, MORE_IMPLS } from "./ds-more-faults";
import { deployDsRelease, isBrokenRelease } from "./ds-release";

/** One switch per scenario of runbook 003 (docs/docker-stack.md "Deal Scout" lists what each does). */
export const DS_FAULTS = [
  "errors",
  "db-down",
  "db-connections",
  "db-locks",
  "slow-queries",
  "redis-down",
  "queue-backlog",
  "no-workers",
  "memory",
  "disk-full",
  "latency",
  "ebay-down",
  "smtp-down",
  "bad-deploy",
  ...MORE_DS_FAULTS,
] as const;
export type DsFault = (typeof DS_FAULTS)[number];
export const isDsFault = (name: string): name is DsFault => (DS_FAULTS as readonly string[]).includes(name);

/** Sessions a fault holds open, found again (and ended) by their application_name. */
const HOLDER_APP = { "db-locks": "warroom-fault-locks" };
const BACKLOG_TASKS = 1500;
const DISK_FULL_PERCENT = 97;

type Impl = {
  on: (c: DsContext, p: DsPorts) => Promise<string>;
  off: (c: DsContext, p: DsPorts) => Promise<string>;
  isOn: (c: DsContext, p: DsPorts) => Promise<boolean>;
};

async function control(url: string, fault: string, on: boolean): Promise<void> {
  const res = await fetch(`${url}/faults/${fault}`, {
    method: on ? "PUT" : "DELETE",
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${url}/faults/${fault}: ${res.status} ${await res.text()}`);
}
async function controlIsOn(url: string, fault: string): Promise<boolean> {
  const res = await fetch(`${url}/faults`, { signal: AbortSignal.timeout(3000) }).catch(() => null);
  if (!res?.ok) return false;
  return ((await res.json()) as { faults: Record<string, boolean> }).faults[fault] === true;
}
const inProcess = (where: "backendControl" | "integrationsControl", fault: string, says: string): Impl => ({
  on: async (_c, p) => {
    await control(dsUrls(p)[where], fault, true);
    return says;
  },
  off: async (_c, p) => {
    await control(dsUrls(p)[where], fault, false);
    return `${fault} off`;
  },
  isOn: (_c, p) => controlIsOn(dsUrls(p)[where], fault),
});

async function sh(c: DsContext, service: DsService, script: string): Promise<string> {
  const r = await execIn(c.docker, dsContainerName(service), ["sh", "-c", script]);
  if (r.exitCode !== 0)
    throw new Error(`${dsContainerName(service)}: ${script}: exit ${r.exitCode}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}
const psql = (p: DsPorts, sql: string, app = "warroom-sim") =>
  `PGAPPNAME=${app} psql -h /var/run/postgresql -p ${p.postgres} -U postgres -d ${DS_DB.name} -Atqc "${sql}"`;
const holders = async (c: DsContext, p: DsPorts, app: string) =>
  Number(
    await sh(
      c,
      "postgres",
      psql(p, `SELECT count(*) FROM pg_stat_activity WHERE application_name = '${app}'`),
    ),
  );

/** Sessions left running inside the postgres container after the exec returns (backgrounded psql). */
const holding = (fault: keyof typeof HOLDER_APP, sessions: number, sql: string): Impl => ({
  async on(c, p) {
    const app = HOLDER_APP[fault];
    if ((await holders(c, p, app)) === 0) {
      const one = `${psql(p, sql, app)} >/dev/null 2>&1 &`;
      await sh(c, "postgres", `for i in $(seq 1 ${sessions}); do ${one} done; true`);
    }
    const deadline = Date.now() + 30_000;
    while ((await holders(c, p, app)) < sessions) {
      if (Date.now() > deadline) throw new Error(`${fault}: ${sessions} sessions did not open within 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return `${sessions} session(s) ${app} hold an ACCESS EXCLUSIVE lock on deals`;
  },
  async off(c, p) {
    const app = HOLDER_APP[fault];
    await sh(
      c,
      "postgres",
      psql(
        p,
        `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '${app}'`,
      ),
    );
    return `${fault} off`;
  },
  isOn: async (c, p) => (await holders(c, p, HOLDER_APP[fault]).catch(() => 0)) > 0,
});

const stopped = (service: DsService): Impl => ({
  async on(c) {
    await c.docker
      .getContainer(dsContainerName(service))
      .stop({ t: 2 })
      .catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 304) throw e;
      });
    return `${dsContainerName(service)} stopped`;
  },
  async off(c) {
    const info = await inspectContainer(c.docker, dsContainerName(service));
    if (info && !info.State.Running) await c.docker.getContainer(dsContainerName(service)).start();
    await waitForHealth(c.docker, dsContainerName(service), { until: "healthy", timeoutMs: 60_000 });
    // The worker reconnects to Redis on its own clock (celery retries 2, 4, 6 … 30 s apart): the board's
    // celery-workers reading says when it is back, as it would in production.
    return `${dsContainerName(service)} started, healthy`;
  },
  isOn: async (c) => (await inspectContainer(c.docker, dsContainerName(service)))?.State.Running === false,
});

const IMPLS: Record<DsFault, Impl> = {
  errors: inProcess("backendControl", "errors", "backend answers 30% of /api/deals with 500, logs ERROR"),
  latency: inProcess("backendControl", "latency", "backend adds 700 ms to every /api/deals"),
  memory: inProcess("backendControl", "memory", "backend holds 300 MiB more (its limit: 384 MiB)"),
  "slow-queries": {
    ...inProcess(
      "backendControl",
      "slow-queries",
      "backend's deals query runs pg_sleep(0.6): a slow statement",
    ),
    async off(c, p) {
      await control(dsUrls(p).backendControl, "slow-queries", false);
      // Statements still running (up to the 3 s statement_timeout) would be recorded after the reset.
      await new Promise((r) => setTimeout(r, 3500));
      // The statistics are cumulative: forget the slow statement, as an operator would after the fix.
      await sh(c, "postgres", psql(p, "SELECT pg_stat_statements_reset()"));
      return "slow-queries off, pg_stat_statements reset";
    },
  },
  "ebay-down": inProcess("integrationsControl", "ebay-down", "eBay stand-in answers 503 to every call"),
  "smtp-down": inProcess("integrationsControl", "smtp-down", "SMTP stand-in answers 421 to every connection"),
  "db-down": stopped("postgres"),
  "redis-down": stopped("redis"),
  "no-workers": stopped("worker"),
  "db-connections": inProcess(
    "backendControl",
    "db-connections",
    "backend leaks 38 idle connections (of max_connections 50) outside its pool",
  ),
  "db-locks": holding(
    "db-locks",
    1,
    "BEGIN; LOCK TABLE deals IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(86400);",
  ),
  "queue-backlog": {
    async on(_c, p) {
      // A worker must be there to hang: one just started (or reconnecting after Redis) answers within seconds.
      await waitForWorker(dsUrls(p).redis, 60_000);
      // Workers hung: the worker stops consuming (still answers ping) while tasks keep arriving.
      const replies = await setConsuming(dsUrls(p).redis, false);
      if (Object.keys(replies).length === 0) throw new Error("queue-backlog: no celery worker answered");
      const depth = await enqueueTasks(dsUrls(p).redis, "app.tasks.scan.scan_all", BACKLOG_TASKS);
      return `worker stopped consuming; ${depth} tasks queued in celery`;
    },
    async off(_c, p) {
      const purged = await purgeQueue(dsUrls(p).redis);
      await setConsuming(dsUrls(p).redis, true);
      return `purged ${purged} tasks, worker consuming again`;
    },
    isOn: async (_c, p) => {
      const depth = await sh(_c, "redis", `redis-cli -p ${p.redis} llen celery`).catch(() => "0");
      return Number(depth) >= BACKLOG_TASKS / 2;
    },
  },
  // A release whose backend answers 30% of /api/deals with 500 (the errors fault from its start).
  "bad-deploy": {
    on: (c, p) => deployDsRelease(c, p, "broken"),
    off: (c, p) => deployDsRelease(c, p, "good"),
    isOn: (c) => isBrokenRelease(c),
  },
  ...MORE_IMPLS,
  "disk-full": {
    on: async (c) =>
      `disk ${Math.round(await applyDiskPressure(c.disk, DISK_FULL_PERCENT))}% used (${c.disk})`,
    off: async (c) => {
      await clearDiskPressure(c.disk);
      return "disk-full off";
    },
    isOn: (c) => hasDiskPressure(c.disk),
  },
};

export async function setDsFault(fault: DsFault, on: boolean, opts: DsOptions = {}): Promise<string> {
  const ctx = dsContext(opts);
  await assertEngineReachable(ctx.docker);
  const ports = await dsPorts(ctx);
  return on ? IMPLS[fault].on(ctx, ports) : IMPLS[fault].off(ctx, ports);
}

export async function readDsFaults(opts: DsOptions = {}): Promise<Record<DsFault, boolean>> {
  const ctx = dsContext(opts);
  const ports = await dsPorts(ctx);
  const entries = await Promise.all(
    DS_FAULTS.map(async (f) => [f, await IMPLS[f].isOn(ctx, ports).catch(() => false)] as const),
  );
  return Object.fromEntries(entries) as Record<DsFault, boolean>;
}

/** Every fault off, in an order that lets each come back (the stores before what uses them). */
export async function resetDsStack(opts: DsOptions = {}): Promise<string[]> {
  const done: string[] = [];
  const on = await readDsFaults(opts);
  const order: DsFault[] = [
    "db-down",
    "redis-down",
    "no-workers",
    ...DS_FAULTS.filter((f) => !f.endsWith("-down") && f !== "no-workers"),
    "ebay-down",
    "smtp-down",
  ];
  for (const fault of order) if (on[fault]) done.push(await setDsFault(fault, false, opts));
  return done;
}
