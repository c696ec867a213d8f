import type { RunbookInput } from "@/lib/model/runbook-schema";
import {
  type BuyWhereInfraTargets,
  buyWhereInfraTargets,
  CONTAINERS,
  containerCheckId,
} from "@/lib/runbook/presets/buywhere-infra-targets";

export { type BuyWhereInfraTargets, buyWhereInfraTargets, containerCheckId };

type CheckInput = RunbookInput["checks"][number];
type GaugeInput = NonNullable<RunbookInput["gauges"]>[number];

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
      // Deploy §1.2's seven keys: the three whose value it names are compared, the rest must be set.
      required: [
        { name: "USD_DEFAULT", equals: "USD" },
        { name: "US_REGION", equals: "us" },
        { name: "AFFILIATE_TAG", equals: "buywhere-20" },
      ],
      // Presence only: the value is never read onto the board.
      secret: ["JWT_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "POSTGRES_PASSWORD"],
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
      source: "launch-day §1.3, deploy §1.6 and §2 step 4",
      url: t.dbUrl,
      measure: "migration-version",
      // The latest head of the deployed code when its alembic/versions is known; the simulated stack has
      // none (its database is seeded at 036), so the launch-day revision stays the default.
      ...(t.alembicDir ? { versionsDir: t.alembicDir } : { expected: "036_add_bulk_ingestion_jobs" }),
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
