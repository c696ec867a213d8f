import { z } from "zod";
// runbook-schema.ts imports this file, so the shared pieces come from check-base.ts, never back from
// runbook-schema.ts (that would be an import cycle: a TDZ error at start-up).
import {
  CHECK_BASE,
  envName,
  optionalThresholds,
  port,
  regexSource,
  sqlIdentifier,
  thresholdsOr,
} from "@/lib/model/check-base";
import {
  dockerContainerCheckSchema,
  dockerEnvCheckSchema,
  dockerImagesCheckSchema,
  dockerLogsCheckSchema,
} from "@/lib/model/docker-check-schemas";
import { redisCheckSchema } from "@/lib/model/redis-check-schema";

export * from "@/lib/model/docker-check-schemas";
export * from "@/lib/model/redis-check-schema";

export const PGBOUNCER_USAGE_OF = ["sv_active", "cl_active"] as const;

const pgbouncerFields = z.object({
  ...CHECK_BASE,
  kind: z.literal("pgbouncer"),
  /** The admin console as one URL, postgres://user:secret@host:6432/pgbouncer, instead of host … password. */
  url: z.string().optional(),
  host: z.string().min(1).optional(),
  port: port.optional(),
  /** A user listed in admin_users or stats_users. */
  user: z.string().min(1).optional(),
  password: z.string().optional(),
  /** The pool (database) to read. */
  database: z.string().min(1),
  /** Only this user's pool; all users of the database are summed when absent. */
  poolUser: z.string().min(1).optional(),
  /** Configured pool size; read from SHOW DATABASES (pool_size) when absent. */
  maxPool: z.number().int().positive().optional(),
  /** Numerator of usage %: server connections in use (default), or the runbook's literal cl_active. */
  usageOf: z.enum(PGBOUNCER_USAGE_OF).default("sv_active"),
  thresholds: thresholdsOr({
    direction: "above",
    warn: 70,
    crit: 90,
    source: "incident §1 P1: DB pool > 90%",
  }),
});

/** Split after parsing, so the probe always gets host/port/user/password (explicit fields win over url). */
export const pgbouncerCheckSchema = pgbouncerFields.transform(({ url, ...check }, ctx) => {
  let fromUrl: URL | null = null;
  if (url !== undefined) {
    try {
      fromUrl = new URL(url);
    } catch {
      ctx.addIssue({
        code: "custom",
        path: ["url"],
        message: "is not a URL like postgres://pgbouncer:secret@127.0.0.1:6432/pgbouncer",
      });
      return z.NEVER;
    }
  }
  const password = fromUrl?.password ? decodeURIComponent(fromUrl.password) : undefined;
  return {
    ...check,
    host: check.host ?? (fromUrl?.hostname || "127.0.0.1"),
    port: check.port ?? (fromUrl?.port ? Number(fromUrl.port) : 6432),
    user: check.user ?? ((fromUrl && decodeURIComponent(fromUrl.username)) || "pgbouncer"),
    password: check.password ?? password,
  };
});

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a URL like postgres://user@127.0.0.1:5432/catalog");
const pgBase = { ...CHECK_BASE, kind: z.literal("postgres"), url: postgresUrl };

export const POSTGRES_MEASURES = [
  "ping",
  "activity",
  "connections",
  "locks",
  "replication-lag",
  "migration-version",
  "row-count",
  "slow-queries",
  "table-sizes",
  "index",
] as const;

export const postgresCheckSchema = z.discriminatedUnion("measure", [
  z.object({ ...pgBase, measure: z.literal("ping"), thresholds: optionalThresholds() }),
  z.object({
    ...pgBase,
    measure: z.literal("activity"),
    /** The state counted as the value (e.g. "active", "idle in transaction"); all client backends when absent. */
    state: z.string().min(1).optional(),
    thresholds: optionalThresholds(),
  }),
  z.object({
    ...pgBase,
    measure: z.literal("connections"),
    thresholds: thresholdsOr({ direction: "above", warn: 70, crit: 90 }),
  }),
  z.object({
    ...pgBase,
    measure: z.literal("locks"),
    /** Backends waiting for a lock now. */
    thresholds: thresholdsOr({ direction: "above", warn: 0, crit: 3 }),
  }),
  z.object({
    ...pgBase,
    measure: z.literal("replication-lag"),
    /** Seconds. */
    thresholds: thresholdsOr({ direction: "above", warn: 5, crit: 30 }),
  }),
  z
    .object({
      ...pgBase,
      measure: z.literal("migration-version"),
      /** A pinned revision, e.g. 036_add_bulk_ingestion_jobs. */
      expected: z.string().min(1).optional(),
      /** alembic/versions of the deployed code: its head is expected (deploy §2 step 4); wins over `expected`. */
      versionsDir: z.string().min(1).optional(),
      table: sqlIdentifier.default("alembic_version"),
      column: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a column name")
        .default("version_num"),
    })
    .refine((c) => c.expected !== undefined || c.versionsDir !== undefined, {
      message: "needs expected (a revision) or versionsDir (alembic/versions, whose head is expected)",
      path: ["expected"],
    }),
  z
    .object({
      ...pgBase,
      measure: z.literal("row-count"),
      table: sqlIdentifier,
      /** Fewer rows than this is critical (launch-day §1.3: products > 1.3M). */
      floor: z.number().int().nonnegative(),
      /** Fewer rows than this is a warning; must be >= floor. */
      warnBelow: z.number().int().nonnegative().optional(),
      /** `estimate` reads pg_class.reltuples (instant on big tables, refreshed by ANALYZE). */
      method: z.enum(["exact", "estimate"]).default("exact"),
    })
    .refine((c) => c.warnBelow === undefined || c.warnBelow >= c.floor, {
      message: "must be >= floor (a warning comes before the critical floor)",
      path: ["warnBelow"],
    }),
  z.object({
    ...pgBase,
    measure: z.literal("slow-queries"),
    /** A statement is slow when its mean execution time exceeds this. */
    minMeanMs: z.number().positive().default(1000),
    /** Number of slow statements. */
    thresholds: thresholdsOr({ direction: "above", warn: 0, crit: 5 }),
  }),
  z.object({
    ...pgBase,
    measure: z.literal("table-sizes"),
    /** How many of the largest tables the summary names. The value is every user table's size in MB. */
    top: z.number().int().min(1).max(50).default(5),
    thresholds: optionalThresholds(),
  }),
  z.object({
    ...pgBase,
    measure: z.literal("index"),
    /** An index on `table` that includes `column` must exist (004 P1 cause C: idx_customer_ltv). */
    table: sqlIdentifier,
    column: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a column name"),
  }),
]);

// ── Redis ────────────────────────────────────────────────────────────────────────────────────────────

const hostBase = { ...CHECK_BASE, kind: z.literal("host") };
const absolutePath = z.string().regex(/^\//, "must be an absolute path");

export const HOST_MEASURES = ["disk", "swap", "memory", "load", "backup-age", "env-file", "git-log"] as const;

export const hostCheckSchema = z.discriminatedUnion("measure", [
  z.object({
    ...hostBase,
    measure: z.literal("disk"),
    path: absolutePath.default("/"),
    thresholds: thresholdsOr({ direction: "above", warn: 85, crit: 92, source: "incident §2.7" }),
  }),
  z.object({
    ...hostBase,
    measure: z.literal("swap"),
    thresholds: thresholdsOr({
      direction: "above",
      warn: 70,
      crit: 90,
      source: "launch-day §1.1: swap < 70%",
    }),
  }),
  z.object({
    ...hostBase,
    measure: z.literal("memory"),
    thresholds: thresholdsOr({ direction: "above", warn: 85, crit: 95 }),
  }),
  z.object({
    ...hostBase,
    measure: z.literal("load"),
    /** Load average window in minutes; the value is divided by the number of cores. */
    window: z.union([z.literal(1), z.literal(5), z.literal(15)]).default(1),
    thresholds: thresholdsOr({ direction: "above", warn: 1, crit: 2 }),
  }),
  z.object({
    ...hostBase,
    measure: z.literal("backup-age"),
    /** Folder holding the backups; the newest regular file directly inside it counts. */
    path: absolutePath,
    /** Only file names matching this regular expression count (e.g. "\\.sql\\.gz$"). */
    pattern: regexSource.optional(),
    /** Hours. */
    thresholds: thresholdsOr({ direction: "above", crit: 24, source: "launch-day §1.2 P0: backup < 24h" }),
  }),
  z.object({
    ...hostBase,
    /**
     * Deploy §1.2's environment file on the host: present, not empty, and these keys set to something.
     * Only key names are read onto the board, never a value.
     */
    measure: z.literal("env-file"),
    path: absolutePath,
    required: z.array(envName).default([]),
  }),
  z.object({
    ...hostBase,
    /** Incident §2.6: the newest commits of the deployed code's git checkout (value: HEAD's short sha). */
    measure: z.literal("git-log"),
    path: absolutePath,
    count: z.number().int().min(1).max(20).default(5),
  }),
]);

// ── Prometheus server query API ──────────────────────────────────────────────────────────────────────

export const prometheusQueryCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("prometheus-query"),
  /** Base URL of the Prometheus server, e.g. http://127.0.0.1:9090. */
  url: z.string().url("must be an absolute URL such as http://127.0.0.1:9090"),
  query: z.string().min(1),
  /** How several series become one number. */
  reduce: z.enum(["max", "min", "sum", "avg", "first"]).default("max"),
  /** Multiplier applied to the result (100 turns a ratio into %). */
  scale: z.number().default(1),
  unit: z.string().default(""),
  /** An empty vector is common for error queries with no errors: read it as 0, or as unknown. */
  whenEmpty: z.enum(["unknown", "zero"]).default("unknown"),
  thresholds: optionalThresholds(),
});

/** Every infra check kind: spread into checkSchema's discriminated union. */
export const INFRA_CHECK_SCHEMAS = [
  dockerContainerCheckSchema,
  dockerEnvCheckSchema,
  dockerLogsCheckSchema,
  dockerImagesCheckSchema,
  pgbouncerCheckSchema,
  postgresCheckSchema,
  redisCheckSchema,
  hostCheckSchema,
  prometheusQueryCheckSchema,
] as const;

/** The infra kinds alone (tests, and callers that validate an infra check on its own). */
export const infraCheckSchema = z.discriminatedUnion("kind", INFRA_CHECK_SCHEMAS);
export type InfraCheck = z.infer<typeof infraCheckSchema>;
export type InfraCheckKind = InfraCheck["kind"];
export type InfraCheckOf<K extends InfraCheckKind> = Extract<InfraCheck, { kind: K }>;
export type PostgresCheck = InfraCheckOf<"postgres">;
export type RedisCheck = InfraCheckOf<"redis">;
export type HostCheck = InfraCheckOf<"host">;
