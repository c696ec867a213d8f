import "server-only";
import { formatBytes } from "@/lib/model/format-bytes";
import type { PgMeasure } from "@/lib/probes/infra/postgres-probe";
import { finishResult, thresholdVerdict, verdict } from "@/lib/probes/result";

/** User tables by total size, largest first (004 Database Queries: check table sizes). Value: MB in all. */
export const measureTableSizes: PgMeasure<"table-sizes"> = async (check, client, { endpoint, evidence }) => {
  const res = await client.query<{ name: string; bytes: string }>(
    `SELECT schemaname || '.' || tablename AS name,
            pg_total_relation_size(quote_ident(schemaname) || '.' || quote_ident(tablename))::bigint AS bytes
     FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 2 DESC, 1`,
  );
  const tables = res.rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  const total = tables.reduce((a, t) => a + t.bytes, 0);
  const mb = Math.round(total / 104_857.6) / 10;
  for (const t of tables.slice(0, check.top)) evidence[`table ${t.name}`] = formatBytes(t.bytes);
  evidence.tables = tables.length;
  const largest = tables
    .slice(0, check.top)
    .map((t) => `${t.name} ${formatBytes(t.bytes)}`)
    .join(", ");
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict("user tables", mb, " MB", check.thresholds)] : [],
    value: mb,
    unit: "MB",
    evidence,
    okSummary:
      tables.length === 0
        ? `no user tables on ${endpoint}`
        : `${tables.length} user table${tables.length === 1 ? "" : "s"} on ${endpoint}, ${formatBytes(total)} in all; largest: ${largest}`,
  });
};

/** An index on the table that includes the column (004 P1 cause C: indexes on commonly queried columns). */
export const measureIndex: PgMeasure<"index"> = async (check, client, { endpoint, evidence }) => {
  const target = `${check.table}(${check.column})`;
  const exists = await client.query<{ oid: string | null }>("SELECT to_regclass($1)::oid AS oid", [
    check.table,
  ]);
  if (!exists.rows[0]?.oid) {
    const why = `table ${check.table} does not exist on ${endpoint}`;
    return finishResult({
      verdicts: [verdict(`[TABLE] ${check.table} exists`, "missing", false, "crit", why)],
      value: null,
      unit: null,
      evidence,
      okSummary: why,
    });
  }
  const res = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
     WHERE x.indrelid = to_regclass($1) AND a.attname = $2 ORDER BY 1`,
    [check.table, check.column],
  );
  for (const r of res.rows) evidence[`index ${r.name}`] = r.def;
  const names = res.rows.map((r) => r.name);
  const why = `no index on ${target} on ${endpoint}`;
  return finishResult({
    verdicts: [verdict(`[INDEX] on ${target}`, names.join(", ") || "none", names.length > 0, "crit", why)],
    value: names.length,
    unit: "",
    evidence,
    okSummary: `${target} indexed by ${names.join(", ")} on ${endpoint}`,
  });
};
