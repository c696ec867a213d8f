import type { RenderResult } from "@/lib/model/comms";

/** Reasons that mean the message's subject does not exist yet: such a message is not for now. */
const NO_SUBJECT = new Set(["no active incident", "no rollback decision"]);

/**
 * Why a rendered message does not apply now ("no active incident", "no rollback decision"), or null.
 * Other unknown live values are written out as unknown with their reason and may be posted.
 */
export function notApplicable(rendered: RenderResult): string | null {
  return rendered.fields.find((f) => f.reason !== null && NO_SUBJECT.has(f.reason))?.reason ?? null;
}
