import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { note, noteBody } from "@/lib/incidents/actions";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, { action: "incident-note", mutating: true, schema: noteBody, run: note });
}
