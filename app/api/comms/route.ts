import { z } from "zod";
import { commsView } from "@/lib/comms/comms-view";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** Every template filled from the live board and the current decision, and this process's Slack posts. */
export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "comms-read",
    mutating: false,
    schema: z.object({}),
    run: async (ctx, actor) => commsView(ctx, actor),
  });
}
