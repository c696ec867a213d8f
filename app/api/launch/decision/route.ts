import { callDecision, decisionBody } from "@/lib/launch/call-decision";
import { handleLaunchRoute } from "@/lib/launch/route-adapter";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "decision",
    mutating: true,
    schema: decisionBody,
    run: callDecision,
  });
}
