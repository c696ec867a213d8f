import "server-only";
import { readRequestMeta } from "@/lib/auth/request-meta";
import { getLaunchContext } from "@/lib/http/launch-context";
import { refusal } from "@/lib/http/route-adapter";
import { getLaunchState } from "@/lib/launch/get-launch-state";

/** GET /api/launch/state: public, like the board (the TV reads it without signing in). */
export async function handleLaunchState(req: Request): Promise<Response> {
  try {
    const state = await getLaunchState(await getLaunchContext());
    return Response.json(state, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return refusal(err, null, null, readRequestMeta(req), "launch-state", false);
  }
}
