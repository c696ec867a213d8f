import { startBody, startStopIngestion } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** Ingestion stopped before a database restore (launch day §4.5); lead only, same checks as the rollback. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "stop-ingestion",
    mutating: true,
    schema: startBody,
    run: startStopIngestion,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
