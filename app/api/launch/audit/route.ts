import { auditQuery, listAuditLog } from "@/lib/launch/list-audit-log";
import { handleLaunchRoute } from "@/lib/launch/route-adapter";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "audit-read",
    mutating: false,
    schema: auditQuery,
    run: (ctx, _actor, _meta, q) => listAuditLog(ctx, q),
  });
}
