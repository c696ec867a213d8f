import { resolve } from "node:path";
import type { PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";

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
  /** The admin console URL, split by the check's schema (so an export can name the variable, not the password). */
  pgbouncer: { url: string; database: string };
  redisUrl: string;
  diskPath: string;
  backupDir: string;
  /** The deployed code's alembic/versions (production: /home/paperclip/buywhere-api/alembic/versions). */
  alembicDir: string | null;
  /** The deploy's .rollback_state (deploy §2 step 1), in the stack's directory. */
  rollbackStateFile: string;
  /** The host's .env the deploy reads (deploy §1.2; production: /home/paperclip/buywhere-api/.env). */
  envFile: string;
  /** Where the cleanup deletes old scrape data and logs (production: /home/paperclip/buywhere-api). */
  appDir: string;
  /** The scraper's workspace (launch day §4.4; production: /home/paperclip/.rex/workspace). */
  workspaceDir: string;
  /** The deployed code's git checkout (incident §2.6; production: /home/paperclip/buywhere-api); null: none. */
  appRepo: string | null;
};

export function buyWhereInfraTargets(env: PresetEnv, cwd: string = process.cwd()): BuyWhereInfraTargets {
  // The stack keeps its controlled filesystem and its backups under WARROOM_STACK_DIR (.warroom/stack).
  // turbopackIgnore: paths from the environment; output tracing would otherwise copy this folder's sources.
  const stackDir = resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_STACK_DIR || ".warroom/stack");
  const dbUrl = env.WARROOM_DB_URL ?? "postgres://buywhere:buywhere@127.0.0.1:25432/catalog";
  return {
    dockerSocket: env.WARROOM_DOCKER_SOCKET ?? "/var/run/docker.sock",
    dockerProject: env.WARROOM_DOCKER_PROJECT ?? "buywhere-api",
    apiImage: env.WARROOM_API_IMAGE ?? "buywhere-api",
    dbUrl,
    replicaUrl: env.WARROOM_REPLICA_URL ?? "postgres://buywhere:buywhere@127.0.0.1:25433/catalog",
    pgbouncer: {
      url: env.WARROOM_PGBOUNCER_ADMIN_URL ?? "postgres://pgbouncer:pgbouncer@127.0.0.1:26432/pgbouncer",
      database: env.WARROOM_PGBOUNCER_POOL ?? databaseOf(dbUrl),
    },
    redisUrl: env.WARROOM_REDIS_URL ?? "redis://127.0.0.1:26379",
    diskPath: resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_DISK_PATH ?? resolve(stackDir, "disk")),
    backupDir: resolve(
      /* turbopackIgnore: true */ cwd,
      env.WARROOM_BACKUP_DIR ?? resolve(stackDir, "backups"),
    ),
    alembicDir: env.WARROOM_ALEMBIC_DIR
      ? resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_ALEMBIC_DIR)
      : null,
    rollbackStateFile: resolve(stackDir, ".rollback_state"),
    envFile: resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_ENV_FILE ?? resolve(stackDir, ".env")),
    // The simulated stack keeps no scrape data of its own: a folder of its state, empty until one is put there.
    appDir: resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_APP_DIR ?? resolve(stackDir, "data")),
    workspaceDir: resolve(
      /* turbopackIgnore: true */ cwd,
      env.WARROOM_WORKSPACE_DIR ?? resolve(stackDir, "data"),
    ),
    appRepo: env.WARROOM_APP_REPO ? resolve(/* turbopackIgnore: true */ cwd, env.WARROOM_APP_REPO) : null,
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
export const CONTAINERS = [
  { service: "api", label: "API", source: "launch-day §1.1, §3.4 API CPU; incident §2.2" },
  { service: "mcp", label: "MCP", source: "launch-day §1.1; deploy §5" },
  { service: "db", label: "DB primary", source: "launch-day §1.1; incident §2.2" },
  { service: "db_replica", label: "DB replica", source: "deploy §1.3, §5; incident §2.2" },
  { service: "pgbouncer", label: "PgBouncer", source: "launch-day §1.1; incident §2.2" },
  { service: "redis", label: "Redis", source: "launch-day §1.1; incident §2.2" },
  { service: "scraper-scheduler", label: "Scraper scheduler", source: "deploy §2 step 6" },
] as const;

/** Launch day §4.3 step 2 and §4.5: the US scraper worker, run by its container name beside the compose project. */
export const SCRAPER_WORKER = {
  id: "container-scraper-worker",
  container: "scraper-worker-fixed",
  label: "Scraper worker (scraper-worker-fixed)",
  source: "launch-day §4.3 step 2, §4.5: docker stop scraper-worker-fixed",
};

/** Deploy §2 step 7: the monitoring and cron services, up after the deploy. */
export const MONITORING_CONTAINERS = [
  { service: "backup-cron", label: "Backup cron" },
  { service: "metrics-collector", label: "Metrics collector" },
  { service: "blackbox-exporter", label: "Blackbox exporter" },
  { service: "alertmanager", label: "Alertmanager" },
  { service: "loki", label: "Loki" },
  { service: "fluent-bit", label: "Fluent Bit" },
  { service: "grafana", label: "Grafana" },
] as const;

/** Check id of a service's container tile, e.g. container-db-replica. */
export const containerCheckId = (service: string) => `container-${service.replace(/_/g, "-")}`;
