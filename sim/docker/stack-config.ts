import { resolve } from "node:path";
import { TOTAL_PRODUCTS } from "../catalog";
import { DEFAULT_SIM_PORTS, SIM_HOST } from "../ports";

/** The compose project every container is labelled with, as the runbooks' `docker compose` would. */
export const STACK_PROJECT = "buywhere-api";

/** In start order: each service waits for the health of the services it depends on. */
export const STACK_SERVICES = [
  "db",
  "redis",
  "mcp",
  "scraper-scheduler",
  "db_replica",
  "pgbouncer",
  "api",
] as const;
export type StackService = (typeof STACK_SERVICES)[number];

export const SERVICE_DEPENDENCIES: Record<StackService, readonly StackService[]> = {
  db: [],
  redis: [],
  mcp: [],
  "scraper-scheduler": [],
  db_replica: ["db"],
  pgbouncer: ["db"],
  api: ["pgbouncer", "redis", "mcp"],
};

export function containerName(service: StackService): string {
  return `${STACK_PROJECT}-${service}-1`;
}

/** Every port is on 127.0.0.1 (host networking); the API's are the process sim's. */
export const STACK_PORTS = {
  api: DEFAULT_SIM_PORTS.api,
  apiTls: DEFAULT_SIM_PORTS.tls,
  apiControl: DEFAULT_SIM_PORTS.control,
  mcp: DEFAULT_SIM_PORTS.mcp,
  db: 25432,
  replica: 25433,
  pgbouncer: 26432,
  redis: 26379,
} as const;

/** The ports each service listens on, checked free before it is created. */
export const SERVICE_PORTS: Record<StackService, readonly number[]> = {
  db: [STACK_PORTS.db],
  redis: [STACK_PORTS.redis],
  mcp: [STACK_PORTS.mcp],
  "scraper-scheduler": [],
  db_replica: [STACK_PORTS.replica],
  pgbouncer: [STACK_PORTS.pgbouncer],
  api: [STACK_PORTS.api, STACK_PORTS.apiTls, STACK_PORTS.apiControl],
};

export const DB_NAME = "catalog";
export const DB_USER = "buywhere";
export const DB_PASSWORD = "buywhere";
export const REPLICATION_USER = "replicator";
export const REPLICATION_PASSWORD = "replicator";
export const PGBOUNCER_ADMIN_USER = "pgbouncer";
export const PGBOUNCER_ADMIN_PASSWORD = "pgbouncer";
/** PgBouncer's default_pool_size: server connections per (database, user) pool; usage % is against it. */
export const PGBOUNCER_POOL_SIZE = 20;
export const PGBOUNCER_MAX_CLIENT_CONN = 200;
export const REDIS_MAXMEMORY_BYTES = 64 * 1024 * 1024;
export const ALEMBIC_VERSION = "036_add_bulk_ingestion_jobs";
/** Rows generated into catalog.products at first start; the same figure the API's /health reports. */
export const DEFAULT_PRODUCT_ROWS = TOTAL_PRODUCTS;
/** Size of the tmpfs whose usage disk-pressure controls. */
export const DISK_SIZE_BYTES = 64 * 1024 * 1024;

const pgUrl = (user: string, password: string, port: number, db: string) =>
  `postgres://${user}:${password}@${SIM_HOST}:${port}/${db}`;

/** What probes, tests and the rollback use to reach the stack's real servers. */
export const STACK_URLS = {
  api: `http://${SIM_HOST}:${STACK_PORTS.api}`,
  apiTls: `https://${SIM_HOST}:${STACK_PORTS.apiTls}`,
  apiControl: `http://${SIM_HOST}:${STACK_PORTS.apiControl}`,
  mcp: `http://${SIM_HOST}:${STACK_PORTS.mcp}`,
  db: pgUrl(DB_USER, DB_PASSWORD, STACK_PORTS.db, DB_NAME),
  replica: pgUrl(DB_USER, DB_PASSWORD, STACK_PORTS.replica, DB_NAME),
  pgbouncer: pgUrl(DB_USER, DB_PASSWORD, STACK_PORTS.pgbouncer, DB_NAME),
  pgbouncerAdmin: pgUrl(PGBOUNCER_ADMIN_USER, PGBOUNCER_ADMIN_PASSWORD, STACK_PORTS.pgbouncer, "pgbouncer"),
  redis: `redis://${SIM_HOST}:${STACK_PORTS.redis}`,
} as const;

/** Labels of every stack container; fault helpers carry FAULT_LABEL instead, never the project's. */
export const LABEL_PROJECT = "com.docker.compose.project";
export const LABEL_SERVICE = "com.docker.compose.service";
export const LABEL_CONTENT_HASH = "com.warroom.content-hash";
export const LABEL_BUILD = "com.warroom.build";
export const FAULT_LABEL = "com.warroom.sim-fault";

/** Where the stack keeps .rollback_state, backups/ and the disk-pressure mount. */
export type StackPaths = {
  root: string;
  rollbackState: string;
  backups: string;
  disk: string;
};

/** WARROOM_STACK_DIR, else .warroom/stack under the working directory (the repository root for npm run). */
export function resolveStackPaths(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): StackPaths {
  const root = resolve(cwd, env.WARROOM_STACK_DIR || ".warroom/stack");
  return {
    root,
    rollbackState: resolve(root, ".rollback_state"),
    backups: resolve(root, "backups"),
    disk: resolve(root, "disk"),
  };
}
