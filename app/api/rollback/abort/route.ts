import { abortBody, abortRollback } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** Aborts the run in progress after its current step: lead only, audited. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "rollback.abort",
    mutating: true,
    schema: abortBody,
    run: abortRollback,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
