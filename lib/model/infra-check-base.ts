import { z } from "zod";
import { checkBase, id, thresholdSchema } from "@/lib/model/http-check-schemas";

// Shared pieces of the infra check schemas (see infra-checks.ts).

// The HTTP checks' base fields and thresholds, shared: http-check-schemas.ts imports nothing from
// runbook-schema.ts, so reusing them here makes no import cycle.
export { id };
export const INFRA_BASE = checkBase;
export const infraThresholdSchema = thresholdSchema;
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
