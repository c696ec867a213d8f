import { z } from "zod";
import { getRuns } from "@/lib/http/rollback-routes";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** The latest runs (rollbacks and API restarts), newest first, with their steps. */
export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "rollback.runs",
    mutating: false,
    schema: z.object({}),
    run: getRuns,
  });
}
