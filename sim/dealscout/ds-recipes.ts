import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { bundleEntry, REPO_ROOT } from "../docker/bundle";
import { type ImageRecipe, PG_BIN, UNHEALTHY_FLAG } from "../docker/image-recipes";
import { DS_DB, DS_DEFAULT_PORTS } from "./ds-config";

// Images are made like the BuyWhere stack's: busybox + host binaries + their libraries, `docker import`.
const PG_LIB = "/usr/lib/postgresql/15/lib";
const PG_SHARE = "/usr/share/postgresql/15";
const PY = "/usr/lib/python3.11";
const DIST = "/usr/lib/python3/dist-packages";
/** What the worker imports (found by importing celery's worker, beat and control commands). */
const PY_PACKAGES = [
  ...["amqp", "billiard", "celery", "click", "click_didyoumean", "click_plugins", "click_repl"],
  ...["kombu", "packaging", "prompt_toolkit", "pytz", "redis", "vine", "wcwidth", "dateutil", "six.py"],
];
/** Standard-library parts a worker never imports, left out to keep the image small. */
const PY_SKIP = /^(config-3\.11[^/]*|test|idlelib|tkinter|lib2to3|ensurepip|turtledemo|pydoc_data)(\/|$)/;
const PATH = `ENV PATH=/usr/local/bin:${PG_BIN}:/usr/sbin:/usr/bin:/sbin:/bin`;
const healthcheck = (command: string) =>
  `HEALTHCHECK --interval=2s --timeout=10s --start-period=60s --retries=3 CMD test ! -e ${UNHEALTHY_FLAG} && ${command}`;
const contentTag = (hash: string) => `c-${hash.slice(0, 12)}`;
const shaTag = (hash: string) => `sha-${hash.slice(0, 7)}`;
const file = (name: string) => readFile(join(REPO_ROOT, "sim/dealscout/files", name), "utf8");
const USERS = { postgres: { name: "postgres", uid: 70 }, redis: { name: "redis", uid: 72 } };

export async function dsPostgresRecipe(): Promise<ImageRecipe> {
  const modules = ["plpgsql", "dict_snowball", "pg_stat_statements"];
  return {
    repo: "deal-scout-stack-postgres",
    tagFor: contentTag,
    rootfs: {
      binaries: [
        ...["postgres", "initdb", "pg_ctl", "psql", "pg_isready"].map((b) => `${PG_BIN}/${b}`),
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
        { path: "/usr/local/bin/db-entrypoint", content: await file("ds-db-entrypoint.sh"), mode: 0o755 },
      ],
      writableDirs: ["/var/lib/postgresql", "/var/run/postgresql"],
      users: [USERS.postgres],
    },
    changes: [
      PATH,
      "ENV PGDATA=/var/lib/postgresql/data",
      `ENV PGPORT=${DS_DEFAULT_PORTS.postgres}`,
      `ENV DB_NAME=${DS_DB.name}`,
      "ENV TZ=UTC",
      "USER postgres",
      'CMD ["db-entrypoint"]',
      healthcheck('pg_isready -q -h 127.0.0.1 -p "$PGPORT" && test -e "$PGDATA/warroom-initialized"'),
    ],
    labels: {},
  };
}

export async function dsRedisRecipe(): Promise<ImageRecipe> {
  // Saves like a default Redis does (the runbook's dump.rdb), into /data.
  const server = `exec redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --maxmemory 32mb --maxmemory-policy noeviction --dir /data --save "60 1"`;
  return {
    repo: "deal-scout-stack-redis",
    tagFor: contentTag,
    rootfs: {
      binaries: ["/usr/bin/redis-server", "/usr/bin/redis-cli"],
      writableDirs: ["/data"],
      users: [USERS.redis],
    },
    changes: [
      PATH,
      `ENV REDIS_PORT=${DS_DEFAULT_PORTS.redis}`,
      "USER redis",
      `CMD ${JSON.stringify(["sh", "-c", server])}`,
      healthcheck('redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping | grep -q PONG'),
    ],
    labels: {},
  };
}

/** A release of the images a deployment builds; a "broken" one is the bad deploy a rollback undoes. */
export type DsBuild = "good" | "broken";
// The good build adds nothing, so its content (and sha- tag) stays what it always was.
const buildEnv = (build: DsBuild) => (build === "broken" ? ["ENV SIM_BUILD=broken"] : []);

/** The backend (node): its own release image, `deal-scout-backend:sha-…`, as a deploy would tag it. */
export async function dsBackendRecipe(build: DsBuild = "good"): Promise<ImageRecipe> {
  const recipe = await nodeRecipe(
    "deal-scout-backend",
    "dealscout-backend",
    "BACKEND_PORT",
    DS_DEFAULT_PORTS.backend,
  );
  return { ...recipe, changes: [...recipe.changes, ...buildEnv(build)] };
}

export async function dsIntegrationsRecipe(): Promise<ImageRecipe> {
  return nodeRecipe(
    "deal-scout-stack-integrations",
    "dealscout-integrations",
    "EBAY_PORT",
    DS_DEFAULT_PORTS.ebay,
  );
}

async function nodeRecipe(
  repo: string,
  entry: "dealscout-backend" | "dealscout-integrations",
  portVar: string,
  port: number,
): Promise<ImageRecipe> {
  return {
    repo,
    tagFor: repo === "deal-scout-backend" ? shaTag : contentTag,
    rootfs: {
      binaries: ["/usr/bin/node", "/usr/bin/printenv"],
      content: [{ path: "/app/main.cjs", content: await bundleEntry(entry) }],
    },
    changes: [
      PATH,
      "ENV NODE_ENV=production",
      `ENV ${portVar}=${port}`,
      "WORKDIR /app",
      // --expose-gc: the backend's memory fault gives its buffers back at once when switched off.
      'CMD ["node", "--expose-gc", "/app/main.cjs"]',
      healthcheck(`wget -q -O /dev/null "http://127.0.0.1:$${portVar}/health"`),
    ],
    labels: {},
  };
}

/**
 * Debian's python3 with python3-celery and python3-redis: the worker and beat run the same image, a
 * release image (`deal-scout-worker:sha-…`) like the backend's.
 */
export async function dsWorkerRecipe(build: DsBuild = "good"): Promise<ImageRecipe> {
  const stdlib = (await readdir(PY, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && !PY_SKIP.test(relative(PY, join(e.parentPath, e.name))))
    .map((e) => join(e.parentPath, e.name));
  const dynload = stdlib.filter((f) => f.endsWith(".so"));
  const appDir = join(REPO_ROOT, "sim/dealscout/worker");
  const appFiles = (await readdir(appDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith(".py"))
    .map((e) => join(e.parentPath, e.name));
  return {
    repo: "deal-scout-worker",
    tagFor: shaTag,
    rootfs: {
      binaries: ["/usr/bin/python3.11", ...dynload],
      files: [
        ...stdlib.filter((f) => !f.endsWith(".so")),
        // pytz (celery's clock) reads Debian's zone data.
        ...["tzdata.zi", "UTC", "Etc/UTC", "GMT", "zone.tab", "zone1970.tab", "iso3166.tab"].map(
          (f) => `/usr/share/zoneinfo/${f}`,
        ),
      ],
      trees: PY_PACKAGES.filter((p) => !p.endsWith(".py")).map((p) => `${DIST}/${p}`),
      content: [
        ...(await Promise.all(
          appFiles.map(async (f) => ({
            path: `/app/${relative(appDir, f)}`,
            content: await readFile(f, "utf8"),
          })),
        )),
        { path: `${DIST}/six.py`, content: await readFile(`${DIST}/six.py`, "utf8") },
        {
          path: "/usr/local/bin/worker-entrypoint",
          content: await file("ds-worker-entrypoint.sh"),
          mode: 0o755,
        },
        { path: "/usr/local/bin/beat-entrypoint", content: await file("ds-beat-entrypoint.sh"), mode: 0o755 },
        { path: "/usr/bin/python3", content: '#!/bin/sh\nexec /usr/bin/python3.11 "$@"\n', mode: 0o755 },
      ],
      users: [{ name: "celery", uid: 73 }],
    },
    changes: [
      PATH,
      "ENV PYTHONPATH=/app",
      "ENV PYTHONDONTWRITEBYTECODE=1",
      "ENV TZ=UTC",
      "WORKDIR /app",
      "USER celery",
      'CMD ["worker-entrypoint"]',
      healthcheck("ps -o args | grep -q '[c]elery -A app.worker'"),
      ...buildEnv(build),
    ],
    labels: {},
  };
}
