import { startBody, startResumeIngestion } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** Ingestion resumed once the restore's verification check reads ok (launch day §4.5); lead only. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "resume-ingestion",
    mutating: true,
    schema: startBody,
    run: startResumeIngestion,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
