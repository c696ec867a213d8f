import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

/**
 * The two things the migration runner needs from one database session. Advisory locks are
 * session-scoped, so an executor must stand for ONE connection (a pg.Client, not a Pool).
 */
export type SqlExecutor = {
  /** One statement with `$1…` parameters; rows as objects. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A script of several statements (simple query protocol: one implicit transaction). */
  exec(script: string): Promise<void>;
};

export function pgExecutor(client: pg.Client | pg.PoolClient): SqlExecutor {
  return {
    query: async <T extends object>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
    exec: async (script) => {
      await client.query(script);
    },
  };
}

export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    query: async <T extends object>(sql: string, params: unknown[] = []) =>
      (await db.query<T>(sql, params)).rows,
    exec: async (script) => {
      await db.exec(script);
    },
  };
}
