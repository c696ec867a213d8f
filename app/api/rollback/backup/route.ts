import { startBackup, startBody } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** A database backup made now (deploy §1.5: no backup within 24 h); lead only, same checks as the rollback. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "backup",
    mutating: true,
    schema: startBody,
    run: startBackup,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
