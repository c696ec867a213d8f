import pg from "pg";

export type PoolRow = {
  database: string;
  user: string;
  cl_active: number;
  cl_waiting: number;
  sv_active: number;
  sv_idle: number;
  maxwait: number;
};

/**
 * SHOW POOLS on PgBouncer's admin console. The console speaks only the simple query protocol (a query
 * without parameters) and returns every number as a string.
 */
export async function showPools(adminUrl: string): Promise<PoolRow[]> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const result = await client.query<Record<string, string>>("SHOW POOLS");
    return result.rows.map((r) => ({
      database: String(r.database),
      user: String(r.user),
      cl_active: Number(r.cl_active),
      cl_waiting: Number(r.cl_waiting),
      sv_active: Number(r.sv_active),
      sv_idle: Number(r.sv_idle),
      maxwait: Number(r.maxwait) + Number(r.maxwait_us ?? 0) / 1e6,
    }));
  } finally {
    await client.end().catch(() => undefined);
  }
}
