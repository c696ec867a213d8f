import { serviceActionBody, startServiceAction } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** One of the runbook's service actions (restart postgres, recreate the worker …) by id; lead only, same checks as the rollback. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "service-action",
    mutating: true,
    schema: serviceActionBody,
    run: startServiceAction,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
