import type { CommsPromptInput } from "@/lib/model/comms-prompt-schema";

/** BuyWhere's timed messages during an incident (shown on the incident panel with their due time). */
export const BUYWHERE_PROMPTS: CommsPromptInput[] = [
  {
    id: "public-status",
    label: "Public status post (outage past 15 min)",
    template: "public-status",
    afterMinutes: 15,
    // An outage or a severe degradation: the post itself reads "API degradation".
    severities: ["P0", "P1"],
    source: "incident §5.2: public status post if the outage lasts > 15 minutes",
  },
  {
    id: "vera-dm",
    label: "DM Vera: current status and ETA",
    to: "vera",
    // First when a P1 is 30 min old (incident §4.1), then with every 15-minute update (launch-day §4.3).
    afterMinutes: 30,
    everyMinutes: 15,
    severities: ["P0", "P1"],
    source:
      "incident §4.1: Vera when a P1 is unresolved > 30 min; launch-day §4.3 step 5: every 15 min, DM Vera with status and ETA",
  },
];
