import { delayBody, delayLaunch } from "@/lib/launch/delay-launch";
import { handleLaunchRoute } from "@/lib/launch/route-adapter";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "delay", mutating: true, schema: delayBody, run: delayLaunch });
}
