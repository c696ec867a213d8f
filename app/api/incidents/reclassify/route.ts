import { reclassify, reclassifyBody } from "@/lib/incidents/actions";
import { handleLaunchRoute } from "@/lib/launch/route-adapter";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "incident-reclassify",
    mutating: true,
    schema: reclassifyBody,
    run: reclassify,
  });
}
