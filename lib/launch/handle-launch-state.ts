import "server-only";
import { readRequestMeta } from "@/lib/auth/request-meta";
import { getLaunchState } from "@/lib/launch/get-launch-state";
import { getLaunchContext } from "@/lib/launch/launch-context";
import { refusal } from "@/lib/launch/route-adapter";

/** GET /api/launch/state: public, like the board (the TV reads it without signing in). */
export async function handleLaunchState(req: Request): Promise<Response> {
  try {
    const state = await getLaunchState(await getLaunchContext());
    return Response.json(state, { headers: { "Cache-Control": "no-store" } });
  } catch (err) {
    return refusal(err, null, null, readRequestMeta(req), "launch-state", false);
  }
}
