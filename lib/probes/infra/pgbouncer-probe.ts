import "server-only";
import type { Evidence } from "@/lib/model/probe";
import { elapsedSince } from "@/lib/probes/infra/deadline";
import type { InfraProbe } from "@/lib/probes/infra/infra-probe";
import { failedResult, type InfraFailure } from "@/lib/probes/infra/infra-result";
import { withPgClient } from "@/lib/probes/infra/pg-session";
import { poolSizeOf, readStats, sumPools } from "@/lib/probes/infra/pgbouncer-parse";
import { finishResult, thresholdVerdict, unknownResult, verdict, withUnit } from "@/lib/probes/result";

/** Pool usage % and queued clients from PgBouncer's admin console (incident §2.3). Simple protocol only. */
export const probePgbouncer: InfraProbe<"pgbouncer"> = async (check, ctx) => {
  const endpoint = `${check.host}:${check.port}`;
  const started = performance.now();
  const session = await withPgClient(
    {
      host: check.host,
      port: check.port,
      user: check.user,
      password: check.password,
      database: "pgbouncer",
      endpoint,
      isPgBouncer: true,
    },
    ctx,
    async (client) => {
      // No parameters: the admin console rejects the extended query protocol (08P01).
      const pools = await client.query("SHOW POOLS");
      const stats = await client.query("SHOW STATS");
      const databases = await client.query("SHOW DATABASES");
      return { pools: pools.rows, stats: stats.rows, databases: databases.rows };
    },
  );
  const evidence: Evidence = {
    url: `pgbouncer://${endpoint}/${check.database}`,
    latencyMs: elapsedSince(started),
  };
  if (!session.ok) return failedResult(adminConsoleFailure(session, endpoint, check.user), evidence);

  const { pools, stats, databases } = session.value;
  const totals = sumPools(pools, check.database, check.poolUser);
  if (!totals.ok) return unknownResult(`${endpoint}: ${totals.error}`, evidence);
  const configured = poolSizeOf(databases, check.database);
  if (configured === null) {
    return unknownResult(
      `PgBouncer at ${endpoint} has no database "${check.database}" (SHOW DATABASES)`,
      evidence,
    );
  }
  const pool = totals.value;
  if (pool === null) {
    const who = check.poolUser ? ` for user "${check.poolUser}"` : "";
    return unknownResult(
      `no pool "${check.database}"${who} on ${endpoint} yet (a pool appears after its first client connects)`,
      evidence,
    );
  }

  const maxPool = check.maxPool ?? configured;
  const used = check.usageOf === "sv_active" ? pool.svActive : pool.clActive;
  const usage = Math.round((1000 * used) / maxPool) / 10;
  const maxwait = Math.round(pool.maxwaitSec * 1000) / 1000;
  const poolStats = readStats(stats, check.database);
  Object.assign(evidence, {
    cl_active: pool.clActive,
    cl_waiting: pool.clWaiting,
    sv_active: pool.svActive,
    sv_idle: pool.svIdle,
    sv_used: pool.svUsed,
    sv_login: pool.svLogin,
    maxwaitSec: maxwait,
    maxPool,
    usageOf: check.usageOf,
    poolMode: pool.poolMode,
    users: pool.users.join(","),
    avgQueryMs: poolStats?.avgQueryMs,
    avgWaitMs: poolStats?.avgWaitMs,
    totalXacts: poolStats?.totalXacts,
  });

  const waiting = verdict(
    "[cl_waiting] == 0",
    String(pool.clWaiting),
    pool.clWaiting === 0,
    "crit",
    `${pool.clWaiting} client${pool.clWaiting === 1 ? "" : "s"} waiting for a server connection in pool ${check.database} (maxwait ${withUnit(maxwait, "s")}, ${used}/${maxPool} ${check.usageOf})`,
  );
  const usageVerdict = thresholdVerdict(
    `pool usage (${check.usageOf}/${maxPool})`,
    usage,
    "%",
    check.thresholds,
  );
  return finishResult({
    verdicts: [waiting, usageVerdict],
    value: usage,
    unit: "%",
    evidence,
    okSummary: `pool ${check.database}: ${used}/${maxPool} ${check.usageOf} (${withUnit(usage, "%")}), 0 waiting, cl_active ${pool.clActive}`,
  });
};

function adminConsoleFailure(failure: InfraFailure, endpoint: string, user: string): InfraFailure {
  const reason = failure.reason;
  // PgBouncer reports its own refusals as 08P01 with a plain message.
  if (/not allowed/i.test(reason)) {
    return {
      level: "unknown",
      condition: "[AUTH] admin console allows user",
      reason: `PgBouncer admin console at ${endpoint} refused user "${user}": not allowed (not in admin_users or stats_users)`,
    };
  }
  if (/password authentication failed|SASL authentication failed/i.test(reason)) {
    return {
      level: "unknown",
      condition: "[AUTH] succeeds",
      reason: `authentication failed for user "${user}" on PgBouncer ${endpoint} (wrong password?)`,
    };
  }
  if (
    /database "pgbouncer" does not exist|unrecognized configuration parameter "pools"|no such database/i.test(
      reason,
    )
  ) {
    return {
      level: "unknown",
      condition: "[TARGET] is a PgBouncer admin console",
      reason: `${endpoint} is not a PgBouncer admin console (${reason.replace(`${endpoint}: `, "")})`,
    };
  }
  return failure;
}
