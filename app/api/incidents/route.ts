import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { declare, declareBody } from "@/lib/incidents/actions";
import { listIncidents, listQuery } from "@/lib/incidents/list-incidents";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "incidents",
    mutating: false,
    schema: listQuery,
    run: listIncidents,
  });
}

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "incident-declare",
    mutating: true,
    schema: declareBody,
    run: declare,
  });
}
