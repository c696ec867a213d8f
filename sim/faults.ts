import { z } from "zod";

/** Every fault the simulated stack can switch on at run time. */
export const SIM_FAULTS = [
  "api-down",
  "api-500",
  "slow-search",
  "db-slow",
  "affiliate-broken",
  "mcp-down",
  "cert-expiring",
  "ingestion-stale",
  "amazon-missing",
  "pricing-wrong",
] as const;
export type SimFault = (typeof SIM_FAULTS)[number];
export type FaultState = Record<SimFault, boolean>;

export const simFaultSchema = z.enum(SIM_FAULTS);

export function isSimFault(name: string): name is SimFault {
  return simFaultSchema.safeParse(name).success;
}

export function createFaultState(): FaultState {
  return Object.fromEntries(SIM_FAULTS.map((f) => [f, false])) as FaultState;
}
