import { handleLaunchState } from "@/lib/http/handle-launch-state";

export const dynamic = "force-dynamic";

export function GET(req: Request) {
  return handleLaunchState(req);
}
