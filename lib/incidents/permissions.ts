import type { Permission } from "@/lib/auth/permissions";
import type { Person } from "@/lib/model/runbook-schema";

/** Incident §3/§4: the incident lead (Rex) declares, reclassifies and resolves. */
export function canManageIncident(person: Person): Permission {
  return person.role === "lead"
    ? { ok: true }
    : {
        ok: false,
        reason: `only the incident lead declares, reclassifies or resolves; ${person.name} is ${person.role}`,
      };
}

/** Anyone but a viewer may add to the timeline (a status post: see canPostStatus). */
export function canNoteIncident(person: Person): Permission {
  return person.role === "viewer"
    ? { ok: false, reason: `${person.name} (viewer) changes nothing` }
    : { ok: true };
}

/** The domain whose owner speaks for the launch (launch-day §1.6, §2: Lyra, CMO). */
export const COMMS_DOMAIN = "comms";

/**
 * Who speaks for the incident: the lead (Rex signs the updates) and the comms owner. They post messages
 * and status posts (which restart the status clock); everyone signed in may read and copy the texts.
 */
export function canPostStatus(
  person: Pick<Person, "name"> & { role: string; domain?: string | null },
): Permission {
  if (person.role === "lead") return { ok: true };
  if (person.role === "owner" && person.domain === COMMS_DOMAIN) return { ok: true };
  return {
    ok: false,
    reason: `only the incident lead or the comms owner posts messages; ${person.name} is ${person.role}${
      person.domain ? ` (${person.domain})` : ""
    }`,
  };
}
