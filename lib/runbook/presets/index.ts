import { buildBuyWhereUsLaunch, type PresetEnv } from "@/lib/runbook/presets/buywhere-us-launch";
import type { RunbookInput } from "@/lib/runbook/schema";

/** Built-in runbooks, selected with WARROOM_PRESET (default buywhere-us-launch). */
export const PRESETS = {
  "buywhere-us-launch": buildBuyWhereUsLaunch,
} satisfies Record<string, (env: PresetEnv) => RunbookInput>;

export type PresetId = keyof typeof PRESETS;
