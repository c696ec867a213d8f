import "server-only";
import { elapsedSince } from "@/lib/probes/infra/deadline";
import type { PgMeasure } from "@/lib/probes/infra/postgres-probe";
import {
  finishResult,
  thresholdVerdict,
  unknownResult,
  type Verdict,
  verdict,
  withUnit,
} from "@/lib/probes/result";

/** SELECT 1 round trip in ms (the connection time is in evidence as connectMs). */
export const measurePing: PgMeasure<"ping"> = async (check, client, { endpoint, evidence }) => {
  const started = performance.now();
  await client.query("SELECT 1");
  const ms = elapsedSince(started);
  evidence.latencyMs = ms;
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict("SELECT 1 latency", ms, "ms", check.thresholds)] : [],
    value: ms,
    unit: "ms",
    evidence,
    okSummary: `SELECT 1 on ${endpoint} in ${withUnit(ms, "ms")}`,
  });
};

/** Client backends by state (incident §2.3), this probe's own connection excluded. */
export const measureActivity: PgMeasure<"activity"> = async (check, client, { endpoint, evidence }) => {
  const res = await client.query<{ state: string; n: number }>(
    `SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
     WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const byState = new Map(res.rows.map((r) => [r.state, Number(r.n)]));
  const total = [...byState.values()].reduce((a, b) => a + b, 0);
  for (const [state, n] of byState) evidence[`state ${state}`] = n;
  evidence.total = total;
  const value = check.state === undefined ? total : (byState.get(check.state) ?? 0);
  const name = check.state === undefined ? "client connections" : `connections ${check.state}`;
  const breakdown = [...byState].map(([s, n]) => `${n} ${s}`).join(", ") || "none";
  return finishResult({
    verdicts: check.thresholds ? [thresholdVerdict(name, value, "", check.thresholds)] : [],
    value,
    unit: "",
    evidence,
    okSummary: `${total} client connection${total === 1 ? "" : "s"} on ${endpoint}: ${breakdown}`,
  });
};

/** Client connections as a % of max_connections. */
export const measureConnections: PgMeasure<"connections"> = async (check, client, { endpoint, evidence }) => {
  const res = await client.query<{ used: number; max: number; reserved: number }>(
    `SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS used,
            current_setting('max_connections')::int AS max,
            current_setting('superuser_reserved_connections')::int AS reserved`,
  );
  const row = res.rows[0];
  if (!row || !(row.max > 0)) return unknownResult(`max_connections unreadable on ${endpoint}`, evidence);
  const pct = Math.round((1000 * row.used) / row.max) / 10;
  Object.assign(evidence, {
    connections: row.used,
    maxConnections: row.max,
    superuserReserved: row.reserved,
  });
  return finishResult({
    verdicts: [thresholdVerdict(`connections (${row.used}/${row.max})`, pct, "%", check.thresholds)],
    value: pct,
    unit: "%",
    evidence,
    okSummary: `${row.used} of ${row.max} connections in use on ${endpoint} (${withUnit(pct, "%")})`,
  });
};

type ReplicaRow = {
  replica: boolean;
  lag_sec: number | null;
  last_replay: Date | null;
  receive_lsn: string | null;
  replay_lsn: string | null;
  receiver: string | null;
};
type SenderRow = { name: string; state: string; replay_lag_sec: number | null; bytes_behind: string | null };

/**
 * On a replica: now() − pg_last_xact_replay_timestamp(), or 0 when everything received is replayed (an
 * idle primary writes nothing, so the timestamp ages without any lag; after a restart the receiver reports
 * the segment start it resumed from, below the replay point, hence <=). On a primary: the worst
 * replay_lag in pg_stat_replication (0 for a standby that replayed everything); none attached → crit.
 */
export const measureReplicationLag: PgMeasure<"replication-lag"> = async (check, client, mc) => {
  const { endpoint, evidence } = mc;
  const res = await client.query<ReplicaRow>(
    `SELECT pg_is_in_recovery() AS replica,
            CASE WHEN NOT pg_is_in_recovery() THEN NULL
                 WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
                 ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag_sec,
            pg_last_xact_replay_timestamp() AS last_replay,
            pg_last_wal_receive_lsn()::text AS receive_lsn,
            pg_last_wal_replay_lsn()::text AS replay_lsn,
            (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver`,
  );
  const row = res.rows[0];
  if (!row) return unknownResult(`no answer to the replication query on ${endpoint}`, evidence);
  if (!row.replica) return lagFromPrimary(check, client, mc);

  Object.assign(evidence, {
    role: "replica",
    walReceiver: row.receiver ?? "none",
    receiveLsn: row.receive_lsn,
    replayLsn: row.replay_lsn,
    lastReplay: row.last_replay ? row.last_replay.toISOString() : null,
  });
  const verdicts: Verdict[] = [
    verdict(
      "[WAL receiver] streaming",
      row.receiver ?? "none",
      row.receiver === "streaming",
      "crit",
      `replica ${endpoint} is not streaming from its primary (WAL receiver: ${row.receiver ?? "none"})`,
    ),
  ];
  if (row.lag_sec === null) {
    return unknownResult(`replica ${endpoint} has not replayed any transaction yet`, evidence);
  }
  const lag = Math.round(Math.max(0, Number(row.lag_sec)) * 1000) / 1000;
  verdicts.push(thresholdVerdict("replication lag", lag, "s", check.thresholds));
  return finishResult({
    verdicts,
    value: lag,
    unit: "s",
    evidence,
    okSummary: `replica ${endpoint} ${lag === 0 ? "caught up (replayed everything received)" : `${withUnit(lag, "s")} behind`}`,
  });
};

async function lagFromPrimary(
  { thresholds, noStandby }: Parameters<PgMeasure<"replication-lag">>[0],
  client: Parameters<PgMeasure<"replication-lag">>[1],
  { endpoint, evidence }: Parameters<PgMeasure<"replication-lag">>[2],
) {
  const res = await client.query<SenderRow>(
    // replay_lag keeps its last value for a while after a standby catches up: 0 once it replayed everything.
    `SELECT coalesce(application_name, '') || '@' || coalesce(client_addr::text, 'local') AS name, state,
            CASE WHEN replay_lsn >= pg_current_wal_lsn() THEN 0
                 ELSE extract(epoch FROM replay_lag)::float8 END AS replay_lag_sec,
            pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::text AS bytes_behind
     FROM pg_stat_replication ORDER BY replay_lag DESC NULLS LAST`,
  );
  evidence.role = "primary";
  evidence.replicas = res.rows.length;
  if (res.rows.length === 0) {
    const why = `${endpoint} is not a replica and no replica streams from it (pg_stat_replication is empty)`;
    if (noStandby === "not-applicable") {
      return unknownResult(`${why}: no standby to catch up, replication does not apply here`, evidence);
    }
    return finishResult({
      verdicts: [verdict("[REPLICAS] attached >= 1", "0", false, "crit", why)],
      value: null,
      unit: "s",
      evidence,
      okSummary: why,
    });
  }
  // NULL replay_lag: no replay timing yet (read as 0; the bytes behind are in evidence).
  const lags = res.rows.map((r) => Math.max(0, Number(r.replay_lag_sec ?? 0)));
  const lag = Math.round(Math.max(...lags) * 1000) / 1000;
  res.rows.forEach((r, i) => {
    evidence[`replica ${i + 1}`] =
      `${r.name} ${r.state} lag ${lags[i] ?? 0}s, ${r.bytes_behind ?? "?"} bytes behind`;
  });
  return finishResult({
    verdicts: [thresholdVerdict("replication lag", lag, "s", thresholds)],
    value: lag,
    unit: "s",
    evidence,
    okSummary: `worst replica of ${endpoint} ${withUnit(lag, "s")} behind (${res.rows.length} attached)`,
  });
}

/**
 * Backends waiting for a lock (003 Database Unreachable: `SELECT * FROM pg_locks`), with the sessions
 * blocking them in evidence: the value is how many wait now.
 */
export const measureLocks: PgMeasure<"locks"> = async (check, client, { endpoint, evidence }) => {
  const res = await client.query<{ pid: number; waited_s: number; blockers: number[]; query: string }>(
    `SELECT pid, extract(epoch FROM now() - state_change)::float8 AS waited_s,
            pg_blocking_pids(pid) AS blockers, left(query, 120) AS query
       FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()
      ORDER BY state_change`,
  );
  const waiting = res.rows.length;
  const blockers = [...new Set(res.rows.flatMap((r) => r.blockers))];
  evidence.waiting = waiting;
  if (blockers.length > 0) {
    const held = await client.query<{ pid: number; app: string; state: string; query: string }>(
      `SELECT pid, application_name AS app, coalesce(state, '') AS state, left(query, 120) AS query
         FROM pg_stat_activity WHERE pid = ANY($1::int[])`,
      [blockers],
    );
    held.rows.forEach((b, i) => {
      evidence[`blocker ${i + 1}`] =
        `pid ${b.pid} (${b.app || "no application_name"}, ${b.state}): ${b.query}`;
    });
  }
  const oldest = res.rows[0];
  if (oldest) evidence.longestWaitS = Math.round(oldest.waited_s);
  return finishResult({
    verdicts: [thresholdVerdict("backends waiting for a lock", waiting, "", check.thresholds)],
    value: waiting,
    unit: "",
    evidence,
    okSummary: `no backend waits for a lock on ${endpoint}`,
  });
};
