import "server-only";
import { randomUUID } from "node:crypto";
import {
  assertPostgresLockfile,
  defaultMigrationsDir,
  listMigrationFiles,
  scriptMatchesChecksum,
} from "@/lib/db/migration-files";
import type { SqlExecutor } from "@/lib/db/sql-executor";

// Keeps Prisma's own bookkeeping so that `prisma migrate deploy/status` agree with us:
// same table DDL, same advisory lock key, same row life cycle (see prisma-engines apply_migrations).
const PRISMA_LOCK_KEY = 72707369;
const MIGRATIONS_TABLE_DDL = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export type MigrationErrorCode = "FAILED_MIGRATION" | "APPLY_FAILED" | "LOCK_TIMEOUT" | "SCHEMA_NOT_EMPTY";

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly migration: string | null = null,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export type MigrationReport = {
  /** Applied by this run, in order. */
  applied: string[];
  /** Every migration now recorded as finished, in order. */
  all: string[];
  /** Applied earlier, but the file's checksum no longer matches the recorded one. */
  edited: string[];
  /** Recorded in the database but absent from the directory. */
  unknown: string[];
};

type MigrationRow = {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
};

/**
 * Applies `<dir>/<name>/migration.sql` in name order, each once, the way `prisma migrate deploy`
 * does. A row left started-but-unfinished (crash) or failed blocks every later run until someone
 * resolves it (`prisma migrate resolve`, or deleting/marking the row rolled back).
 */
export async function applyMigrations(
  exec: SqlExecutor,
  dir: string = defaultMigrationsDir(),
  opts: { lockTimeoutMs?: number } = {},
): Promise<MigrationReport> {
  await assertPostgresLockfile(dir);
  const files = await listMigrationFiles(dir);
  await acquireLock(exec, opts.lockTimeoutMs ?? 10_000);
  try {
    await ensureMigrationsTable(exec);
    const rows = await exec.query<MigrationRow>(
      `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at, logs
         FROM _prisma_migrations ORDER BY started_at ASC`,
    );
    assertNoFailedMigration(rows);
    const live = rows.filter((r) => r.rolled_back_at === null);
    const liveNames = new Set(live.map((r) => r.migration_name));
    const fileNames = new Set(files.map((f) => f.name));
    const edited = files
      .filter((f) =>
        live.some((r) => r.migration_name === f.name && !scriptMatchesChecksum(f.script, r.checksum)),
      )
      .map((f) => f.name);
    const unknown = live.filter((r) => !fileNames.has(r.migration_name)).map((r) => r.migration_name);

    const applied: string[] = [];
    for (const file of files.filter((f) => !liveNames.has(f.name))) {
      await applyOne(exec, file.name, file.script, file.checksum);
      applied.push(file.name);
    }
    const all = [...live.map((r) => r.migration_name), ...applied];
    return { applied, all, edited, unknown };
  } finally {
    await exec.query("SELECT pg_advisory_unlock($1)", [PRISMA_LOCK_KEY]).catch(() => undefined);
  }
}

async function applyOne(exec: SqlExecutor, name: string, script: string, checksum: string): Promise<void> {
  const id = randomUUID();
  await exec.query(
    "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, $3, $4)",
    [id, checksum, new Date(), name],
  );
  try {
    await exec.exec(script);
  } catch (error) {
    const logs = describeDbError(name, error);
    const recordLogs = () => exec.query("UPDATE _prisma_migrations SET logs = $1 WHERE id = $2", [logs, id]);
    // A script with its own BEGIN leaves the session in an aborted transaction: roll it back first.
    await recordLogs().catch(async () => {
      await exec.exec("ROLLBACK");
      await recordLogs();
    });
    throw new MigrationError("APPLY_FAILED", logs, name);
  }
  await exec.query(
    "UPDATE _prisma_migrations SET applied_steps_count = applied_steps_count + 1 WHERE id = $1",
    [id],
  );
  await exec.query("UPDATE _prisma_migrations SET finished_at = $1 WHERE id = $2", [new Date(), id]);
}

async function acquireLock(exec: SqlExecutor, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
    const [row] = await exec.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_LOCK_KEY,
    ]);
    if (row?.locked) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        "LOCK_TIMEOUT",
        `timed out after ${timeoutMs} ms waiting for the migration advisory lock (pg_advisory_lock(${PRISMA_LOCK_KEY})): another process is migrating this database`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function ensureMigrationsTable(exec: SqlExecutor): Promise<void> {
  const tables = await exec.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  if (tables.some((t) => t.table_name === "_prisma_migrations")) return;
  if (tables.length > 0) {
    // Prisma's P3005: never run the first migration over tables it did not create.
    throw new MigrationError(
      "SCHEMA_NOT_EMPTY",
      `the database schema is not empty (tables: ${tables.map((t) => t.table_name).join(", ")}) and has no _prisma_migrations table; refusing to migrate it`,
    );
  }
  await exec.exec(MIGRATIONS_TABLE_DDL);
}

function assertNoFailedMigration(rows: MigrationRow[]): void {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  const [first] = failed;
  if (!first) return;
  const details = failed
    .map((r) => {
      const logs = r.logs?.trim()
        ? ` with the following logs:\n${r.logs.trim()}`
        : " (no logs: it may have crashed or still be running)";
      return `The \`${r.migration_name}\` migration started at ${new Date(r.started_at).toISOString()} failed${logs}`;
    })
    .join("\n");
  throw new MigrationError(
    "FAILED_MIGRATION",
    `found failed migrations in the target database, new migrations will not be applied.\n${details}\nResolve it first (fix the database, then \`prisma migrate resolve --applied|--rolled-back ${first.migration_name}\`, or mark its _prisma_migrations row rolled back).`,
    first.migration_name,
  );
}

function describeDbError(name: string, error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; position?: unknown };
  const code = typeof e.code === "string" ? e.code : "unknown";
  const message = typeof e.message === "string" ? e.message : String(error);
  const position = e.position ? `\n\nPosition: ${String(e.position)}` : "";
  return `Migration \`${name}\` failed to apply cleanly.\n\nDatabase error code: ${code}\n\nDatabase error:\n${message}${position}`;
}
