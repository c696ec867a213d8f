import type { ContainerCreateOptions } from "dockerode";
import {
  ALEMBIC_VERSION,
  containerName,
  DB_NAME,
  DB_PASSWORD,
  DB_USER,
  LABEL_PROJECT,
  LABEL_SERVICE,
  REPLICATION_PASSWORD,
  REPLICATION_USER,
  STACK_PROJECT,
  type StackPorts,
  type StackService,
  stackUrls,
} from "./stack-config";

/** The image each service runs; api and mcp by their `:latest` tag, as a compose file names them. */
export type StackImages = Record<StackService, string>;

/** `backupsDir`: the host folder backup-cron writes its dumps into (the stack's backups/). */
export type StackSettings = { ports: StackPorts; productRows: number; backupsDir?: string };

/** Where backup-cron's dumps appear inside its container (bind-mounted from the stack's backups/). */
export const BACKUP_MOUNT = "/backups";

/** Set by the API's deploy, like the production .env (the runbooks check them with printenv). */
export function apiEnv(settings: StackSettings): string[] {
  const { ports } = settings;
  const urls = stackUrls(ports);
  return [
    `SIM_API_PORT=${ports.api}`,
    `SIM_TLS_PORT=${ports.apiTls}`,
    `SIM_CONTROL_PORT=${ports.apiControl}`,
    `SIM_MCP_URL=${urls.mcp}/health`,
    `SIM_DB_URL=${urls.pgbouncer}`,
    `SIM_REDIS_URL=${urls.redis}`,
    `DATABASE_URL=${urls.pgbouncer}`,
    `REDIS_URL=${urls.redis}`,
    "JWT_SECRET_KEY=sim-jwt-secret-not-a-real-one",
    `POSTGRES_PASSWORD=${DB_PASSWORD}`,
    "AFFILIATE_TAG=buywhere-20",
    "USD_DEFAULT=USD",
    "US_REGION=us",
  ];
}

function serviceEnv(service: StackService, settings: StackSettings): string[] {
  const { ports } = settings;
  const replication = [
    `REPLICATION_USER=${REPLICATION_USER}`,
    `REPLICATION_PASSWORD=${REPLICATION_PASSWORD}`,
  ];
  switch (service) {
    case "db":
      return [
        `PGPORT=${ports.db}`,
        `DB_NAME=${DB_NAME}`,
        `DB_USER=${DB_USER}`,
        `DB_PASSWORD=${DB_PASSWORD}`,
        `POSTGRES_PASSWORD=${DB_PASSWORD}`,
        `ALEMBIC_VERSION=${ALEMBIC_VERSION}`,
        `SIM_PRODUCTS=${settings.productRows}`,
        ...replication,
      ];
    case "db_replica":
      return [`PGPORT=${ports.replica}`, `PRIMARY_PORT=${ports.db}`, ...replication];
    case "pgbouncer":
      return [`PGBOUNCER_PORT=${ports.pgbouncer}`, `PGPORT=${ports.pgbouncer}`, `DB_PORT=${ports.db}`];
    case "redis":
      return [`REDIS_PORT=${ports.redis}`];
    case "mcp":
      return [`SIM_MCP_PORT=${ports.mcp}`];
    case "api":
      return apiEnv(settings);
    case "scraper-scheduler":
      return [];
    case "scraper-worker":
      return ["SCRAPER_ROLE=scraper-worker-fixed"];
    case "backup-cron":
      return [
        "SIDECAR_ROLE=backup-cron",
        `DB_PORT=${ports.db}`,
        `DB_NAME=${DB_NAME}`,
        `DB_USER=${DB_USER}`,
        `PGPASSWORD=${DB_PASSWORD}`,
        `BACKUP_DIR=${BACKUP_MOUNT}`,
        // Daily, as a backup cron would; deploy §1.5's manual backup is `backup-now`.
        "BACKUP_INTERVAL_SECONDS=86400",
      ];
    default:
      return [`SIDECAR_ROLE=${service}`];
  }
}

export function stackLabels(service: StackService): Record<string, string> {
  return {
    [LABEL_PROJECT]: STACK_PROJECT,
    [LABEL_SERVICE]: service,
    "com.docker.compose.container-number": "1",
    "com.docker.compose.oneoff": "False",
  };
}

/** One service's container: host networking only, compose labels, named as in the runbooks. */
export function containerSpec(
  service: StackService,
  image: string,
  settings: StackSettings,
): ContainerCreateOptions {
  return {
    name: containerName(service),
    Image: image,
    Env: serviceEnv(service, settings),
    Labels: stackLabels(service),
    ...(service === "db_replica" ? { Cmd: ["replica-entrypoint"] } : {}),
    // backup-cron writes into the host's backups folder, whoever owns it.
    ...(service === "backup-cron" ? { User: "0" } : {}),
    HostConfig: {
      ...(service === "backup-cron" && settings.backupsDir
        ? { Binds: [`${settings.backupsDir}:${BACKUP_MOUNT}`] }
        : {}),
      NetworkMode: "host",
      // An init as PID 1 reaps the orphans a timed-out health check leaves behind. Without it PostgreSQL
      // is PID 1, inherits an orphaned pg_isready, reads its exit code 2 as a crashed backend and
      // restarts into crash recovery: unhealthy for a minute on a loaded host.
      Init: true,
      RestartPolicy: { Name: "unless-stopped" },
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "2" } },
    },
  };
}
