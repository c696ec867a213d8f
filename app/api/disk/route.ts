import { diskViewQuery, getDiskViews } from "@/lib/http/disk-view-route";
import { handleLaunchRoute } from "@/lib/http/route-adapter";

export const dynamic = "force-dynamic";

/** What uses the watched disk now: its largest entries and `docker system df` (bounded, read-only). */
export function GET(req: Request) {
  return handleLaunchRoute(req, {
    action: "disk-view",
    mutating: false,
    schema: diskViewQuery,
    run: (ctx) => getDiskViews(ctx),
  });
}
