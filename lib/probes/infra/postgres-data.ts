import "server-only";
import type { ProbeResult } from "@/lib/model/probe";
import { readAlembicHeads } from "@/lib/probes/infra/alembic-heads";
import { errorCode, errorMessage } from "@/lib/probes/infra/deadline";
import type { PgCheckOf, PgMeasure } from "@/lib/probes/infra/postgres-probe";
import {
  excerpt,
  finishResult,
  thresholdVerdict,
  unknownResult,
  verdict,
  withUnit,
} from "@/lib/probes/result";

const UNDEFINED_TABLE = "42P01";

/** "public.products" → "public"."products" (the schema already restricts names to [A-Za-z0-9_]). */
export function quoteIdentifier(name: string): string {
  return name
    .split(".")
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join(".");
}

/**
 * The alembic version table holds the expected revision: the head of `versionsDir` (deploy §2 step 4: the
 * latest migration file), else the pinned `expected` (launch-day §1.3: 036_add_bulk_ingestion_jobs).
 */
export const measureMigrationVersion: PgMeasure<"migration-version"> = async (check, client, mc) => {
  const { endpoint, evidence } = mc;
  const head = await expectedRevision(check);
  if (!head.ok) return head.result;
  const expected = head.revision;
  if (check.versionsDir) evidence.versionsDir = check.versionsDir;
  let versions: string[];
  try {
    const res = await client.query<{ v: string | null }>(
      `SELECT ${quoteIdentifier(check.column)}::text AS v FROM ${quoteIdentifier(check.table)}`,
    );
    versions = res.rows.map((r) => r.v ?? "(null)");
  } catch (err) {
    if (errorCode(err) !== UNDEFINED_TABLE) throw err;
    const why = `table ${check.table} does not exist on ${endpoint} (no migrations applied?)`;
    return finishResult({
      verdicts: [verdict(`[TABLE] ${check.table} exists`, "missing", false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  }
  const shown = versions.join(", ") || "(empty)";
  Object.assign(evidence, { versions: shown, expected });
  const ok = versions.includes(expected);
  const why =
    versions.length === 0
      ? `${check.table} is empty on ${endpoint} (expected ${expected})`
      : `migration version ${shown} on ${endpoint}, expected ${expected}`;
  return finishResult({
    verdicts: [verdict(`[${check.table}] == ${expected}`, shown, ok, "crit", why)],
    value: shown,
    unit: null,
    evidence,
    okSummary: `migration version ${shown} (${check.versionsDir ? "the latest head" : "as expected"})`,
  });
};

type Head = { ok: true; revision: string } | { ok: false; result: ProbeResult };

/** The head of versionsDir when set: unreadable or empty is unknown, several heads (no merge) is crit. */
async function expectedRevision(check: PgCheckOf<"migration-version">): Promise<Head> {
  if (!check.versionsDir) return { ok: true, revision: check.expected ?? "" };
  const dir = check.versionsDir;
  const evidence = { versionsDir: dir };
  let found: { heads: string[]; scripts: number };
  try {
    found = await readAlembicHeads(dir);
  } catch (err) {
    return {
      ok: false,
      result: unknownResult(`cannot read the migrations in ${dir}: ${errorMessage(err)}`, evidence),
    };
  }
  const [only, ...more] = found.heads;
  if (only === undefined) {
    return { ok: false, result: unknownResult(`no alembic migration scripts in ${dir}`, evidence) };
  }
  if (more.length > 0) {
    const why = `${found.heads.length} alembic heads in ${dir} (${found.heads.join(", ")}): a merge migration is missing`;
    const result = finishResult({
      verdicts: [verdict("[HEADS] == 1", String(found.heads.length), false, "crit", why)],
      value: null,
      unit: null,
      evidence: { ...evidence, heads: found.heads.join(", ") },
      okSummary: why,
    });
    return { ok: false, result };
  }
  return { ok: true, revision: only };
}

/** Rows in a table against a floor (launch-day §1.3: products > 1.3M); exact count(*) or the planner's estimate. */
export const measureRowCount: PgMeasure<"row-count"> = async (check, client, mc) => {
  const { endpoint, evidence } = mc;
  evidence.method = check.method;
  let rows: number;
  try {
    if (check.method === "exact") {
      const res = await client.query<{ n: string }>(
        `SELECT count(*)::bigint AS n FROM ${quoteIdentifier(check.table)}`,
      );
      rows = Number(res.rows[0]?.n);
    } else {
      const res = await client.query<{ n: number | null }>(
        "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass($1)",
        [check.table],
      );
      const first = res.rows[0];
      if (!first)
        throw Object.assign(new Error(`relation "${check.table}" does not exist`), { code: UNDEFINED_TABLE });
      if (first.n === null || first.n < 0) {
        return unknownResult(
          `no row estimate for ${check.table} on ${endpoint} yet (never analyzed); use method exact`,
          evidence,
        );
      }
      rows = Math.round(first.n);
    }
  } catch (err) {
    if (errorCode(err) !== UNDEFINED_TABLE) throw err;
    const why = `table ${check.table} does not exist on ${endpoint}`;
    return finishResult({
      verdicts: [verdict(`[TABLE] ${check.table} exists`, "missing", false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  }
  const thresholds = { direction: "below" as const, crit: check.floor, warn: check.warnBelow };
  return finishResult({
    verdicts: [thresholdVerdict(`rows in ${check.table}`, rows, "", thresholds)],
    value: rows,
    unit: "rows",
    evidence,
    okSummary: `${withUnit(rows, "")} rows in ${check.table}${check.method === "estimate" ? " (estimate)" : ""}`,
  });
};

type SlowRow = { query: string; calls: string; mean_ms: number };

/** Statements whose mean execution time exceeds minMeanMs, from pg_stat_statements when installed. */
export const measureSlowQueries: PgMeasure<"slow-queries"> = async (check, client, mc) => {
  const { endpoint, evidence } = mc;
  const ext = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
  if (ext.rowCount === 0) {
    return unknownResult(
      `pg_stat_statements not installed on ${endpoint} (CREATE EXTENSION pg_stat_statements)`,
      evidence,
    );
  }
  let slow: SlowRow[];
  let count: number;
  try {
    const where =
      "mean_exec_time > $1 AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())";
    const total = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_statements WHERE ${where}`,
      [check.minMeanMs],
    );
    count = Number(total.rows[0]?.n ?? 0);
    const top = await client.query<SlowRow>(
      `SELECT query, calls::text AS calls, mean_exec_time::float8 AS mean_ms FROM pg_stat_statements
       WHERE ${where} ORDER BY mean_exec_time DESC LIMIT 3`,
      [check.minMeanMs],
    );
    slow = top.rows;
  } catch (err) {
    // Installed but not preloaded: "pg_stat_statements must be loaded via shared_preload_libraries".
    return unknownResult(`pg_stat_statements unreadable on ${endpoint}: ${errorMessage(err)}`, evidence);
  }
  evidence.minMeanMs = check.minMeanMs;
  evidence.slowStatements = count;
  slow.forEach((r, i) => {
    evidence[`slowest ${i + 1}`] =
      `${withUnit(Math.round(r.mean_ms), "ms")} mean × ${r.calls} calls: ${excerpt(r.query, 160)}`;
  });
  const slowest = slow[0];
  return finishResult({
    verdicts: [thresholdVerdict(`statements slower than ${check.minMeanMs} ms`, count, "", check.thresholds)],
    value: count,
    unit: "",
    evidence,
    okSummary:
      count === 0 || !slowest
        ? `no statement on ${endpoint} averages more than ${withUnit(check.minMeanMs, "ms")}`
        : `${count} statement${count === 1 ? "" : "s"} average more than ${withUnit(check.minMeanMs, "ms")}; slowest ${withUnit(Math.round(slowest.mean_ms), "ms")}`,
  });
};
