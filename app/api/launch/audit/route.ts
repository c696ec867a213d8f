import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { auditQuery, listAuditLog } from "@/lib/launch/list-audit-log";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "audit-read",
    mutating: false,
    schema: auditQuery,
    run: (ctx, _actor, _meta, q) => listAuditLog(ctx, q),
  });
}
