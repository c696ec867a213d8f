import { z } from "zod";

// Shared pieces of the infra check schemas (see infra-checks.ts).

export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

export const INFRA_BASE = {
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

export const thresholdsOr = (fallback: InfraThreshold) => infraThresholdSchema.default(fallback);
export const optionalThresholds = () => infraThresholdSchema.optional();

export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
/** A Postgres identifier, optionally schema-qualified; quoted when used, so only plain names are allowed. */
export const sqlIdentifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
    "must be a table name like products or public.products",
  );
export const regexSource = z.string().min(1).refine(isValidRegex, "is not a valid regular expression");
export const port = z.number().int().min(1).max(65535);

export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}
