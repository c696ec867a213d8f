import "server-only";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { acquireDataDirLock } from "@/lib/db/data-dir-lock";
import { PrismaClient } from "@/lib/db/generated/prisma/client";
import { applyMigrations, type MigrationReport } from "@/lib/db/migrate";
import { pgExecutor, pgliteExecutor } from "@/lib/db/sql-executor";
import { log } from "@/lib/runtime/log";
import { processState } from "@/lib/runtime/process-state";

export type Db = PrismaClient;

export type DbConfig =
  | { kind: "postgres"; url: string; migrationsDir?: string }
  | { kind: "pglite"; dataDir: string; migrationsDir?: string };

export type DbDescription = {
  kind: DbConfig["kind"];
  /** Data directory, or the URL without its password. */
  location: string;
  /** Finished migrations, oldest first. */
  migrations: string[];
};

type OpenDb = { client: PrismaClient; kind: DbConfig["kind"]; location: string; close: () => Promise<void> };

// Route handlers and the instrumentation hook are separate bundles with their own copy of this
// module: the one instance lives in the process state.
type Holder = { opening?: Promise<OpenDb> };

function holder(): Holder {
  return processState<Holder>("db.client", () => ({}));
}

/** DATABASE_URL selects PostgreSQL; otherwise embedded PGlite under WARROOM_DATA_DIR. */
export function resolveDbConfig(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: "postgres", url };
  const configured = env.WARROOM_DATA_DIR?.trim();
  // turbopackIgnore keeps output tracing from copying a live database into a standalone build.
  const dataDir = configured
    ? path.resolve(configured)
    : path.join(/* turbopackIgnore: true */ process.cwd(), ".warroom", "pglite");
  return { kind: "pglite", dataDir };
}

/** The process-wide client; the first call opens the database and applies pending migrations. */
export function getDb(): Promise<PrismaClient> {
  const h = holder();
  if (!h.opening) {
    const opening = openDb(resolveDbConfig()).catch((error: unknown) => {
      if (h.opening === opening) h.opening = undefined; // let a later call retry
      throw error;
    });
    h.opening = opening;
  }
  return h.opening.then((db) => db.client);
}

/** Closes the client (and PGlite) and releases the data-directory lock. Safe to call twice. */
export async function closeDb(): Promise<void> {
  const h = holder();
  const opening = h.opening;
  h.opening = undefined;
  const db = await opening?.catch(() => null);
  await db?.close();
}

export async function describeDb(): Promise<DbDescription> {
  const client = await getDb();
  const db = await holder().opening;
  const rows = await client.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at`;
  return {
    kind: db?.kind ?? resolveDbConfig().kind,
    location: db?.location ?? "",
    migrations: rows.map((r) => r.migration_name),
  };
}

/** Opens a database without touching the process-wide instance (tests, scripts). */
export async function openDb(config: DbConfig): Promise<OpenDb> {
  return config.kind === "postgres" ? openPostgres(config) : openPglite(config);
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "";
    return u.toString().replace(/:@/, "@");
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

async function openPostgres(config: Extract<DbConfig, { kind: "postgres" }>): Promise<OpenDb> {
  const session = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 10_000 });
  session.on("error", () => undefined); // a dropped connection surfaces through the failing query
  await session.connect();
  try {
    logReport(await applyMigrations(pgExecutor(session), config.migrationsDir));
  } finally {
    await session.end().catch(() => undefined);
  }
  const adapter = new PrismaPg(
    {
      connectionString: config.url,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      max: 10,
      keepAlive: true,
    },
    { onPoolError: () => undefined },
  );
  const client = new PrismaClient({ adapter });
  return { client, kind: "postgres", location: redactUrl(config.url), close: () => client.$disconnect() };
}

/**
 * PostgreSQL's default 128 MB of shared buffers lives in PGlite's wasm memory, inside the dashboard's RSS:
 * 16 MB holds a launch day's hot pages and saves ~120 MB on the host the dashboard watches.
 */
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];

async function openPglite(config: Extract<DbConfig, { kind: "pglite" }>): Promise<OpenDb> {
  const lock = acquireDataDirLock(config.dataDir); // also creates the parent directories
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create({ dataDir: config.dataDir, startParams: PGLITE_START_PARAMS });
    logReport(await applyMigrations(pgliteExecutor(pglite), config.migrationsDir));
    const client = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const opened = pglite;
    const close = async () => {
      try {
        await client.$disconnect();
        await opened.close();
      } finally {
        lock.release();
      }
    };
    return { client, kind: "pglite", location: config.dataDir, close };
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}

function logReport(report: MigrationReport): void {
  if (report.applied.length > 0)
    log().info({ event: "migrations-applied", names: report.applied }, "applied migrations");
  if (report.edited.length > 0) {
    log().warn(
      { event: "migrations-edited", names: report.edited },
      "migrations edited after they were applied (checksum differs)",
    );
  }
  if (report.unknown.length > 0) {
    log().warn(
      { event: "migrations-unknown", names: report.unknown },
      "migrations recorded in the database but missing here",
    );
  }
}
