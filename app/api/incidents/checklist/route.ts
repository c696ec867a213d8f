import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { checklistTickBody, tickChecklist } from "@/lib/incidents/tick-checklist";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "checklist-tick",
    mutating: true,
    schema: checklistTickBody,
    run: tickChecklist,
  });
}
