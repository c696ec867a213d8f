// Applies prisma/migrations to the PostgreSQL database in DATABASE_URL, exactly as the server does
// on start (and as `prisma migrate deploy` would): `npm run db:migrate`
// = `tsx --conditions=react-server scripts/migrate.ts [--dir prisma/migrations]`.
// The react-server condition lets the "server-only" modules of lib/db load outside Next.js.
import path from "node:path";
import pg from "pg";

/** lib/db is marked "server-only"; outside Next.js it loads only under the react-server condition. */
async function loadDbModules() {
  try {
    const [client, migrate, files, executor] = await Promise.all([
      import("@/lib/db/client"),
      import("@/lib/db/migrate"),
      import("@/lib/db/migration-files"),
      import("@/lib/db/sql-executor"),
    ]);
    return { ...client, ...migrate, ...files, ...executor };
  } catch (error) {
    if (String(error).includes("Server Component")) {
      throw new Error(
        "run me with the react-server condition: tsx --conditions=react-server scripts/migrate.ts",
      );
    }
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const { applyMigrations, defaultMigrationsDir, MigrationError, pgExecutor, redactUrl } =
    await loadDbModules();
  const dirFlag = argv.indexOf("--dir");
  const dir =
    dirFlag >= 0 && argv[dirFlag + 1] ? path.resolve(argv[dirFlag + 1] as string) : defaultMigrationsDir();
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    console.error(
      "DATABASE_URL is not set. (The embedded database needs no command: the server migrates it on start.)",
    );
    return 2;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const report = await applyMigrations(pgExecutor(client), dir);
    const target = redactUrl(url);
    if (report.applied.length === 0) console.log(`${target}: up to date (${report.all.length} migrations)`);
    for (const name of report.applied) console.log(`${target}: applied ${name}`);
    for (const name of report.edited) console.warn(`warning: ${name} was edited after it was applied`);
    for (const name of report.unknown)
      console.warn(`warning: ${name} is recorded in the database but not in ${dir}`);
    return 0;
  } catch (error) {
    if (error instanceof MigrationError) {
      console.error(`migration failed (${error.code}): ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
