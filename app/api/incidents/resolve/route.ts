import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { resolve, resolveBody } from "@/lib/incidents/actions";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "incident-resolve",
    mutating: true,
    schema: resolveBody,
    run: resolve,
  });
}
