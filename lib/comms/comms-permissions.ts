import type { Permission } from "@/lib/auth/permissions";
import type { Person } from "@/lib/model/runbook-schema";

/** The domain whose owner speaks for the launch (launch-day §1.6, §2: Lyra, CMO). */
export const COMMS_DOMAIN = "comms";

/**
 * Who may post a message to Slack or record one as posted: the incident lead (Rex signs the updates) and
 * the comms owner. Everyone signed in may read and copy the texts.
 */
export function canPostComms(person: Person): Permission {
  if (person.role === "lead") return { ok: true };
  if (person.role === "owner" && person.domain === COMMS_DOMAIN) return { ok: true };
  return {
    ok: false,
    reason: `only the incident lead or the comms owner posts messages; ${person.name} is ${person.role}${
      person.domain ? ` (${person.domain})` : ""
    }`,
  };
}
