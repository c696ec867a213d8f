import type { RunbookInput } from "@/lib/model/runbook-schema";

type CheckInput = NonNullable<RunbookInput["checks"]>[number];

import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";
import { dealScoutOpsChecks } from "@/lib/runbook/presets/deal-scout-ops-checks";

/**
 * Where Deal Scout runs: the simulated stack's ports by default (docs/docker-stack.md "Deal Scout"),
 * each moved by its variable. Its own Redis and PostgreSQL, never the BuyWhere stack's.
 */
export function dealScoutTargets(env: PresetEnv) {
  const apiUrl = env.WARROOM_DEALSCOUT_URL ?? "http://127.0.0.1:27100";
  return {
    apiUrl,
    api: apiUrl.replace(/\/$/, ""),
    redisUrl: env.WARROOM_DEALSCOUT_REDIS_URL ?? "redis://127.0.0.1:27379/0",
    databaseUrl: env.WARROOM_DEALSCOUT_DATABASE_URL ?? "postgres://dealscout:dealscout@127.0.0.1:27432/deals",
    ebayUrl: (env.WARROOM_DEALSCOUT_EBAY_URL ?? "http://127.0.0.1:27180").replace(/\/$/, ""),
    project: env.WARROOM_DEALSCOUT_PROJECT ?? "deal-scout",
    diskPath: env.WARROOM_DEALSCOUT_DISK_PATH ?? "/",
  };
}
type Targets = ReturnType<typeof dealScoutTargets>;

const ERROR_LINES = { patterns: ["\\bERROR\\b"], sinceSec: 300, warnCount: 1, critCount: 10 };
// 003 names no CPU level; these only flag a container pinning one or two cores.
const CPU = {
  direction: "above",
  warn: 90,
  crit: 180,
  source: "no CPU level in 003: a core (warn), two (crit)",
} as const;

function containers(t: Targets): CheckInput[] {
  const of = (service: string, label: string, source: string) => ({
    id: `${service}-container`,
    kind: "docker-container" as const,
    label,
    source,
    project: t.project,
    service,
    thresholds: CPU,
  });
  return [
    {
      ...of("backend", "backend container", "003 Memory Issues: docker stats, which service uses memory"),
      // 85% of the backend's 384 MiB limit in the simulated stack (docker stats MEM %).
      memoryThresholds: { direction: "above", warn: 326, source: "003 Memory Issues: > 85% (of 384 MiB)" },
    },
    of("postgres", "postgres container", "003 Database Unreachable: docker-compose ps postgres"),
    of("redis", "redis container", "003 Redis Unreachable: docker-compose ps redis"),
    of("worker", "worker container", "003 Task Queue Stuck: docker-compose ps worker"),
    of("beat", "beat container", "003 Task Queue Stuck: docker-compose ps beat"),
  ];
}

function database(t: Targets): CheckInput[] {
  const pg = { kind: "postgres", url: t.databaseUrl } as const;
  return [
    {
      id: "db-ping",
      label: "PostgreSQL SELECT 1",
      source: "003 Database Unreachable: psql -c 'SELECT 1'",
      ...pg,
      measure: "ping",
    },
    {
      id: "db-connections",
      label: "PostgreSQL connections",
      source: "003 Database Unreachable: connection pool exhausted",
      ...pg,
      measure: "connections",
      thresholds: {
        direction: "above",
        warn: 70,
        crit: 85,
        source: "pool exhausted: no level in 003 (warroom's)",
      },
    },
    {
      id: "db-locks",
      label: "Backends waiting for a lock",
      source: "003 Database Unreachable: SELECT * FROM pg_locks",
      ...pg,
      measure: "locks",
      thresholds: { direction: "above", warn: 0, crit: 2, source: "003 Database Locked/Hung" },
    },
    {
      id: "db-active",
      label: "Non-idle sessions",
      source: "003 Database Unreachable: pg_stat_activity WHERE state != 'idle'",
      ...pg,
      measure: "activity",
      state: "active",
    },
    {
      id: "slow-queries",
      label: "Slow statements (pg_stat_statements)",
      source: "003 API Latency: pg_stat_statements by mean_exec_time",
      ...pg,
      measure: "slow-queries",
      minMeanMs: 500,
      thresholds: {
        direction: "above",
        warn: 0,
        source: "003 API Latency: p95 > 500 ms (a statement averaging more)",
      },
    },
  ];
}

function redisAndQueue(t: Targets): CheckInput[] {
  const redis = { kind: "redis", url: t.redisUrl } as const;
  return [
    {
      id: "redis-ping",
      label: "Redis PING",
      source: "003 Redis Unreachable: redis-cli ping",
      ...redis,
      measure: "ping",
    },
    {
      id: "redis-memory",
      label: "Redis memory",
      source: "003 Redis Unreachable: redis-cli info memory",
      ...redis,
      measure: "memory",
      thresholds: {
        direction: "above",
        warn: 70,
        crit: 85,
        source: "out of memory: no level in 003 (warroom's)",
      },
    },
    {
      id: "celery-queue",
      label: "Redis LLEN celery",
      source: "003 Task Queue Stuck: redis-cli LLEN celery",
      ...redis,
      measure: "queue-length",
      key: "celery",
      thresholds: { direction: "above", crit: 1000, source: "003: queue depth > 1000 for 10 min" },
    },
    {
      id: "celery-workers",
      label: "Celery workers (inspect ping)",
      source: "003 Task Queue Stuck: celery inspect stats / docker-compose ps worker",
      ...redis,
      measure: "celery-workers",
    },
    {
      id: "celery-active",
      label: "Active celery tasks",
      source: "003 Task Queue Stuck: celery -A app.worker inspect active",
      ...redis,
      measure: "celery-active",
    },
  ];
}

function integrations(t: Targets): CheckInput[] {
  return [
    {
      id: "ebay-api",
      label: "eBay API health",
      source: "003 High Error Rate: curl -s https://api.ebay.com/api/health",
      kind: "http",
      url: `${t.ebayUrl}/api/health`,
    },
    {
      id: "ebay-errors",
      label: "eBay API errors (5 min)",
      source: "003 Marketplace Integration Failures",
      kind: "http",
      url: `${t.api}/health`,
      value: { path: "marketplaces.ebay.errors_5m", unit: "" },
      thresholds: {
        direction: "above",
        warn: 10,
        source: "003: eBay API errors > 10 in 5 minutes (WARNING)",
      },
    },
    {
      id: "email-failures",
      label: "Email failure rate (5 min)",
      source: "003 Notification Delivery Failures",
      kind: "http",
      url: `${t.api}/health`,
      value: { path: "notifications.failure_rate_pct", unit: "%" },
      thresholds: { direction: "above", warn: 10, source: "003: email failure rate > 10% (WARNING)" },
    },
  ];
}

function logsAndConfig(t: Targets): CheckInput[] {
  const logs = (
    id: string,
    service: string,
    label: string,
    source: string,
    patterns = ERROR_LINES.patterns,
  ) =>
    ({
      id,
      kind: "docker-logs",
      label,
      source,
      project: t.project,
      service,
      ...ERROR_LINES,
      patterns,
    }) as const;
  return [
    logs(
      "backend-errors",
      "backend",
      "backend ERROR lines (5 min)",
      "003 High Error Rate: logs --tail 100 backend | grep ERROR",
    ),
    logs(
      "worker-errors",
      "worker",
      "worker ERROR lines (5 min)",
      "003 Task Queue Stuck: docker-compose logs worker",
    ),
    logs("ebay-log-errors", "worker", "eBay errors in logs", "003 Marketplace: logs | grep -i ebay", [
      "ERROR.*ebay",
    ]),
    logs(
      "smtp-log-errors",
      "worker",
      "SMTP/email errors in logs",
      "003 Notification: logs | grep -i 'smtp\\|email'",
      ["ERROR.*(smtp|email)"],
    ),
    {
      id: "backend-env",
      kind: "docker-env",
      label: "backend configuration",
      source: "003 Database Unreachable: echo $DATABASE_URL; Marketplace and Notification: credentials",
      project: t.project,
      service: "backend",
      required: [
        { name: "DATABASE_URL" },
        { name: "REDIS_URL" },
        { name: "EBAY_ENV" },
        { name: "SMTP_HOST" },
        { name: "SMTP_PORT" },
        { name: "SMTP_USER" },
      ],
      secret: ["EBAY_APP_ID", "SMTP_PASSWORD"],
    },
    {
      id: "backend-image",
      kind: "docker-images",
      label: "backend release",
      source: "003 High Error Rate: docker-compose ps (image version)",
      repository: "deal-scout-backend",
      container: `${t.project}-backend-1`,
    },
  ];
}

/** Every detection check of 003 beyond the backend's own /health and /metrics (deal-scout.ts). */
export function dealScoutChecks(env: PresetEnv): CheckInput[] {
  const t = dealScoutTargets(env);
  return [
    ...containers(t),
    ...database(t),
    ...redisAndQueue(t),
    ...integrations(t),
    ...logsAndConfig(t),
    ...dealScoutOpsChecks(env, t),
  ];
}

export const DEAL_SCOUT_GAUGES: NonNullable<RunbookInput["gauges"]> = [
  { check: "db-connections" },
  { check: "slow-queries" },
  { check: "celery-workers" },
  { check: "ebay-errors" },
  { check: "email-failures" },
  { check: "celery-stats" },
  { check: "pending-notifications" },
];
