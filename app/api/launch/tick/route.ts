import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { tickBody, tickItem } from "@/lib/launch/tick-item";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "tick", mutating: true, schema: tickBody, run: tickItem });
}
