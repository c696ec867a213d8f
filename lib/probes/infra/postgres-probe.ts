import "server-only";
import type pg from "pg";
import type { PostgresCheck } from "@/lib/model/infra-checks";
import type { Evidence, ProbeContext, ProbeResult } from "@/lib/model/probe";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult } from "@/lib/probes/infra/infra-result";
import { withPgClient } from "@/lib/probes/infra/pg-session";
import {
  measureMigrationVersion,
  measureRowCount,
  measureSlowQueries,
} from "@/lib/probes/infra/postgres-data";
import {
  measureActivity,
  measureConnections,
  measureLocks,
  measurePing,
  measureReplicationLag,
} from "@/lib/probes/infra/postgres-health";
import { measureCacheHit, measureCount, measureXactRate } from "@/lib/probes/infra/postgres-stats";
import { measureIndex, measureTableSizes } from "@/lib/probes/infra/postgres-tables";
import { endpointOf, redactUrl } from "@/lib/probes/infra/redact-url";

export type PgMeasureName = PostgresCheck["measure"];
export type PgCheckOf<M extends PgMeasureName> = Extract<PostgresCheck, { measure: M }>;
export type PgMeasureContext = { endpoint: string; evidence: Evidence; ctx: ProbeContext };
export type PgMeasure<M extends PgMeasureName> = (
  check: PgCheckOf<M>,
  client: pg.Client,
  mc: PgMeasureContext,
) => Promise<ProbeResult>;

const MEASURES: { [M in PgMeasureName]: PgMeasure<M> } = {
  ping: measurePing,
  activity: measureActivity,
  connections: measureConnections,
  locks: measureLocks,
  "replication-lag": measureReplicationLag,
  "migration-version": measureMigrationVersion,
  "row-count": measureRowCount,
  "slow-queries": measureSlowQueries,
  "table-sizes": measureTableSizes,
  index: measureIndex,
  "cache-hit": measureCacheHit,
  "xact-rate": measureXactRate,
  count: measureCount,
};

/** One connection per cycle (opened, measured, closed); the measure decides what it reads. */
export const probePostgres: InfraProbe<"postgres"> = async (check, ctx) => {
  const endpoint = endpointOf(check.url, 5432);
  const evidence: Evidence = { url: redactUrl(check.url), measure: check.measure };
  const session = await withPgClient({ connectionString: check.url, endpoint }, ctx, (client) =>
    dispatch(check, client, { endpoint, evidence, ctx }),
  );
  if (!session.ok) return failedResult(session, { ...evidence, connectMs: session.connectMs ?? undefined });
  return { ...session.value, evidence: { ...session.value.evidence, connectMs: session.connectMs } };
};

function dispatch<M extends PgMeasureName>(check: PgCheckOf<M>, client: pg.Client, mc: PgMeasureContext) {
  const measure: PgMeasure<M> = MEASURES[check.measure];
  return measure(check, client, mc);
}
