import { startBody, startRollback } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** Starts the rollback: lead only, typed confirmation + reason, one at a time (409), audited. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "rollback",
    mutating: true,
    schema: startBody,
    run: startRollback,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
