import { startBody, startPauseUs } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** Incoming US traffic paused by its flag and a reload (launch day §4.3 step 1); lead only. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "pause-us",
    mutating: true,
    schema: startBody,
    run: startPauseUs,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
