import { startBody, startDiskCleanup } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** The runbooks' disk cleanup, safe part only (build cache, unneeded dangling images); same checks as the rollback. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "disk-cleanup",
    mutating: true,
    schema: startBody,
    run: startDiskCleanup,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
