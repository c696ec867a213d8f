import { z } from "zod";
import { handleLaunchRoute } from "@/lib/launch/route-adapter";
import { getRuns } from "@/lib/rollback/routes";

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
