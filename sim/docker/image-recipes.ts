import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ApiBuild } from "./api/container-handler";
import { bundleEntry, REPO_ROOT } from "./bundle";
import type { RootfsSpec } from "./rootfs";
import {
  DB_NAME,
  DB_PASSWORD,
  DB_USER,
  DEFAULT_STACK_PORTS,
  LABEL_BUILD,
  PGBOUNCER_ADMIN_PASSWORD,
  PGBOUNCER_ADMIN_USER,
  PGBOUNCER_MAX_CLIENT_CONN,
  PGBOUNCER_POOL_SIZE,
  REDIS_MAXMEMORY_BYTES,
} from "./stack-config";

/** How to make one image: its rootfs, its `docker import --change` lines and how its tag names its content. */
export type ImageRecipe = {
  repo: string;
  /** The tag that identifies this content: an image with it (and the same content hash) is reused. */
  tagFor: (contentHash: string) => string;
  rootfs: RootfsSpec;
  changes: string[];
  labels: Record<string, string>;
};

export const PG_BIN = "/usr/lib/postgresql/15/bin";
const PG_LIB = "/usr/lib/postgresql/15/lib";
const PG_SHARE = "/usr/share/postgresql/15";
const PATH = `ENV PATH=/usr/local/bin:${PG_BIN}:/usr/sbin:/usr/bin:/sbin:/bin`;
/** Every health check: interval 2s, retries 3; a flag file makes any of them fail (container-unhealthy). */
export const UNHEALTHY_FLAG = "/tmp/unhealthy";
// (busybox 1.35 static wget segfaults with -T here; the HEALTHCHECK --timeout bounds the check instead.)
const healthcheck = (command: string, intervalS = 2) =>
  `HEALTHCHECK --interval=${intervalS}s --timeout=10s --start-period=60s --retries=3 CMD test ! -e ${UNHEALTHY_FLAG} && ${command}`;
const contentTag = (hash: string) => `c-${hash.slice(0, 12)}`;
/** Like a deploy script's `sha-$(git rev-parse --short HEAD)`, from the image's content. */
export const shaTag = (hash: string) => `sha-${hash.slice(0, 7)}`;
const USERS = {
  postgres: { name: "postgres", uid: 70 },
  pgbouncer: { name: "pgbouncer", uid: 71 },
  redis: { name: "redis", uid: 72 },
};

const staticFile = (name: string) => readFile(join(REPO_ROOT, "sim/docker/files", name), "utf8");

/** PostgreSQL 15 from the host's binaries: the primary, the replica and the pool-exhaustion clients. */
export async function postgresRecipe(): Promise<ImageRecipe> {
  const modules = ["plpgsql", "dict_snowball", "libpqwalreceiver", "pgoutput", "utf8_and_iso8859_1"];
  return {
    repo: "buywhere-stack-postgres",
    tagFor: contentTag,
    rootfs: {
      binaries: [
        ...["postgres", "initdb", "pg_ctl", "psql", "pg_isready", "pg_basebackup", "pg_dump"].map(
          (b) => `${PG_BIN}/${b}`,
        ),
        ...modules.map((m) => `${PG_LIB}/${m}.so`),
      ],
      trees: [`${PG_SHARE}/timezonesets`, `${PG_SHARE}/tsearch_data`, `${PG_SHARE}/extension`],
      files: [
        ...["postgres.bki", "information_schema.sql", "snowball_create.sql", "sql_features.txt"],
        ...["system_constraints.sql", "system_functions.sql", "system_views.sql", "errcodes.txt"],
        ...["postgresql.conf.sample", "pg_hba.conf.sample", "pg_ident.conf.sample"],
      ]
        .map((f) => `${PG_SHARE}/${f}`)
        .concat(["/usr/share/zoneinfo/UTC", "/usr/share/zoneinfo/Etc/UTC", "/usr/share/zoneinfo/GMT"]),
      content: [
        { path: "/usr/local/bin/db-entrypoint", content: await staticFile("db-entrypoint.sh"), mode: 0o755 },
        {
          path: "/usr/local/bin/replica-entrypoint",
          content: await staticFile("replica-entrypoint.sh"),
          mode: 0o755,
        },
      ],
      writableDirs: ["/var/lib/postgresql", "/var/run/postgresql"],
      users: [USERS.postgres],
    },
    changes: [
      PATH,
      "ENV PGDATA=/var/lib/postgresql/data",
      `ENV PGPORT=${DEFAULT_STACK_PORTS.db}`,
      "ENV TZ=UTC",
      "USER postgres",
      'CMD ["db-entrypoint"]',
      healthcheck('pg_isready -q -h 127.0.0.1 -p "$PGPORT" && test -e "$PGDATA/warroom-initialized"'),
    ],
    labels: {},
  };
}

export async function pgbouncerRecipe(): Promise<ImageRecipe> {
  const userlist = `"${DB_USER}" "${DB_PASSWORD}"\n"${PGBOUNCER_ADMIN_USER}" "${PGBOUNCER_ADMIN_PASSWORD}"\n`;
  const admin = `PGPASSWORD=${PGBOUNCER_ADMIN_PASSWORD} psql -h 127.0.0.1 -p "$PGBOUNCER_PORT" -U ${PGBOUNCER_ADMIN_USER} -d pgbouncer`;
  return {
    repo: "buywhere-stack-pgbouncer",
    tagFor: contentTag,
    rootfs: {
      binaries: ["/usr/sbin/pgbouncer", `${PG_BIN}/psql`],
      content: [
        {
          path: "/usr/local/bin/pgbouncer-entrypoint",
          content: await staticFile("pgbouncer-entrypoint.sh"),
          mode: 0o755,
        },
        { path: "/etc/pgbouncer/userlist.txt", content: userlist },
      ],
      users: [USERS.pgbouncer],
    },
    changes: [
      PATH,
      `ENV PGBOUNCER_PORT=${DEFAULT_STACK_PORTS.pgbouncer}`,
      `ENV PGPORT=${DEFAULT_STACK_PORTS.pgbouncer}`,
      `ENV DB_PORT=${DEFAULT_STACK_PORTS.db}`,
      `ENV DB_NAME=${DB_NAME}`,
      `ENV POOL_SIZE=${PGBOUNCER_POOL_SIZE}`,
      `ENV MAX_CLIENT_CONN=${PGBOUNCER_MAX_CLIENT_CONN}`,
      `ENV ADMIN_USER=${PGBOUNCER_ADMIN_USER}`,
      // So the runbooks' `docker exec … psql -U pgbouncer pgbouncer -c "SHOW POOLS;"` works as written.
      `ENV PGPASSWORD=${PGBOUNCER_ADMIN_PASSWORD}`,
      "USER pgbouncer",
      'CMD ["pgbouncer-entrypoint"]',
      healthcheck(`${admin} -tAc "SHOW VERSION" >/dev/null 2>&1`),
    ],
    labels: {},
  };
}

export async function redisRecipe(): Promise<ImageRecipe> {
  const server = `exec redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --maxmemory ${REDIS_MAXMEMORY_BYTES} --maxmemory-policy noeviction --save '' --appendonly no --dir /tmp`;
  return {
    repo: "buywhere-stack-redis",
    tagFor: contentTag,
    rootfs: { binaries: ["/usr/bin/redis-server", "/usr/bin/redis-cli"], users: [USERS.redis] },
    changes: [
      PATH,
      `ENV REDIS_PORT=${DEFAULT_STACK_PORTS.redis}`,
      "USER redis",
      `CMD ${JSON.stringify(["sh", "-c", server])}`,
      healthcheck('redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG'),
    ],
    labels: {},
  };
}

/** The API image; a "broken" build is the bad deploy (a different image, hence a different sha tag). */
export async function apiRecipe(build: ApiBuild): Promise<ImageRecipe> {
  return {
    repo: "buywhere-api",
    tagFor: shaTag,
    rootfs: {
      binaries: ["/usr/bin/node", "/usr/bin/openssl", "/usr/bin/printenv"],
      files: ["/usr/lib/ssl/openssl.cnf"],
      content: [{ path: "/app/api.cjs", content: await bundleEntry("api") }],
    },
    changes: [
      PATH,
      "ENV NODE_ENV=production",
      `ENV SIM_BUILD=${build}`,
      `ENV SIM_API_PORT=${DEFAULT_STACK_PORTS.api}`,
      "WORKDIR /app",
      'CMD ["node", "/app/api.cjs"]',
      healthcheck('wget -q -O /dev/null "http://127.0.0.1:$SIM_API_PORT/health"'),
    ],
    labels: { [LABEL_BUILD]: build },
  };
}

export async function mcpRecipe(): Promise<ImageRecipe> {
  return {
    repo: "buywhere-mcp",
    tagFor: shaTag,
    rootfs: {
      binaries: ["/usr/bin/node", "/usr/bin/printenv"],
      content: [{ path: "/app/mcp.cjs", content: await bundleEntry("mcp") }],
    },
    changes: [
      PATH,
      "ENV NODE_ENV=production",
      "WORKDIR /app",
      `ENV SIM_MCP_PORT=${DEFAULT_STACK_PORTS.mcp}`,
      'CMD ["node", "/app/mcp.cjs"]',
      healthcheck('wget -q -O /dev/null "http://127.0.0.1:$SIM_MCP_PORT/health"'),
    ],
    labels: {},
  };
}

export async function scraperRecipe(): Promise<ImageRecipe> {
  return {
    repo: "buywhere-stack-scraper",
    tagFor: contentTag,
    rootfs: {
      content: [{ path: "/usr/local/bin/scraper", content: await staticFile("scraper.sh"), mode: 0o755 }],
    },
    changes: [
      PATH,
      'CMD ["scraper"]',
      healthcheck('test -e /tmp/heartbeat && test -n "$(find /tmp/heartbeat -mmin -1)"'),
    ],
    labels: {},
  };
}

/**
 * Deploy §2 step 7's monitoring and cron services, one image told apart by SIDECAR_ROLE: busybox, a
 * heartbeat loop, and pg_dump with the stack's backup command (backup-now) for backup-cron. Checked every
 * 5 s, not 2: seven of them would otherwise keep the engine busy with health-check execs.
 */
export async function sidecarRecipe(): Promise<ImageRecipe> {
  return {
    repo: "buywhere-stack-sidecar",
    tagFor: contentTag,
    rootfs: {
      binaries: [`${PG_BIN}/pg_dump`],
      content: [
        { path: "/usr/local/bin/sidecar", content: await staticFile("sidecar.sh"), mode: 0o755 },
        { path: "/usr/local/bin/backup-now", content: await staticFile("backup-now.sh"), mode: 0o755 },
      ],
    },
    changes: [
      PATH,
      "ENV TZ=UTC",
      'CMD ["sidecar"]',
      healthcheck('test -e /tmp/heartbeat && test -n "$(find /tmp/heartbeat -mmin -1)"', 5),
    ],
    labels: {},
  };
}
