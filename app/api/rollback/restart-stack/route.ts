import { startBody, startRestartStack } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** The runbooks' last resort: every container of the project restarted tier by tier, then verified; lead only, same checks as the rollback. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "restart-stack",
    mutating: true,
    schema: startBody,
    run: startRestartStack,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
