import { z } from "zod";
import { CHECK_BASE, envName, optionalThresholds, regexSource, thresholdsOr } from "@/lib/model/check-base";

// ── Docker ───────────────────────────────────────────────────────────────────────────────────────────

const DOCKER_SOCKET = "/var/run/docker.sock";
export const dockerTarget = {
  socketPath: z.string().min(1).default(DOCKER_SOCKET),
  /** Container name (as in `docker ps`), or the compose `project` + `service` labels. */
  container: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  service: z.string().min(1).optional(),
};
type DockerTarget = { container?: string; project?: string; service?: string };
export const hasOneTarget = (t: DockerTarget) =>
  t.container !== undefined
    ? t.project === undefined && t.service === undefined
    : t.project !== undefined && t.service !== undefined;
export const TARGET_MESSAGE = {
  message: "set either container, or both project and service",
  path: ["container"],
};

export const dockerContainerCheckSchema = z
  .object({
    ...CHECK_BASE,
    kind: z.literal("docker-container"),
    ...dockerTarget,
    /** Stats take 1–2.5 s: they are refreshed in the background at most this often. */
    statsEverySec: z.number().int().min(2).max(600).default(10),
    /** CPU % like `docker stats` (100 % = one core). */
    thresholds: thresholdsOr({ direction: "above", warn: 60, crit: 85, source: "launch-day §3.4 API CPU" }),
    /** Memory in MiB (usage − inactive_file). */
    memoryThresholds: optionalThresholds(),
    /**
     * Exited or restarting: the container's own last log lines are read (incident §2.2 `logs --tail=100`)
     * and the last `logLinesShown` of them kept with the reading.
     */
    logTail: z.number().int().min(1).max(1000).default(100),
    logLinesShown: z.number().int().min(1).max(50).default(10),
  })
  .refine(hasOneTarget, TARGET_MESSAGE);

export const dockerEnvCheckSchema = z
  .object({
    ...CHECK_BASE,
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

/**
 * Incident runbook §2.5: what to look for in the API logs. `error` and `exception` are whole words, so
 * "errors: 0", "error_rate" or "OperationalError" on a healthy line do not count (the named errors
 * come with an ERROR level or a traceback anyway).
 */
export const DEFAULT_LOG_PATTERNS = [
  "ECONNREFUSED",
  "\\b500\\b",
  "FATAL",
  "panic",
  "Traceback",
  "no space left",
  "\\berror\\b",
  "\\bexception\\b",
  "disk quota",
];

export const dockerLogsCheckSchema = z
  .object({
    ...CHECK_BASE,
    kind: z.literal("docker-logs"),
    ...dockerTarget,
    sinceSec: z.number().int().min(1).max(86_400).default(300),
    /** Regular expressions, matched case-insensitively against each line. */
    patterns: z.array(regexSource).min(1).default(DEFAULT_LOG_PATTERNS),
    warnCount: z.number().int().min(1).default(1),
    critCount: z.number().int().min(1).default(10),
    /**
     * `errors`: matching lines are trouble (warnCount / critCount). `activity`: matching lines are a sign of
     * life, fewer than minCount in the window is critical (003: beat executing its schedule).
     */
    expect: z.enum(["errors", "activity"]).default("errors"),
    minCount: z.number().int().min(1).default(1),
    /** Newest lines read from the window; more are not counted (evidence says so). */
    maxLines: z.number().int().min(10).max(100_000).default(5000),
  })
  .refine(hasOneTarget, TARGET_MESSAGE)
  .refine((c) => c.warnCount <= c.critCount, { message: "must be <= critCount", path: ["warnCount"] });

export const dockerImagesCheckSchema = z.object({
  ...CHECK_BASE,
  kind: z.literal("docker-images"),
  socketPath: z.string().min(1).default(DOCKER_SOCKET),
  /** Image repository, e.g. buywhere-api. */
  repository: z.string().min(1),
  tagPrefix: z.string().default("sha-"),
  /** Container whose StartedAt is reported ("API container last started …", incident §2.6). */
  container: z.string().min(1).optional(),
});

/**
 * `docker-compose exec <service> du -sh <path>` (003 Database Unreachable: database disk space): the folder's
 * size inside the container is the value (MB); the file system holding it (`df`) is judged, as used %.
 */
export const dockerDuCheckSchema = z
  .object({
    ...CHECK_BASE,
    kind: z.literal("docker-du"),
    ...dockerTarget,
    path: z.string().regex(/^\/[^'"\\`$\s]*$/, "must be an absolute path without quotes or spaces"),
    /** Used % of the file system holding `path`. */
    thresholds: thresholdsOr({ direction: "above", warn: 85, crit: 95 }),
  })
  .refine(hasOneTarget, TARGET_MESSAGE);
