import type { RunbookInput } from "@/lib/model/runbook-schema";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";

type CheckInput = NonNullable<RunbookInput["checks"]>[number];

/** What 003's investigation commands read beyond its alerts, and where (each moved by its variable). */
export type OpsTargets = {
  api: string;
  redisUrl: string;
  databaseUrl: string;
  project: string;
  diskPath: string;
};

export function opsPaths(env: PresetEnv, diskPath: string) {
  return {
    smtpHost: env.WARROOM_DEALSCOUT_SMTP_HOST ?? "127.0.0.1",
    smtpPort: env.WARROOM_DEALSCOUT_SMTP_PORT ?? "27025",
    /** Where `find / -size +100M` looks: the Deal Scout disk unless moved. */
    scanPath: env.WARROOM_DEALSCOUT_SCAN_PATH ?? diskPath,
    logPath: env.WARROOM_DEALSCOUT_LOG_PATH ?? "/var/log",
    backupPath: env.WARROOM_DEALSCOUT_BACKUP_PATH ?? "/var/backups/postgresql",
    containersPath: env.WARROOM_DEALSCOUT_CONTAINERS_PATH ?? "/var/lib/docker/containers",
  };
}

const ERRORS_5MIN = { sinceSec: 300, warnCount: 1, critCount: 10 } as const;

/** High Error Rate and API Latency: the backend's /metrics read per endpoint and as a rate. */
function metrics(t: OpsTargets): CheckInput[] {
  return [
    {
      id: "endpoint-errors",
      kind: "prometheus",
      label: "Error rate by endpoint",
      source: "003 High Error Rate: which endpoints are failing",
      url: `${t.api}/metrics`,
      series: "error-rate",
      groupBy: "handler",
      windowSec: 300,
      thresholds: { direction: "above", crit: 5, source: "003: error rate > 5% (per endpoint)" },
    },
    {
      id: "request-rate",
      kind: "prometheus",
      label: "Request rate",
      source: '003 API Latency: /metrics | grep "requests_total"',
      url: `${t.api}/metrics`,
      series: "request-rate",
      windowSec: 60,
    },
  ];
}

/** Database Unreachable, Memory Issues, Notification Delivery Failures: PostgreSQL's side. */
function database(t: OpsTargets): CheckInput[] {
  const pg = { kind: "postgres", url: t.databaseUrl } as const;
  return [
    {
      id: "postgres-log-errors",
      kind: "docker-logs",
      label: "postgres ERROR/FATAL lines (5 min)",
      source: "003 Database Unreachable: docker-compose logs postgres",
      project: t.project,
      service: "postgres",
      patterns: ["\\b(ERROR|FATAL|PANIC):"],
      ...ERRORS_5MIN,
    },
    {
      id: "db-disk",
      kind: "docker-du",
      label: "Database disk use",
      source: "003 Database Unreachable: docker-compose exec postgres du -sh /var/lib/postgresql/data",
      project: t.project,
      service: "postgres",
      path: "/var/lib/postgresql/data",
      thresholds: { direction: "above", crit: 95, source: "003 Disk Full: disk space < 5% free" },
    },
    {
      id: "db-replication",
      label: "Replication caught up",
      source: "003 Database Unreachable recovery: replication caught up (if applicable)",
      ...pg,
      measure: "replication-lag",
      noStandby: "not-applicable",
      thresholds: { direction: "above", warn: 5, crit: 30, source: "no level in 003 (warroom's)" },
    },
    {
      id: "db-load",
      label: "Database load (transactions/s)",
      source: "003 Redis Unreachable: after a restart, monitor for a spike in database load",
      ...pg,
      measure: "xact-rate",
    },
    {
      id: "db-cache-hit",
      label: "Database buffer cache hits",
      source: "003 Memory Issues: pg_stat_database WHERE datname = 'deals' (buffer usage)",
      ...pg,
      measure: "cache-hit",
      thresholds: {
        direction: "below",
        warn: 90,
        source: "no level in 003 (warroom's): < 90% from shared_buffers",
      },
    },
    {
      id: "pending-notifications",
      label: "Pending notifications",
      source: "003 Notification Delivery Failures: notifications WHERE status = 'pending'",
      ...pg,
      measure: "count",
      table: "notifications",
      where: { column: "status", equals: "pending" },
      thresholds: {
        direction: "above",
        warn: 10,
        source: "no level in 003 (warroom's): a backlog of unsent alerts",
      },
    },
  ];
}

/** Redis Unreachable and Task Queue Stuck: Redis' own state and what celery's workers and beat report. */
function redisAndCelery(t: OpsTargets): CheckInput[] {
  const redis = { kind: "redis", url: t.redisUrl } as const;
  const logs = { kind: "docker-logs", project: t.project } as const;
  return [
    {
      id: "redis-log-errors",
      ...logs,
      label: "redis error lines (5 min)",
      source: "003 Redis Unreachable: docker-compose logs redis",
      service: "redis",
      patterns: ["\\berror\\b", "MISCONF", "\\bOOM\\b", "\\bfailed\\b", "Can't save"],
      ...ERRORS_5MIN,
    },
    {
      id: "redis-fragmentation",
      label: "Redis memory fragmentation",
      source: "003 Redis Unreachable: redis-cli info memory | grep fragmentation",
      ...redis,
      measure: "fragmentation",
    },
    {
      id: "redis-rdb",
      label: "Redis RDB file",
      source: "003 Redis Unreachable: ls -lh /var/lib/redis/dump.rdb (if corrupted)",
      ...redis,
      measure: "persistence",
    },
    {
      id: "celery-stats",
      label: "Celery tasks processed (inspect stats)",
      source: "003 Task Queue Stuck: celery inspect stats; recovery: new tasks being processed",
      ...redis,
      measure: "celery-stats",
      thresholds: {
        direction: "below",
        crit: 1,
        source: "003 recovery: new tasks being processed (beat sends some every few seconds)",
      },
    },
    {
      id: "celery-queues",
      label: "Celery queues consumed, stuck tasks",
      source: "003 Task Queue Stuck: celery inspect active_queues (identify stuck tasks)",
      ...redis,
      measure: "celery-queues",
      queue: "celery",
      // No duration in 003: a scan that runs five minutes is stuck (warroom's).
      stuckAfterSec: 300,
      // Two broadcasts of up to 1 s each.
      timeoutMs: 5000,
    },
    {
      id: "celery-reserved",
      label: "Reserved celery tasks",
      source: "003 Task Queue Stuck: celery inspect reserved",
      ...redis,
      measure: "celery-reserved",
    },
    {
      id: "celery-failed",
      ...logs,
      label: "Failed celery tasks (5 min)",
      source: "003 Task Queue Stuck: celery inspect failed (the worker logs each failure)",
      service: "worker",
      patterns: ["Task [\\w.]+\\[[0-9a-f-]+\\] raised unexpected"],
      ...ERRORS_5MIN,
    },
    {
      id: "beat-executing",
      ...logs,
      label: "Beat sending due tasks (5 min)",
      source: "003 Task Queue Stuck recovery: beat scheduler executing schedules",
      service: "beat",
      expect: "activity",
      patterns: ["Scheduler: Sending due task"],
      minCount: 1,
      sinceSec: 300,
    },
    {
      id: "backend-large-results",
      ...logs,
      label: "Backend large query results (5 min)",
      source: '003 Memory Issues: docker-compose logs backend | grep "loaded X objects"',
      service: "backend",
      // Ten thousand objects or more in one query.
      patterns: ["loaded \\d{5,} objects"],
      sinceSec: 300,
      warnCount: 1,
      // Memory Issues is a WARNING in 003: never critical (more lines than the 5,000 read).
      critCount: 5001,
    },
  ];
}

/** Disk Full's investigation and Notification Delivery's SMTP connectivity. */
function hostAndSmtp(env: PresetEnv, t: OpsTargets): CheckInput[] {
  const p = opsPaths(env, t.diskPath);
  const du = (id: string, label: string, source: string, path: string): CheckInput => ({
    id,
    kind: "host",
    label,
    source,
    measure: "du",
    path,
  });
  return [
    {
      id: "large-files",
      kind: "host",
      label: `Files over 100 MB under ${p.scanPath}`,
      source: "003 Disk Full: find / -type f -size +100M",
      measure: "large-files",
      path: p.scanPath,
      minMB: 100,
      thresholds: { direction: "above", warn: 0, source: "003 Disk Full: files > 100MB" },
    },
    du("log-sizes", `Log sizes (${p.logPath})`, "003 Disk Full: du -sh /var/log/*", p.logPath),
    du(
      "backup-sizes",
      "Database backup sizes",
      "003 Disk Full: du -sh /var/backups/postgresql",
      p.backupPath,
    ),
    du(
      "container-log-sizes",
      "Container log sizes",
      "003 Disk Full: du -sh /var/lib/docker/containers/",
      p.containersPath,
    ),
    {
      id: "smtp",
      kind: "tcp",
      label: "SMTP reachable",
      source: "003 Notification Delivery Failures: telnet $SMTP_HOST $SMTP_PORT",
      host: p.smtpHost,
      port: p.smtpPort,
      banner: "^220",
    },
  ];
}

/** Every check of 003's investigation steps that reads a part of the stack of its own. */
export function dealScoutOpsChecks(env: PresetEnv, t: OpsTargets): CheckInput[] {
  return [...metrics(t), ...database(t), ...redisAndCelery(t), ...hostAndSmtp(env, t)];
}
