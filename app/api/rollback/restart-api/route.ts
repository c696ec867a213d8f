import { startBody, startRestartApi } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** The runbooks' safe action: restart only the API container (same checks as the rollback). */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "restart-api",
    mutating: true,
    schema: startBody,
    run: startRestartApi,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
