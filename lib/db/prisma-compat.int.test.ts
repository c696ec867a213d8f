// Checks our offline tooling against Prisma's own schema engine (wasm, through PGlite):
// the committed migrations match schema.prisma, and Prisma reads our bookkeeping as its own.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "@/lib/db/migrate";
import { defaultMigrationsDir, listMigrationFiles } from "@/lib/db/migration-files";
import { freshPglite, openSchemaEngine, type SchemaEngineHandle } from "@/lib/db/schema-engine";
import { pgliteExecutor } from "@/lib/db/sql-executor";
import { createMigration, loadMigrationList } from "@/scripts/create-migration";

const MIGRATIONS = defaultMigrationsDir();
const SCHEMA = path.join(process.cwd(), "prisma", "schema.prisma");
const FILTERS = { externalTables: [], externalEnums: [] };
const cleanup: Array<() => Promise<void>> = [];
let shared: SchemaEngineHandle;
beforeAll(async () => {
  shared = await openSchemaEngine();
  cleanup.push(() => shared.close());
});
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

async function schemaFiles() {
  return { files: [{ path: SCHEMA, content: await readFile(SCHEMA, "utf8") }] };
}

const COLUMNS_SQL = `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
  FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`;
const ROWS_SQL = `SELECT migration_name, checksum, logs, rolled_back_at, applied_steps_count,
  finished_at IS NOT NULL AS finished, length(id) AS id_length FROM _prisma_migrations ORDER BY migration_name`;

describe("Prisma's schema engine agrees with our migrations and runner", () => {
  it("schema.prisma has no drift from the committed migrations", async () => {
    const list = await loadMigrationList(MIGRATIONS);
    expect(list.lockfile.content).toContain('provider = "postgresql"');
    const diff = await shared.engine.diff({
      from: { tag: "migrations", ...list },
      to: { tag: "schemaDatamodel", ...(await schemaFiles()) },
      script: true,
      exitCode: true,
      filters: FILTERS,
    });
    expect(diff.stdout).toBe("-- This is an empty migration.\n");
    expect(diff.exitCode).toBe(0);
  });

  it("sees migrations applied by our runner as applied, unedited and not failed", async () => {
    const db = await freshPglite();
    cleanup.push(() => db.close());
    const report = await applyMigrations(pgliteExecutor(db), MIGRATIONS);
    expect(report.applied.length).toBeGreaterThan(0);

    const handle = await openSchemaEngine({ db });
    cleanup.push(handle.close);
    const migrationsList = await loadMigrationList(MIGRATIONS);
    const diagnosis = await handle.engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: FILTERS,
    });
    expect(diagnosis).toEqual({
      history: null,
      failedMigrationNames: [],
      editedMigrationNames: [],
      hasMigrationsTable: true,
    });
    expect(await handle.engine.applyMigrations({ migrationsList, filters: FILTERS })).toEqual({
      appliedMigrationNames: [],
    });
  });

  it("writes the same table and rows as `prisma migrate deploy` itself", async () => {
    const ours = await freshPglite();
    const theirs = await freshPglite();
    cleanup.push(
      () => ours.close(),
      () => theirs.close(),
    );
    await applyMigrations(pgliteExecutor(ours), MIGRATIONS);
    const handle = await openSchemaEngine({ db: theirs });
    cleanup.push(handle.close);
    const migrationsList = await loadMigrationList(MIGRATIONS);
    const applied = await handle.engine.applyMigrations({ migrationsList, filters: FILTERS });
    expect(applied.appliedMigrationNames).toEqual((await listMigrationFiles(MIGRATIONS)).map((f) => f.name));

    expect((await ours.query(COLUMNS_SQL)).rows).toEqual((await theirs.query(COLUMNS_SQL)).rows);
    const ourRows = (await ours.query(ROWS_SQL)).rows;
    expect(ourRows.length).toBeGreaterThan(0);
    expect(ourRows).toEqual((await theirs.query(ROWS_SQL)).rows);
  });

  it("create-migration from nothing creates every table of the committed migrations", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "warroom-create-migration-"));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const result = await createMigration({
      name: "init",
      schemaPath: SCHEMA,
      migrationsDir: dir,
      engine: shared,
    });
    if (result.migrationName === null) throw new Error("expected a migration");
    expect(result.migrationName).toMatch(/^\d{14}_init$/);
    const generated = await readFile(result.file, "utf8");
    const committed = await listMigrationFiles(MIGRATIONS);
    expect(committed[0]?.name).toMatch(/_init$/);
    // From nothing, the engine creates every table the committed migrations create (and do not drop) between them.
    const tablesOf = (sql: string) => {
      const dropped = new Set([...sql.matchAll(/DROP TABLE "(\w+)"/g)].map((m) => m[1]));
      return [...sql.matchAll(/CREATE TABLE "(\w+)"/g)]
        .map((m) => m[1])
        .filter((t) => !dropped.has(t))
        .sort();
    };
    expect(tablesOf(generated)).toEqual(tablesOf(committed.map((m) => m.script).join("\n")));
    // The append-only triggers are hand-written additions to the committed files.
    expect(generated).not.toContain("CREATE TRIGGER");
    expect(committed[0]?.script).toContain('CREATE TRIGGER "Event_append_only"');
    expect(await readFile(path.join(dir, "migration_lock.toml"), "utf8")).toBe(
      await readFile(path.join(MIGRATIONS, "migration_lock.toml"), "utf8"),
    );

    // Nothing changed since: no second migration, unless a draft is asked for.
    expect(
      await createMigration({ name: "noop", schemaPath: SCHEMA, migrationsDir: dir, engine: shared }),
    ).toEqual({
      migrationName: null,
    });
    const draft = await createMigration({
      name: "empty_draft",
      schemaPath: SCHEMA,
      migrationsDir: dir,
      draft: true,
      engine: shared,
    });
    if (draft.migrationName === null) throw new Error("expected a draft");
    expect(await readFile(draft.file, "utf8")).toBe("-- This is an empty migration.\n");
  });

  it("rejects a migration name that is not snake_case", async () => {
    await expect(
      createMigration({ name: "Bad Name", schemaPath: SCHEMA, migrationsDir: os.tmpdir() }),
    ).rejects.toThrow(/snake_case/);
  });
});
