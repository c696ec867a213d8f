import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError } from "@/lib/db/migrate";
import { checksumOf, defaultMigrationsDir, listMigrationFiles } from "@/lib/db/migration-files";
import type { SqlExecutor } from "@/lib/db/sql-executor";
import { pgliteBackend, postgresBackend } from "@/test/support/test-backends";

const MIGRATIONS = defaultMigrationsDir();

async function tempMigrationsDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "warroom-migrations-"));
  await cp(MIGRATIONS, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

type Row = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

const rowsOf = (exec: SqlExecutor) => exec.query<Row>("SELECT * FROM _prisma_migrations ORDER BY started_at");

describe.each([postgresBackend(), pgliteBackend()])("applyMigrations on $name", (backend) => {
  const dirs: string[] = [];
  beforeAll(() => backend.setup());
  afterAll(async () => {
    await backend.teardown();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  const tempDir = async () => {
    const d = await tempMigrationsDir();
    dirs.push(d);
    return d;
  };

  it("applies every migration once and records rows exactly like Prisma", async () => {
    const { exec } = await backend.fresh();
    const files = await listMigrationFiles(MIGRATIONS);
    expect(files.length).toBeGreaterThan(0);

    const first = await applyMigrations(exec, MIGRATIONS);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const rows = await rowsOf(exec);
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const file = files[i];
      if (!file) throw new Error("missing file");
      const bytes = await readFile(path.join(MIGRATIONS, file.name, "migration.sql"));
      expect(row.migration_name).toBe(file.name);
      expect(row.checksum).toBe(checksumOf(bytes));
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
    }

    const again = await applyMigrations(exec, MIGRATIONS);
    expect(again).toEqual({ applied: [], all: first.all, edited: [], unknown: [] });
    expect(await rowsOf(exec)).toEqual(rows);
  });

  it("creates _prisma_migrations with Prisma's exact column definitions", async () => {
    const { exec } = await backend.fresh();
    await applyMigrations(exec, MIGRATIONS);
    const cols = await exec.query(
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
         FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(cols).toEqual([
      { column_name: "id", data_type: "character varying", len: 36, is_nullable: "NO", column_default: null },
      {
        column_name: "checksum",
        data_type: "character varying",
        len: 64,
        is_nullable: "NO",
        column_default: null,
      },
      {
        column_name: "finished_at",
        data_type: "timestamp with time zone",
        len: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "migration_name",
        data_type: "character varying",
        len: 255,
        is_nullable: "NO",
        column_default: null,
      },
      { column_name: "logs", data_type: "text", len: null, is_nullable: "YES", column_default: null },
      {
        column_name: "rolled_back_at",
        data_type: "timestamp with time zone",
        len: null,
        is_nullable: "YES",
        column_default: null,
      },
      {
        column_name: "started_at",
        data_type: "timestamp with time zone",
        len: null,
        is_nullable: "NO",
        column_default: "now()",
      },
      {
        column_name: "applied_steps_count",
        data_type: "integer",
        len: null,
        is_nullable: "NO",
        column_default: "0",
      },
    ]);
  });

  it("records a failing migration, rolls its script back, and blocks later runs naming it", async () => {
    const { exec } = await backend.fresh();
    const dir = await tempDir();
    await applyMigrations(exec, dir);
    await addMigration(
      dir,
      "20990101000000_broken",
      'CREATE TABLE "Half" (id INT);\nSELECT no_such_function();\n',
    );

    const failure = await applyMigrations(exec, dir).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect(failure).toMatchObject({ code: "APPLY_FAILED", migration: "20990101000000_broken" });
    expect((failure as Error).message).toContain("no_such_function");
    const broken = (await rowsOf(exec)).find((r) => r.migration_name === "20990101000000_broken");
    expect(broken).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(broken?.logs).toContain("42883");
    const half = await exec.query("SELECT to_regclass('\"Half\"') AS t");
    expect(half).toEqual([{ t: null }]); // the script ran as one implicit transaction

    // Even once the file is fixed, the failed row blocks everything until it is resolved.
    await writeFile(
      path.join(dir, "20990101000000_broken", "migration.sql"),
      'CREATE TABLE "Half" (id INT);\n',
    );
    const blocked = await applyMigrations(exec, dir).catch((e: unknown) => e);
    expect(blocked).toMatchObject({ code: "FAILED_MIGRATION", migration: "20990101000000_broken" });
    expect((blocked as Error).message).toMatch(/`20990101000000_broken` migration started at .* failed/);

    // `prisma migrate resolve --rolled-back` marks the row; the fixed migration then applies.
    await exec.query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [
      "20990101000000_broken",
    ]);
    const resolved = await applyMigrations(exec, dir);
    expect(resolved.applied).toEqual(["20990101000000_broken"]);
    expect((await rowsOf(exec)).filter((r) => r.migration_name === "20990101000000_broken")).toHaveLength(2);
  });

  it("treats a started-but-unfinished row (a crash mid-migration) as blocking", async () => {
    const { exec } = await backend.fresh();
    const dir = await tempDir();
    await applyMigrations(exec, dir);
    await exec.query(
      "INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)",
      ["00000000-0000-4000-8000-000000000000", "0".repeat(64), "20990202000000_crashed"],
    );
    await expect(applyMigrations(exec, dir)).rejects.toMatchObject({
      code: "FAILED_MIGRATION",
      migration: "20990202000000_crashed",
    });
  });

  it("reports an applied migration whose file changed, and one missing from the directory", async () => {
    const { exec } = await backend.fresh();
    const dir = await tempDir();
    await applyMigrations(exec, dir);
    const [first] = await listMigrationFiles(dir);
    if (!first) throw new Error("no migrations");
    await writeFile(path.join(dir, first.name, "migration.sql"), `${first.script}\n-- edited\n`);
    await exec.query(
      "INSERT INTO _prisma_migrations (id, checksum, started_at, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), now(), $3, 1)",
      ["00000000-0000-4000-8000-000000000001", "0".repeat(64), "20000101000000_gone"],
    );
    const report = await applyMigrations(exec, dir);
    expect(report.edited).toEqual([first.name]);
    expect(report.unknown).toEqual(["20000101000000_gone"]);
    expect(report.applied).toEqual([]);

    // Line-ending changes alone (git on Windows) are not edits, as in Prisma.
    await writeFile(path.join(dir, first.name, "migration.sql"), first.script.replaceAll("\n", "\r\n"));
    expect((await applyMigrations(exec, dir)).edited).toEqual([]);
  });

  it("refuses a non-empty schema that Prisma never migrated", async () => {
    const { exec } = await backend.fresh();
    await exec.exec('CREATE TABLE "Stranger" (id INT)');
    await expect(applyMigrations(exec, MIGRATIONS)).rejects.toMatchObject({ code: "SCHEMA_NOT_EMPTY" });
  });

  it("makes the Event table append-only in the database", async () => {
    const { exec } = await backend.fresh();
    await applyMigrations(exec, MIGRATIONS);
    await exec.query(`INSERT INTO "Event" (kind, message) VALUES ('test', 'first')`);
    for (const sql of [`UPDATE "Event" SET message = 'changed'`, `DELETE FROM "Event"`, `TRUNCATE "Event"`]) {
      await expect(exec.query(sql)).rejects.toThrow(
        /the "Event" table is append-only: (UPDATE|DELETE|TRUNCATE) is refused/,
      );
    }
    expect(await exec.query(`SELECT message, data FROM "Event"`)).toEqual([{ message: "first", data: {} }]);
  });
});
