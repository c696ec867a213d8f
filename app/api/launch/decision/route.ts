import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { callDecision, decisionBody } from "@/lib/launch/call-decision";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "decision",
    mutating: true,
    schema: decisionBody,
    run: callDecision,
  });
}
