import { startBody, startResumeUs } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** US traffic resumed: the flag back to us and a reload; lead only. */
export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "resume-us",
    mutating: true,
    schema: startBody,
    run: startResumeUs,
    respond: (result) => Response.json(result, { status: 202, headers: { "Cache-Control": "no-store" } }),
  });
}
