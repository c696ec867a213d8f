import type { z } from "zod";
import type { launchVerdictSchema } from "@/lib/model/launch-verdict";

/**
 * Launch day §6's definitions of a successful and a failed launch. The four P0 gates are live checks; the
 * users and searches are GA4 figures with no adapter, so they are Sol's ticks of the T+1h milestone (the
 * failure "< 10 users" is ruled out by the same tick, and unknown without it); the error rate reads the
 * sustained rules; a rollback is any rollback run started since T-0.
 */
export const BUYWHERE_VERDICT: z.input<typeof launchVerdictSchema> = {
  afterMinutes: 60,
  source: "launch-day §6",
  success: [
    {
      id: "p0-gates",
      kind: "gates",
      label: "All 4 P0 gates green (uptime, search functional, affiliate tracking, no data loss)",
      gates: ["api-health", "search-usd", "affiliate", "backup"],
      source: "launch-day §6, §2",
    },
    { id: "users", kind: "item", label: "≥ 100 users in the first hour", item: "t1h-users" },
    { id: "searches", kind: "item", label: "≥ 1,000 searches in the first hour", item: "t1h-searches" },
    {
      id: "error-rate",
      kind: "trigger",
      label: "Error rate < 1% sustained",
      trigger: "rollback-5xx-incident",
      level: "warn",
      source: "launch-day §6; the rule warns at > 1% for 5 min",
    },
    { id: "no-rollback", kind: "rollback", label: "No rollback executed" },
  ],
  failure: [
    { id: "rollback", kind: "rollback", label: "Rollback executed" },
    {
      id: "error-rate-5",
      kind: "trigger",
      label: "Error rate > 5% sustained > 10 minutes",
      trigger: "rollback-5xx-launch-day",
      level: "crit",
    },
    {
      id: "few-users",
      kind: "item",
      label: "< 10 users in the first hour (traffic routing issue)",
      item: "t1h-users",
      source: "GA4, no adapter: ruled out by the ≥ 100 users tick",
    },
  ],
};
