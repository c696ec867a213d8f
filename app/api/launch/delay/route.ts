import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { delayBody, delayLaunch } from "@/lib/launch/delay-launch";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "delay", mutating: true, schema: delayBody, run: delayLaunch });
}
