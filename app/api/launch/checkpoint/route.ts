import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { callCheckpoint, checkpointBody } from "@/lib/launch/call-checkpoint";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "checkpoint",
    mutating: true,
    schema: checkpointBody,
    run: callCheckpoint,
  });
}
