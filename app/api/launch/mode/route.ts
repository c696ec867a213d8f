import { handleLaunchRoute } from "@/lib/http/route-adapter";
import { screenModeBody, setScreenMode } from "@/lib/launch/set-screen-mode";

export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleLaunchRoute(req, {
    action: "screen-mode",
    mutating: true,
    schema: screenModeBody,
    run: setScreenMode,
  });
}
