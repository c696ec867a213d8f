import { Redis } from "ioredis";
import pg from "pg";

export const DEPENDENCY_TIMEOUT_MS = 2000;
/** Above this the database counts as degraded, as the deploy runbook's "db_response_ms < 500". */
export const DB_DEGRADED_MS = 500;
/** Under db-slow the ping is a real server-side sleep of this long. */
export const DB_SLOW_SECONDS = 0.85;

export type DependencyReport = {
  status: "healthy" | "degraded" | "unhealthy";
  dbMs: number;
  db: "ok" | "degraded" | "error";
  redis: "ok" | "error";
  errors: string[];
};

export type DependencyChecker = {
  check: (opts: { isDbSlow: boolean }) => Promise<DependencyReport>;
  close: () => Promise<void>;
};

/**
 * /health/detailed against the real servers: a query through PgBouncer and a Redis PING, each bounded.
 * Connection errors go to `logError` (the container's log), as the real API's would.
 */
export function createDependencyChecker(opts: {
  dbUrl: string;
  redisUrl: string;
  logError: (line: string) => void;
  timeoutMs?: number;
}): DependencyChecker {
  const timeoutMs = opts.timeoutMs ?? DEPENDENCY_TIMEOUT_MS;
  const redis = new Redis(opts.redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastRedisError = "";
  redis.on("error", (err: Error) => {
    if (err.message === lastRedisError) return;
    lastRedisError = err.message;
    opts.logError(`redis: ${err.message}`);
  });
  redis.on("ready", () => {
    lastRedisError = "";
  });
  redis.connect().catch(() => undefined);

  const pingDb = async (isDbSlow: boolean) => {
    const started = performance.now();
    const client = new pg.Client({ connectionString: opts.dbUrl, connectionTimeoutMillis: timeoutMs });
    client.on("error", () => undefined);
    try {
      await withTimeout(client.connect(), timeoutMs, "database connect");
      const queried = performance.now();
      const sql = isDbSlow ? `SELECT pg_sleep(${DB_SLOW_SECONDS})` : "SELECT 1";
      await withTimeout(client.query(sql), timeoutMs + DB_SLOW_SECONDS * 1000, "database query");
      return { ms: Math.round(performance.now() - queried), error: null };
    } catch (err) {
      return { ms: Math.round(performance.now() - started), error: messageOf(err) };
    } finally {
      client.end().catch(() => undefined);
    }
  };
  const pingRedis = async () => {
    try {
      await withTimeout(redis.ping(), timeoutMs, "redis ping");
      await withTimeout(readThroughCache(redis), timeoutMs, "redis cache read");
      return null;
    } catch (err) {
      return messageOf(err);
    }
  };

  return {
    async check({ isDbSlow }) {
      const [db, redisError] = await Promise.all([pingDb(isDbSlow), pingRedis()]);
      const errors = [db.error && `db: ${db.error}`, redisError && `redis: ${redisError}`].filter(
        (e): e is string => typeof e === "string",
      );
      if (db.error) opts.logError(`database: ${db.error}`);
      const dbState = db.error ? "error" : db.ms >= DB_DEGRADED_MS ? "degraded" : "ok";
      const status =
        dbState === "error" ? "unhealthy" : dbState === "degraded" || redisError ? "degraded" : "healthy";
      return { status, dbMs: db.ms, db: dbState, redis: redisError ? "error" : "ok", errors };
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** A cached read like the real API's catalog cache, so Redis has keyspace hits and misses to rate. */
export const HEALTH_CACHE_KEY = "cache:health:catalog";

async function readThroughCache(redis: Redis): Promise<void> {
  if ((await redis.get(HEALTH_CACHE_KEY)) === null) await redis.set(HEALTH_CACHE_KEY, "1", "EX", 60);
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return messageOf(err.errors[0]);
  return err instanceof Error ? err.message || err.name : String(err);
}
