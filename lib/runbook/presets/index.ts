import type { RunbookInput } from "@/lib/model/runbook-schema";
import { buildBuyWhereUsLaunch, type PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";
import { buildCustomerIntelligence } from "@/lib/runbook/presets/customer-intelligence";
import { buildDealScout } from "@/lib/runbook/presets/deal-scout";

/** Built-in runbooks, selected with WARROOM_PRESET (default buywhere-us-launch). */
export const PRESETS = {
  "buywhere-us-launch": buildBuyWhereUsLaunch,
  "deal-scout": buildDealScout,
  "customer-intelligence": buildCustomerIntelligence,
} satisfies Record<string, (env: PresetEnv) => RunbookInput>;

export type PresetId = keyof typeof PRESETS;
