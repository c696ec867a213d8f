import { z } from "zod";

// The admin console answers int4 columns as numbers and bigint ones as strings: accept both.
const count = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: "custom", message: `not a number: ${v}` });
    return z.NEVER;
  }
  return n;
});
const optionalCount = count.nullish().transform((v) => v ?? 0);

const poolRowSchema = z.object({
  database: z.string(),
  user: z.string(),
  cl_active: count,
  cl_waiting: count,
  sv_active: count,
  sv_idle: optionalCount,
  sv_used: optionalCount,
  sv_login: optionalCount,
  maxwait: count,
  maxwait_us: optionalCount,
  pool_mode: z.string().nullish(),
});

export type PoolTotals = {
  clActive: number;
  clWaiting: number;
  svActive: number;
  svIdle: number;
  svUsed: number;
  svLogin: number;
  /** Longest wait of a queued client, seconds (maxwait + maxwait_us / 1e6), the worst user's. */
  maxwaitSec: number;
  users: string[];
  poolMode: string | null;
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Sum the SHOW POOLS rows of one database (and user); `null` value when it has no row yet. */
export function sumPools(rows: unknown[], database: string, user?: string): Parsed<PoolTotals | null> {
  const mine = rows.filter(
    (r) => isRecord(r) && r.database === database && (user === undefined || r.user === user),
  );
  const totals: PoolTotals = {
    clActive: 0,
    clWaiting: 0,
    svActive: 0,
    svIdle: 0,
    svUsed: 0,
    svLogin: 0,
    maxwaitSec: 0,
    users: [],
    poolMode: null,
  };
  for (const raw of mine) {
    const row = poolRowSchema.safeParse(raw);
    if (!row.success) return { ok: false, error: describeIssue("SHOW POOLS", row.error) };
    const r = row.data;
    totals.clActive += r.cl_active;
    totals.clWaiting += r.cl_waiting;
    totals.svActive += r.sv_active;
    totals.svIdle += r.sv_idle;
    totals.svUsed += r.sv_used;
    totals.svLogin += r.sv_login;
    totals.maxwaitSec = Math.max(totals.maxwaitSec, r.maxwait + r.maxwait_us / 1e6);
    totals.users.push(r.user);
    totals.poolMode = r.pool_mode ?? totals.poolMode;
  }
  return { ok: true, value: mine.length === 0 ? null : totals };
}

const databaseRowSchema = z.object({ name: z.string(), pool_size: count });

/** pool_size of one database from SHOW DATABASES (the effective size, default_pool_size when unset). */
export function poolSizeOf(rows: unknown[], database: string): number | null {
  for (const raw of rows) {
    const row = databaseRowSchema.safeParse(raw);
    if (row.success && row.data.name === database) return row.data.pool_size;
  }
  return null;
}

const statsRowSchema = z.object({
  database: z.string(),
  total_xact_count: count,
  total_query_count: count,
  avg_xact_time: optionalCount,
  avg_query_time: optionalCount,
  avg_wait_time: optionalCount,
});

export type PoolStats = {
  totalXacts: number;
  totalQueries: number;
  /** Averages over the last stats period (microseconds in PgBouncer), in ms. */
  avgXactMs: number;
  avgQueryMs: number;
  avgWaitMs: number;
};

export function readStats(rows: unknown[], database: string): PoolStats | null {
  for (const raw of rows) {
    const row = statsRowSchema.safeParse(raw);
    if (!row.success || row.data.database !== database) continue;
    const r = row.data;
    return {
      totalXacts: r.total_xact_count,
      totalQueries: r.total_query_count,
      avgXactMs: r.avg_xact_time / 1000,
      avgQueryMs: r.avg_query_time / 1000,
      avgWaitMs: r.avg_wait_time / 1000,
    };
  }
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function describeIssue(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return `unexpected ${what} row: ${issue?.path.join(".") || "row"}: ${issue?.message ?? "invalid"}`;
}
