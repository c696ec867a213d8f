import { resolve } from "node:path";
import type { RunbookInput } from "@/lib/model/runbook-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";

type CheckInput = RunbookInput["checks"][number];
type GaugeInput = NonNullable<RunbookInput["gauges"]>[number];

/**
 * Where BuyWhere's containers, databases, Redis, disk and backups are. Defaults are the containerised
 * simulated stack's (docs/docker-stack.md); each one is overridable from the environment.
 */
export type BuyWhereInfraTargets = {
  dockerSocket: string;
  dockerProject: string;
  apiImage: string;
  dbUrl: string;
  replicaUrl: string;
  pgbouncer: { host: string; port: number; user: string; password?: string; database: string };
  redisUrl: string;
  diskPath: string;
  backupDir: string;
};

export function buyWhereInfraTargets(env: PresetEnv, cwd: string = process.cwd()): BuyWhereInfraTargets {
  // The stack keeps its controlled filesystem and its backups under WARROOM_STACK_DIR (.warroom/stack).
  const stackDir = resolve(cwd, env.WARROOM_STACK_DIR || ".warroom/stack");
  const dbUrl = env.WARROOM_DB_URL ?? "postgres://buywhere:buywhere@127.0.0.1:25432/catalog";
  return {
    dockerSocket: env.WARROOM_DOCKER_SOCKET ?? "/var/run/docker.sock",
    dockerProject: env.WARROOM_DOCKER_PROJECT ?? "buywhere-api",
    apiImage: env.WARROOM_API_IMAGE ?? "buywhere-api",
    dbUrl,
    replicaUrl: env.WARROOM_REPLICA_URL ?? "postgres://buywhere:buywhere@127.0.0.1:25433/catalog",
    pgbouncer: pgbouncerTarget(
      env.WARROOM_PGBOUNCER_ADMIN_URL ?? "postgres://pgbouncer:pgbouncer@127.0.0.1:26432/pgbouncer",
      env.WARROOM_PGBOUNCER_POOL ?? databaseOf(dbUrl),
    ),
    redisUrl: env.WARROOM_REDIS_URL ?? "redis://127.0.0.1:26379",
    diskPath: resolve(cwd, env.WARROOM_DISK_PATH ?? resolve(stackDir, "disk")),
    backupDir: resolve(cwd, env.WARROOM_BACKUP_DIR ?? resolve(stackDir, "backups")),
  };
}

/** The admin console URL split into the pgbouncer probe's fields; a bad URL is an error naming the variable. */
function pgbouncerTarget(adminUrl: string, database: string): BuyWhereInfraTargets["pgbouncer"] {
  let url: URL;
  try {
    url = new URL(adminUrl);
  } catch {
    throw new Error(
      `WARROOM_PGBOUNCER_ADMIN_URL: "${adminUrl}" is not a URL like postgres://pgbouncer:secret@127.0.0.1:6432/pgbouncer`,
    );
  }
  return {
    host: url.hostname || "127.0.0.1",
    port: url.port ? Number(url.port) : 6432,
    user: decodeURIComponent(url.username) || "pgbouncer",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
  };
}

function databaseOf(pgUrl: string): string {
  try {
    return decodeURIComponent(new URL(pgUrl).pathname.replace(/^\//, "")) || "catalog";
  } catch {
    return "catalog";
  }
}

/** Services of the compose project (deploy §5 "docker compose ps", incident §2.2). */
const CONTAINERS = [
  { service: "api", label: "API", source: "launch-day §1.1, §3.4 API CPU; incident §2.2" },
  { service: "mcp", label: "MCP", source: "launch-day §1.1; deploy §5" },
  { service: "db", label: "DB primary", source: "launch-day §1.1; incident §2.2" },
  { service: "db_replica", label: "DB replica", source: "deploy §1.3, §5; incident §2.2" },
  { service: "pgbouncer", label: "PgBouncer", source: "launch-day §1.1; incident §2.2" },
  { service: "redis", label: "Redis", source: "launch-day §1.1; incident §2.2" },
  { service: "scraper-scheduler", label: "Scraper scheduler", source: "deploy §2 step 6" },
] as const;

/** Check id of a service's container tile, e.g. container-db-replica. */
export const containerCheckId = (service: string) => `container-${service.replace(/_/g, "-")}`;

/**
 * The infra checks of launch-day §1.1–1.3 and §3.4, deploy §1.3–1.6 and incident §2 (docs/infra-probes.md).
 * Owner is Bolt (infra / DB) throughout.
 */
export function buyWhereInfraChecks(t: BuyWhereInfraTargets): CheckInput[] {
  const docker = { socketPath: t.dockerSocket };
  const apiContainer = `${t.dockerProject}-api-1`;
  const owner = "bolt";
  return [
    ...CONTAINERS.map(
      (c): CheckInput => ({
        id: containerCheckId(c.service),
        kind: "docker-container",
        label: `${c.label} container`,
        owner,
        source: c.source,
        ...docker,
        project: t.dockerProject,
        service: c.service,
        thresholds: { direction: "above", warn: 60, crit: 85, source: "launch-day §3.4: CPU > 60% / > 85%" },
      }),
    ),
    {
      id: "api-env",
      kind: "docker-env",
      label: "API environment",
      owner,
      source: "launch-day §1.2",
      ...docker,
      project: t.dockerProject,
      service: "api",
      required: [
        { name: "USD_DEFAULT", equals: "USD" },
        { name: "US_REGION", equals: "us" },
      ],
      // Presence only: the value is never read onto the board.
      secret: ["JWT_SECRET_KEY"],
    },
    {
      id: "api-log-errors",
      kind: "docker-logs",
      label: "API log errors (5 min)",
      owner,
      source: "incident §2.5: logs --since=5m api",
      ...docker,
      project: t.dockerProject,
      service: "api",
      sinceSec: 300,
    },
    {
      id: "api-images",
      kind: "docker-images",
      label: "API images (rollback target)",
      owner,
      source: "incident §2.6, §3.3",
      ...docker,
      repository: t.apiImage,
      container: apiContainer,
    },
    {
      id: "db-pool",
      kind: "pgbouncer",
      label: "PgBouncer pool",
      owner,
      source: "launch-day §1.1, §3.4; incident §2.3",
      ...t.pgbouncer,
      thresholds: {
        direction: "above",
        warn: 70,
        crit: 90,
        source: "launch-day §3.4: > 70% / > 90% pool; incident §2.3: cl_waiting > 0",
      },
    },
    {
      id: "db-primary",
      kind: "postgres",
      label: "DB primary SELECT 1",
      owner,
      source: "deploy §1.3, incident §2.3",
      url: t.dbUrl,
      measure: "ping",
    },
    {
      id: "db-replica",
      kind: "postgres",
      label: "DB replica SELECT 1",
      owner,
      source: "deploy §1.3",
      url: t.replicaUrl,
      measure: "ping",
    },
    {
      id: "db-replica-lag",
      kind: "postgres",
      label: "Replication lag",
      owner,
      source: "deploy §1.3",
      url: t.replicaUrl,
      measure: "replication-lag",
      thresholds: { direction: "above", warn: 5, crit: 30 },
    },
    {
      id: "db-activity",
      kind: "postgres",
      label: "DB idle in transaction",
      owner,
      source: "launch-day §3.4: pg_stat_activity by state",
      url: t.dbUrl,
      measure: "activity",
      state: "idle in transaction",
      // Sessions idle in a transaction hold their server connection (and locks) from the pool.
      thresholds: { direction: "above", warn: 5, crit: 15, source: "warroom: a third of PgBouncer's 20" },
    },
    {
      id: "db-connections",
      kind: "postgres",
      label: "DB connections vs max",
      owner,
      source: "launch-day §3.4 DB connections",
      url: t.dbUrl,
      measure: "connections",
      thresholds: { direction: "above", warn: 70, crit: 90, source: "launch-day §3.4: > 70% / > 90%" },
    },
    {
      id: "db-migration",
      kind: "postgres",
      label: "Migration version",
      owner,
      source: "launch-day §1.3, deploy §1.6",
      url: t.dbUrl,
      measure: "migration-version",
      expected: "036_add_bulk_ingestion_jobs",
    },
    {
      id: "db-products",
      kind: "postgres",
      label: "Products in DB",
      owner,
      source: "launch-day §1.3",
      url: t.dbUrl,
      measure: "row-count",
      table: "products",
      floor: 1_300_000,
      // An exact count(*) of 1.3M rows every few seconds is load for nothing; ANALYZE keeps this close.
      method: "estimate",
    },
    {
      id: "redis-ping",
      kind: "redis",
      label: "Redis PING",
      owner,
      source: "launch-day §1.1, deploy §1.3, incident §2.4",
      url: t.redisUrl,
      measure: "ping",
      thresholds: { direction: "above", warn: 100, crit: 500, source: "warroom: PING is sub-ms when well" },
    },
    {
      id: "redis-memory",
      kind: "redis",
      label: "Redis memory",
      owner,
      source: "launch-day §3.4, incident §2.4",
      url: t.redisUrl,
      measure: "memory",
      thresholds: { direction: "above", warn: 70, crit: 85, source: "launch-day §3.4: > 70% / > 85%" },
    },
    {
      id: "redis-hit-rate",
      kind: "redis",
      label: "Redis hit rate",
      owner,
      source: "launch-day §3.4 (cache)",
      url: t.redisUrl,
      measure: "hit-rate",
      // No runbook figure; a cold cache (just started, its first reads all misses) is a warning, not an outage.
      thresholds: { direction: "below", warn: 50, source: "warroom: a cold cache sends reads to the DB" },
    },
    {
      id: "redis-clients",
      kind: "redis",
      label: "Redis clients",
      owner,
      source: "incident §2.4",
      url: t.redisUrl,
      measure: "clients",
      thresholds: {
        direction: "above",
        warn: 500,
        crit: 900,
        source: "warroom: Redis' default maxclients 10000",
      },
    },
    {
      id: "host-disk",
      kind: "host",
      label: "Disk",
      owner,
      source: "launch-day §1.1, deploy §1.4, incident §2.7",
      measure: "disk",
      path: t.diskPath,
      thresholds: {
        direction: "above",
        warn: 80,
        crit: 85,
        source: "deploy §4 P0 #6: < 85%; launch-day §3.4 warns > 80%",
      },
    },
    {
      id: "host-swap",
      kind: "host",
      label: "Swap used",
      owner,
      source: "launch-day §1.1",
      measure: "swap",
      thresholds: { direction: "above", crit: 70, source: "launch-day §1.1: swap < 70%" },
    },
    {
      id: "host-memory",
      kind: "host",
      label: "Host memory",
      owner,
      source: "launch-day §3.4 (top)",
      measure: "memory",
    },
    {
      id: "host-load",
      kind: "host",
      label: "Load per core (5 min)",
      owner,
      source: "launch-day §3.4 (top)",
      measure: "load",
      window: 5,
      // No runbook figure: a build or a test run keeps a small box near 2 per core for minutes without
      // harm; 3 per core sustained over 5 min is a queue, 6 is overload.
      thresholds: { direction: "above", warn: 3, crit: 6, source: "warroom: runnable tasks per core" },
    },
    {
      id: "backup-age",
      kind: "host",
      label: "DB backup age",
      owner,
      source: "launch-day §1.3, deploy §1.5",
      measure: "backup-age",
      path: t.backupDir,
      thresholds: { direction: "above", crit: 24, source: "launch-day §2 P0, deploy §4 #5: < 24 h" },
    },
  ];
}

export const BUYWHERE_INFRA_GAUGES: GaugeInput[] = [
  { check: "db-pool", label: "PgBouncer pool" },
  { check: "redis-memory", label: "Redis memory" },
  { check: "host-disk", label: "Disk" },
];
