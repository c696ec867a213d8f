import { z } from "zod";
import { DEFAULT_SLOW_SEARCH_MS } from "./api-service";
import { SYNTHETIC_RPS } from "./synthetic-load";

const envSchema = z.object({
  SIM_SLOW_SEARCH_MS: z.coerce.number().int().min(0).max(120_000).default(DEFAULT_SLOW_SEARCH_MS),
  SIM_SYNTHETIC_RPS: z.coerce.number().min(0).max(10_000).default(SYNTHETIC_RPS),
  SIM_SEED: z.coerce.number().int().default(20260423),
});
export type SimEnvOptions = { slowSearchMs: number; syntheticRps: number; seed: number };

/** Tuning read from the environment; an invalid value is an error naming the variable. */
export function readSimEnv(env: Record<string, string | undefined>): SimEnvOptions {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith("SIM_") && v !== ""),
  );
  const parsed = envSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".")}: ${issue?.message}`);
  }
  const { SIM_SLOW_SEARCH_MS, SIM_SYNTHETIC_RPS, SIM_SEED } = parsed.data;
  return { slowSearchMs: SIM_SLOW_SEARCH_MS, syntheticRps: SIM_SYNTHETIC_RPS, seed: SIM_SEED };
}
