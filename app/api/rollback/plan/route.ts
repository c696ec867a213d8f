import { planQuery, previewPlan } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** The exact plan a rollback (?kind=rollback) or the API restart (?kind=restart-api) would run now. */
export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "rollback.plan",
    mutating: false,
    schema: planQuery,
    run: previewPlan,
  });
}
