import { z } from "zod";

// Pieces every check schema shares: the HTTP/TCP checks in runbook-schema.ts and the infra checks in
// infra-checks.ts. Depends on nothing else in the runbook schema, so both can import it without a cycle.

export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be kebab-case: lowercase letters, digits and dashes");

export const CHECK_BASE = {
  id,
  label: z.string().min(1),
  /** Owner domain (person id) shown on the tile; used by the launch flow. */
  owner: z.string().optional(),
  /** Runbook section the check comes from, e.g. "deploy §3 test 2". */
  source: z.string().optional(),
  timeoutMs: z.number().int().positive().max(60_000).optional(),
  /** Why the check cannot run here (no target of its own, a secret not configured): it reads unknown, unrequested. */
  unavailable: z.string().min(1).optional(),
};

/**
 * Warning/critical levels for a numeric value. `above`: higher is worse (latency, error rate);
 * `below`: lower is worse (days of certificate left, product count).
 */
export const thresholdSchema = z
  .object({
    direction: z.enum(["above", "below"]),
    warn: z.number().optional(),
    crit: z.number().optional(),
    /** Where the numbers come from, e.g. "launch-day §3.4". Shown next to the gauge. */
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
export type Threshold = z.output<typeof thresholdSchema>;

export const thresholdsOr = (fallback: Threshold) => thresholdSchema.default(fallback);
export const optionalThresholds = () => thresholdSchema.optional();

export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name");
/** A Postgres identifier, optionally schema-qualified; quoted when used, so only plain names are allowed. */
export const sqlIdentifier = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/,
    "must be a table name like products or public.products",
  );
export const regexSource = z.string().min(1).refine(isValidRegex, "is not a valid regular expression");
/** A number, or its digits as text: a runbook file may take the port from a ${VAR} reference. */
const PORT_MESSAGE = "must be a port number 1-65535";
const portNumber = z.number().int(PORT_MESSAGE).min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE);
export const port = z.union([portNumber, z.string().regex(/^\d+$/).transform(Number).pipe(portNumber)], {
  error: PORT_MESSAGE,
});

export function isValidRegex(source: string): boolean {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}
