// The PostgreSQL server the bench sections create their throwaway databases on (BENCH_ADMIN_PG_URL).
import pg from "pg";

const ADMIN_PG = process.env.BENCH_ADMIN_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** One statement on the admin database (CREATE / DROP DATABASE), on a connection of its own. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_PG });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the admin server. */
export const benchDbUrl = (name: string) => ADMIN_PG.replace(/\/[^/]*$/, `/${name}`);
