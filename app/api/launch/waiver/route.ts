import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { waiveGate, waiverBody } from "@/lib/launch/waive-gate";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "waiver", mutating: true, schema: waiverBody, run: waiveGate });
}
