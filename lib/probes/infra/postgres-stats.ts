import "server-only";
import type pg from "pg";
import { counterDelta, type DbCounters, hitPercent } from "@/lib/probes/infra/pg-stats-math";
import type { PgMeasure } from "@/lib/probes/infra/postgres-probe";
import { finishResult, thresholdVerdict, unknownResult, withUnit } from "@/lib/probes/result";

const COUNTERS_KEY = "pg-stat-database";

type Row = {
  datname: string;
  commits: string;
  rollbacks: string;
  hit: string;
  read: string;
  stats_reset: string | null;
  backends: number;
  temp_bytes: string;
  shared_buffers: string;
};

/** `SELECT * FROM pg_stat_database WHERE datname = current_database()` (003: buffer usage, database load). */
async function readCounters(
  client: pg.Client,
  now: number,
): Promise<{ row: Row; counters: DbCounters } | null> {
  const res = await client.query<Row>(
    `SELECT datname, xact_commit::text AS commits, xact_rollback::text AS rollbacks, blks_hit::text AS hit,
            blks_read::text AS read, coalesce(stats_reset::text, '') AS stats_reset, numbackends AS backends,
            temp_bytes::text AS temp_bytes, current_setting('shared_buffers') AS shared_buffers
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const row = res.rows[0];
  if (!row) return null;
  const counters = {
    at: now,
    statsReset: row.stats_reset ?? "",
    commits: Number(row.commits),
    rollbacks: Number(row.rollbacks),
    hit: Number(row.hit),
    read: Number(row.read),
  };
  return { row, counters };
}

/** Each measure keeps its own previous counters: the state is per check. */
async function sample(client: pg.Client, ctx: Parameters<PgMeasure<"cache-hit">>[2]["ctx"]) {
  const read = await readCounters(client, ctx.now());
  if (!read) return null;
  const delta = counterDelta(ctx.state.get(COUNTERS_KEY) as DbCounters | undefined, read.counters);
  ctx.state.set(COUNTERS_KEY, read.counters);
  return { ...read, delta };
}

/** Buffer cache hit % over the interval since the previous reading when blocks were looked up, else since the statistics began. */
export const measureCacheHit: PgMeasure<"cache-hit"> = async (check, client, { endpoint, evidence, ctx }) => {
  const s = await sample(client, ctx);
  if (!s) return unknownResult(`pg_stat_database has no row for this database on ${endpoint}`, evidence);
  const { row, counters, delta } = s;
  Object.assign(evidence, {
    database: row.datname,
    sharedBuffers: row.shared_buffers,
    blksHit: counters.hit,
    blksRead: counters.read,
    tempBytes: Number(row.temp_bytes),
  });
  const windowed = typeof delta !== "string" && delta.hit + delta.read > 0;
  const [hit, read] = windowed ? [delta.hit, delta.read] : [counters.hit, counters.read];
  evidence.window = windowed ? "since previous reading" : "since statistics began";
  const pct = hitPercent(hit, read);
  if (pct === null) return unknownResult(`no block lookups on ${row.datname} yet (hit rate 0/0)`, evidence);
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict("buffer cache hits", pct, "%", check.thresholds)] : [],
    value: pct,
    unit: "%",
    evidence,
    okSummary: `${row.datname}: ${withUnit(pct, "%")} of block reads from shared_buffers (${row.shared_buffers}; ${hit} hits, ${read} from disk ${evidence.window})`,
  });
};

/** Transactions per second on this database since the previous reading (003: watch for a spike in database load). */
export const measureXactRate: PgMeasure<"xact-rate"> = async (check, client, { endpoint, evidence, ctx }) => {
  const s = await sample(client, ctx);
  if (!s) return unknownResult(`pg_stat_database has no row for this database on ${endpoint}`, evidence);
  const { row, counters, delta } = s;
  Object.assign(evidence, { database: row.datname, backends: row.backends, commits: counters.commits });
  if (typeof delta === "string") return unknownResult(`${row.datname}: ${delta}`, evidence);
  const rate = Math.round((delta.xacts / delta.seconds) * 10) / 10;
  Object.assign(evidence, { transactions: delta.xacts, intervalSec: Math.round(delta.seconds * 10) / 10 });
  return finishResult({
    verdicts: check.thresholds
      ? [thresholdVerdict("transactions per second", rate, "/s", check.thresholds)]
      : [],
    value: rate,
    unit: "/s",
    evidence,
    okSummary: `${row.datname}: ${rate} transactions/s over ${Math.round(delta.seconds)} s, ${row.backends} backends connected`,
  });
};

const quoteIdent = (name: string) =>
  name
    .split(".")
    .map((part) => `"${part}"`)
    .join(".");

/** `SELECT count(*) FROM table WHERE column = $1` (003: notifications WHERE status = 'pending'). */
export const measureCount: PgMeasure<"count"> = async (check, client, { endpoint, evidence }) => {
  const where = check.where ? ` WHERE ${quoteIdent(check.where.column)} = $1` : "";
  const res = await client.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${quoteIdent(check.table)}${where}`,
    check.where ? [check.where.equals] : [],
  );
  const n = Number(res.rows[0]?.n ?? Number.NaN);
  const what = `${check.table}${check.where ? ` with ${check.where.column} = '${check.where.equals}'` : ""}`;
  evidence.table = check.table;
  if (!Number.isFinite(n)) return unknownResult(`count of ${what} unreadable on ${endpoint}`, evidence);
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict(`rows of ${what}`, n, "", check.thresholds)] : [],
    value: n,
    unit: "",
    evidence,
    okSummary: `${n} row${n === 1 ? "" : "s"} of ${what} on ${endpoint}`,
  });
};
