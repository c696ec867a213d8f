import { z } from "zod";
import { TOTAL_PRODUCTS } from "../catalog";
import { DEFAULT_SIM_PORTS, readPortsFromEnv, SIM_HOST } from "../ports";

/** The compose project every container is labelled with, as the runbooks' `docker compose` would. */
export const STACK_PROJECT = "buywhere-api";

/** Deploy §2 step 7's monitoring and cron services: one small image, a heartbeat each (backup-cron dumps). */
export const MONITORING_SERVICES = [
  "backup-cron",
  "metrics-collector",
  "blackbox-exporter",
  "alertmanager",
  "loki",
  "fluent-bit",
  "grafana",
] as const;
export type MonitoringService = (typeof MONITORING_SERVICES)[number];

/** In start order: each service waits for the health of the services it depends on. */
export const STACK_SERVICES = [
  "db",
  "redis",
  "mcp",
  "scraper-scheduler",
  "scraper-worker",
  ...MONITORING_SERVICES,
  "db_replica",
  "pgbouncer",
  "api",
] as const;
export type StackService = (typeof STACK_SERVICES)[number];

const NO_DEPENDENCIES = Object.fromEntries(MONITORING_SERVICES.map((m) => [m, []])) as unknown as Record<
  MonitoringService,
  readonly StackService[]
>;

export const SERVICE_DEPENDENCIES: Record<StackService, readonly StackService[]> = {
  db: [],
  redis: [],
  mcp: [],
  "scraper-scheduler": [],
  "scraper-worker": [],
  ...NO_DEPENDENCIES,
  "backup-cron": ["db"],
  db_replica: ["db"],
  pgbouncer: ["db"],
  api: ["pgbouncer", "redis", "mcp"],
};

/**
 * Launch day §4.3 and §4.5 stop and start `scraper-worker-fixed` by that name: the US scraper worker,
 * run beside the compose services (here labelled with the project so the stack's down removes it).
 */
export const SCRAPER_WORKER_CONTAINER = "scraper-worker-fixed";

export function containerName(service: StackService): string {
  if (service === "scraper-worker") return SCRAPER_WORKER_CONTAINER;
  return `${STACK_PROJECT}-${service}-1`;
}

export function isMonitoringService(service: StackService): service is MonitoringService {
  return (MONITORING_SERVICES as readonly string[]).includes(service);
}

export type StackPorts = {
  api: number;
  apiTls: number;
  apiControl: number;
  mcp: number;
  db: number;
  replica: number;
  pgbouncer: number;
  redis: number;
};

/** Every port is on 127.0.0.1 (host networking); the API's are the process sim's. */
export const DEFAULT_STACK_PORTS: StackPorts = {
  api: DEFAULT_SIM_PORTS.api,
  apiTls: DEFAULT_SIM_PORTS.tls,
  apiControl: DEFAULT_SIM_PORTS.control,
  mcp: DEFAULT_SIM_PORTS.mcp,
  db: 25432,
  replica: 25433,
  pgbouncer: 26432,
  redis: 26379,
};

const STACK_PORT_ENV: Record<"db" | "replica" | "pgbouncer" | "redis", string> = {
  db: "SIM_DB_PORT",
  replica: "SIM_REPLICA_PORT",
  pgbouncer: "SIM_PGBOUNCER_PORT",
  redis: "SIM_REDIS_PORT",
};
const fixedPort = z.coerce.number().int().min(1).max(65535);

/**
 * The defaults, overridden by the process sim's SIM_API_PORT / SIM_TLS_PORT / SIM_CONTROL_PORT /
 * SIM_MCP_PORT and by SIM_DB_PORT / SIM_REPLICA_PORT / SIM_PGBOUNCER_PORT / SIM_REDIS_PORT.
 * Containers share the host's network, so 0 (ephemeral) is refused.
 */
export function resolveStackPorts(env: Record<string, string | undefined> = process.env): StackPorts {
  const sim = readPortsFromEnv(env);
  const ports: StackPorts = {
    ...DEFAULT_STACK_PORTS,
    ...(sim.api !== undefined ? { api: sim.api } : {}),
    ...(sim.tls !== undefined ? { apiTls: sim.tls } : {}),
    ...(sim.control !== undefined ? { apiControl: sim.control } : {}),
    ...(sim.mcp !== undefined ? { mcp: sim.mcp } : {}),
  };
  for (const [key, name] of Object.entries(STACK_PORT_ENV) as [keyof typeof STACK_PORT_ENV, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === "") continue;
    const parsed = fixedPort.safeParse(raw);
    if (!parsed.success) throw new Error(`${name} must be a port number 1-65535, got "${raw}"`);
    ports[key] = parsed.data;
  }
  for (const [key, port] of Object.entries(ports)) {
    if (port === 0) throw new Error(`the stack cannot use an ephemeral port (${key} = 0): set a fixed port`);
  }
  return ports;
}

/** The ports each service listens on, checked free before it is created. */
export function servicePorts(ports: StackPorts): Record<StackService, readonly number[]> {
  const none = Object.fromEntries(MONITORING_SERVICES.map((m) => [m, []])) as unknown as Record<
    MonitoringService,
    readonly number[]
  >;
  return {
    ...none,
    "scraper-worker": [],
    db: [ports.db],
    redis: [ports.redis],
    mcp: [ports.mcp],
    "scraper-scheduler": [],
    db_replica: [ports.replica],
    pgbouncer: [ports.pgbouncer],
    api: [ports.api, ports.apiTls, ports.apiControl],
  };
}

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

export type StackUrls = Record<
  "api" | "apiTls" | "apiControl" | "mcp" | "db" | "replica" | "pgbouncer" | "pgbouncerAdmin" | "redis",
  string
>;

/** What probes, tests and the rollback use to reach the stack's real servers. */
export function stackUrls(ports: StackPorts): StackUrls {
  return {
    api: `http://${SIM_HOST}:${ports.api}`,
    apiTls: `https://${SIM_HOST}:${ports.apiTls}`,
    apiControl: `http://${SIM_HOST}:${ports.apiControl}`,
    mcp: `http://${SIM_HOST}:${ports.mcp}`,
    db: pgUrl(DB_USER, DB_PASSWORD, ports.db, DB_NAME),
    replica: pgUrl(DB_USER, DB_PASSWORD, ports.replica, DB_NAME),
    pgbouncer: pgUrl(DB_USER, DB_PASSWORD, ports.pgbouncer, DB_NAME),
    pgbouncerAdmin: pgUrl(PGBOUNCER_ADMIN_USER, PGBOUNCER_ADMIN_PASSWORD, ports.pgbouncer, "pgbouncer"),
    redis: `redis://${SIM_HOST}:${ports.redis}`,
  };
}

/** Labels of every stack container; fault helpers carry FAULT_LABEL instead, never the project's. */
export const LABEL_PROJECT = "com.docker.compose.project";
export const LABEL_SERVICE = "com.docker.compose.service";
export const LABEL_CONTENT_HASH = "com.warroom.content-hash";
export const LABEL_BUILD = "com.warroom.build";
export const FAULT_LABEL = "com.warroom.sim-fault";

export { resolveStackPaths, type StackPaths } from "@/lib/rollback/stack-location";
