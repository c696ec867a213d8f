import { z } from "zod";

// Self-contained on purpose: schema.ts will import this file, so importing runtime values back from it
// would be an import cycle (a TDZ error at start-up). infraThresholdSchema and INFRA_BASE mirror schema.ts's
// thresholdSchema and checkBase; lib/probes/infra/infra-checks.test.ts keeps them in step.

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

const INFRA_BASE = {
  id,
  label: z.string().min(1),
  owner: z.string().optional(),
  source: z.string().optional(),
  timeoutMs: z.number().int().positive().max(60_000).optional(),
};

export const infraThresholdSchema = z
  .object({
    direction: z.enum(["above", "below"]),
    warn: z.number().optional(),
    crit: z.number().optional(),
    source: z.string().optional(),
  })
  .refine((t) => t.warn !== undefined || t.crit !== undefined, "needs at least one of warn or crit")
  .refine(
    (t) =>
      t.warn === undefined ||
      t.crit === undefined ||
      (t.direction === "above" ? t.warn <= t.crit : t.warn >= t.crit),
    "warn must be reached before crit (warn <= crit when direction is above, warn >= crit when below)",
  );
type InfraThreshold = z.output<typeof infraThresholdSchema>;

const thresholdsOr = (fallback: InfraThreshold) => infraThresholdSchema.default(fallback);
const optionalThresholds = () => infraThresholdSchema.optional();

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
/** A Postgres identifier, optionally schema-qualified; quoted when used, so only plain names are allowed. */
const sqlIdentifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
    "must be a table name like products or public.products",
  );
const regexSource = z.string().min(1).refine(isValidRegex, "is not a valid regular expression");
const port = z.number().int().min(1).max(65535);

// ── Docker ───────────────────────────────────────────────────────────────────────────────────────────

const DOCKER_SOCKET = "/var/run/docker.sock";
const dockerTarget = {
  socketPath: z.string().min(1).default(DOCKER_SOCKET),
  /** Container name (as in `docker ps`), or the compose `project` + `service` labels. */
  container: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
};
type DockerTarget = { container?: string; project?: string; service?: string };
const hasOneTarget = (t: DockerTarget) =>
  t.container !== undefined
    ? t.project === undefined && t.service === undefined
    : t.project !== undefined && t.service !== undefined;
const TARGET_MESSAGE = { message: "set either container, or both project and service", path: ["container"] };

export const dockerContainerCheckSchema = z
  .object({
    ...INFRA_BASE,
    kind: z.literal("docker-container"),
    ...dockerTarget,
    /** Stats take 1–2.5 s: they are refreshed in the background at most this often. */
    statsEverySec: z.number().int().min(2).max(600).default(10),
    /** CPU % like `docker stats` (100 % = one core). */
    thresholds: thresholdsOr({ direction: "above", warn: 60, crit: 85, source: "launch-day §3.4 API CPU" }),
    /** Memory in MiB (usage − inactive_file). */
    memoryThresholds: optionalThresholds(),
  })
  .refine(hasOneTarget, TARGET_MESSAGE);

export const dockerEnvCheckSchema = z
  .object({
    ...INFRA_BASE,
    kind: z.literal("docker-env"),
    ...dockerTarget,
    /** Must be set and non-empty; with `equals`, must have exactly that value (shown on the board). */
    required: z.array(z.object({ name: envName, equals: z.string().optional() })).default([]),
    /** Must be set and non-empty; only "set"/"missing" is ever reported, never the value. */
    secret: z.array(envName).default([]),
  })
  .refine(hasOneTarget, TARGET_MESSAGE)
  .refine((c) => c.required.length + c.secret.length > 0, {
    message: "needs at least one variable in required or secret",
    path: ["required"],
  })
  .refine((c) => !c.required.some((r) => r.equals !== undefined && c.secret.includes(r.name)), {
    message: "a secret variable cannot have an expected value (it would be shown)",
    path: ["secret"],
  });

/** Incident runbook §2.5: what to look for in the API logs. */
export const DEFAULT_LOG_PATTERNS = [
  "ECONNREFUSED",
  "\\b500\\b",
  "FATAL",
  "panic",
  "Traceback",
  "no space left",
];

export const dockerLogsCheckSchema = z
  .object({
    ...INFRA_BASE,
    kind: z.literal("docker-logs"),
    ...dockerTarget,
    sinceSec: z.number().int().min(1).max(86_400).default(300),
    /** Regular expressions, matched case-insensitively against each line. */
    patterns: z.array(regexSource).min(1).default(DEFAULT_LOG_PATTERNS),
    warnCount: z.number().int().min(1).default(1),
    critCount: z.number().int().min(1).default(10),
    /** Newest lines read from the window; more are not counted (evidence says so). */
    maxLines: z.number().int().min(10).max(100_000).default(5000),
  })
  .refine(hasOneTarget, TARGET_MESSAGE)
  .refine((c) => c.warnCount <= c.critCount, { message: "must be <= critCount", path: ["warnCount"] });

export const dockerImagesCheckSchema = z.object({
  ...INFRA_BASE,
  kind: z.literal("docker-images"),
  socketPath: z.string().min(1).default(DOCKER_SOCKET),
  /** Image repository, e.g. buywhere-api. */
  repository: z.string().min(1),
  tagPrefix: z.string().default("sha-"),
  /** Container whose StartedAt is reported ("API container last started …", incident §2.6). */
  container: z.string().min(1).optional(),
});

// ── PgBouncer, PostgreSQL ────────────────────────────────────────────────────────────────────────────

export const PGBOUNCER_USAGE_OF = ["sv_active", "cl_active"] as const;

export const pgbouncerCheckSchema = z.object({
  ...INFRA_BASE,
  kind: z.literal("pgbouncer"),
  host: z.string().min(1).default("127.0.0.1"),
  port: port.default(6432),
  /** A user listed in admin_users or stats_users. */
  user: z.string().min(1).default("pgbouncer"),
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

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a URL like postgres://user@127.0.0.1:5432/catalog");
const pgBase = { ...INFRA_BASE, kind: z.literal("postgres"), url: postgresUrl };

export const POSTGRES_MEASURES = [
  "ping",
  "activity",
  "connections",
  "replication-lag",
  "migration-version",
  "row-count",
  "slow-queries",
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
    measure: z.literal("replication-lag"),
    /** Seconds. */
    thresholds: thresholdsOr({ direction: "above", warn: 5, crit: 30 }),
  }),
  z.object({
    ...pgBase,
    measure: z.literal("migration-version"),
    expected: z.string().min(1),
    table: sqlIdentifier.default("alembic_version"),
    column: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a column name")
      .default("version_num"),
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
]);

// ── Redis ────────────────────────────────────────────────────────────────────────────────────────────

const redisUrl = z.string().regex(/^rediss?:\/\//, "must be a URL like redis://127.0.0.1:6379/0");
const redisBase = { ...INFRA_BASE, kind: z.literal("redis"), url: redisUrl };

export const REDIS_MEASURES = ["ping", "memory", "hit-rate", "queue-length", "clients"] as const;

export const redisCheckSchema = z.discriminatedUnion("measure", [
  z.object({ ...redisBase, measure: z.literal("ping"), thresholds: optionalThresholds() }),
  z.object({
    ...redisBase,
    measure: z.literal("memory"),
    thresholds: thresholdsOr({
      direction: "above",
      warn: 70,
      crit: 85,
      source: "launch-day §3.4 Redis memory",
    }),
  }),
  z.object({ ...redisBase, measure: z.literal("hit-rate"), thresholds: optionalThresholds() }),
  z.object({
    ...redisBase,
    measure: z.literal("queue-length"),
    key: z.string().min(1),
    thresholds: optionalThresholds(),
  }),
  z.object({ ...redisBase, measure: z.literal("clients"), thresholds: optionalThresholds() }),
]);

// ── Host ─────────────────────────────────────────────────────────────────────────────────────────────

const hostBase = { ...INFRA_BASE, kind: z.literal("host") };
const absolutePath = z.string().regex(/^\//, "must be an absolute path");

export const HOST_MEASURES = ["disk", "swap", "memory", "load", "backup-age"] as const;

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
]);

// ── Prometheus server query API ──────────────────────────────────────────────────────────────────────

export const prometheusQueryCheckSchema = z.object({
  ...INFRA_BASE,
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

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}
