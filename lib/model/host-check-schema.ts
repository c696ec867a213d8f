import { z } from "zod";
import { CHECK_BASE, envName, optionalThresholds, regexSource, thresholdsOr } from "@/lib/model/check-base";

// ── Host ─────────────────────────────────────────────────────────────────────────────────────────────

const hostBase = { ...CHECK_BASE, kind: z.literal("host") };
const absolutePath = z.string().regex(/^\//, "must be an absolute path");

export const HOST_MEASURES = [
  "disk",
  "swap",
  "memory",
  "load",
  "backup-age",
  "du",
  "large-files",
  "env-file",
  "git-log",
] as const;

/** A walk of a folder is bounded: it never reads without end, never runs long (sizes are then lower bounds). */
const walkBounds = {
  maxEntries: z.number().int().min(100).max(1_000_000).default(50_000),
  budgetMs: z.number().int().min(100).max(20_000).default(2000),
};

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
    /** `du -sh path` with `du -sh path/*` in evidence: the value is the folder's size in MB. */
    measure: z.literal("du"),
    path: absolutePath,
    /** How many of its largest entries the evidence names. */
    top: z.number().int().min(1).max(50).default(8),
    ...walkBounds,
    thresholds: optionalThresholds(),
  }),
  z.object({
    ...hostBase,
    /** `find path -xdev -type f -size +<minMB>M`: the value is how many such files there are. */
    measure: z.literal("large-files"),
    path: absolutePath,
    minMB: z.number().positive().default(100),
    ...walkBounds,
    thresholds: thresholdsOr({ direction: "above", warn: 0, source: "003 Disk Full: files > 100MB" }),
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
