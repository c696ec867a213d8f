import type { Actor } from "@/lib/auth/authenticate";
import type { RequestMeta } from "@/lib/auth/request-meta";
import type { AuditInput } from "@/lib/db/launch-types";
import type { JsonObject } from "@/lib/db/types";

/** An audit entry for `action` by `actor` (null: anonymous) from the request's client. */
export function auditEntry(
  runbookId: string,
  actor: Actor | null,
  meta: RequestMeta,
  action: string,
  message: string,
  data: JsonObject = {},
  outcome: AuditInput["outcome"] = "ok",
): AuditInput {
  return {
    runbookId,
    actor: actor?.person.id ?? null,
    role: actor?.person.role ?? null,
    via: actor?.via ?? null,
    action,
    outcome,
    ip: meta.ip,
    userAgent: meta.userAgent,
    message,
    data,
  };
}
