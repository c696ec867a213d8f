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

/** Anyone but a viewer may add to the timeline (a message, an engagement, a status post). */
export function canNoteIncident(person: Person): Permission {
  return person.role === "viewer"
    ? { ok: false, reason: `${person.name} (viewer) changes nothing` }
    : { ok: true };
}
