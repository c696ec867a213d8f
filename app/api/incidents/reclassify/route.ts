import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { reclassify, reclassifyBody } from "@/lib/incidents/actions";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "incident-reclassify",
    mutating: true,
    schema: reclassifyBody,
    run: reclassify,
  });
}
